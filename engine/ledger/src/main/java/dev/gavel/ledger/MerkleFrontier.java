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

  public long size() {
    return size;
  }

  public void append(byte[] leafHash) {
    if (leafHash == null || leafHash.length != 32) {
      throw new IllegalArgumentException("leaf hash must be 32 bytes");
    }
    byte[] carry = leafHash;
    long s = size;
    // Merge equal-height subtrees like a binary counter adds one.
    while ((s & 1) == 1) {
      carry = LeafHash.node(subtrees.remove(subtrees.size() - 1), carry);
      s >>= 1;
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
