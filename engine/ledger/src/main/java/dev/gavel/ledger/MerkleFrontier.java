package dev.gavel.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of an append-only RFC 6962 tree: one perfect-subtree hash per set bit of the
 * size, so an append costs O(log n) and the root at the current size needs no stored leaves.
 */
public final class MerkleFrontier {
  /** Subtree roots, largest (leftmost) first. */
  private final List<byte[]> subtrees = new ArrayList<>();
  private long size;

  /** An independent copy, so a batch can be rolled back. */
  public MerkleFrontier copy() {
    MerkleFrontier f = new MerkleFrontier();
    f.subtrees.addAll(subtrees);
    f.size = size;
    return f;
  }

  /**
   * The frontier as stored beside a ledger, so opening it costs O(log n): the subtree hashes,
   * largest first, concatenated (32 bytes each, one per set bit of the size).
   */
  public byte[] encode() {
    byte[] out = new byte[subtrees.size() * 32];
    for (int i = 0; i < subtrees.size(); i++) {
      System.arraycopy(subtrees.get(i), 0, out, i * 32, 32);
    }
    return out;
  }

  /** The frontier of a tree of {@code size} leaves from {@link #encode()}; IllegalArgumentException when they disagree. */
  public static MerkleFrontier decode(long size, byte[] encoded) {
    if (size < 0 || encoded == null || encoded.length != 32 * Long.bitCount(size)) {
      throw new IllegalArgumentException("a frontier of a tree of size " + size + " needs " + 32 * Long.bitCount(Math.max(0, size))
          + " bytes but got " + (encoded == null ? "none" : encoded.length));
    }
    MerkleFrontier f = new MerkleFrontier();
    for (int i = 0; i < encoded.length; i += 32) {
      f.subtrees.add(java.util.Arrays.copyOfRange(encoded, i, i + 32));
    }
    f.size = size;
    return f;
  }

  public long size() {
    return size;
  }

  public void append(byte[] leafHash) {
    append(leafHash, null);
  }

  /** Told of each perfect subtree an append completes: its first leaf, its height (1 or more) and its hash. */
  @FunctionalInterface
  public interface Completed {
    void subtree(long start, int level, byte[] hash);
  }

  /** Appends a leaf, telling {@code completed} (when not null) of every perfect subtree the leaf completes, smallest first. */
  public void append(byte[] leafHash, Completed completed) {
    if (leafHash == null || leafHash.length != 32) {
      throw new IllegalArgumentException("leaf hash must be 32 bytes");
    }
    byte[] carry = leafHash;
    long s = size;
    int level = 0;
    // Merge equal-height subtrees like a binary counter adds one.
    while ((s & 1) == 1) {
      carry = LeafHash.node(subtrees.remove(subtrees.size() - 1), carry);
      s >>= 1;
      level++;
      if (completed != null) {
        completed.subtree(size + 1 - (1L << level), level, carry);
      }
    }
    subtrees.add(carry);
    size++;
  }

  /** MTH of all appended leaves. */
  public byte[] root() {
    if (subtrees.isEmpty()) {
      return MerkleTree.root(List.of());
    }
    byte[] acc = subtrees.get(subtrees.size() - 1);
    for (int i = subtrees.size() - 2; i >= 0; i--) {
      acc = LeafHash.node(subtrees.get(i), acc);
    }
    return acc;
  }
}
