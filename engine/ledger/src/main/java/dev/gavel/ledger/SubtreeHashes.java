package dev.gavel.ledger;

import java.util.List;

/**
 * Where the proof algorithms of {@link MerkleTree} get the hash of a perfect subtree: the leaves
 * {@code [start, start + 2^level)}, with {@code start} a multiple of {@code 2^level}. Every range
 * RFC 9162's MTH, PATH and PROOF recursions hash splits into O(log n) such subtrees, so a store
 * that keeps some subtree hashes answers a proof with O(log n) small reads instead of reading all
 * leaves. {@code E} is what the source may throw (a store's read failure).
 */
@FunctionalInterface
public interface SubtreeHashes<E extends Exception> {
  /** MTH(D[start : start + 2^level]); the caller guarantees alignment and that every leaf exists. */
  byte[] perfect(long start, int level) throws E;

  /** The subtrees of leaf hashes held in memory (level 0 is a leaf). */
  static SubtreeHashes<RuntimeException> of(List<byte[]> leaves) {
    return (start, level) -> perfectOf(leaves, start, level);
  }

  /**
   * The subtrees of leaf hashes held in memory, every level computed once (2n hashes): for many
   * proofs over one tree, each then costs O(log n).
   */
  static SubtreeHashes<RuntimeException> levels(List<byte[]> leaves) {
    List<List<byte[]>> levels = new java.util.ArrayList<>();
    levels.add(leaves);
    for (List<byte[]> below = leaves; below.size() >= 2; below = levels.get(levels.size() - 1)) {
      List<byte[]> up = new java.util.ArrayList<>(below.size() / 2);
      for (int i = 0; i + 1 < below.size(); i += 2) {
        up.add(LeafHash.node(below.get(i), below.get(i + 1)));
      }
      levels.add(up);
    }
    return (start, level) -> levels.get(level).get(Math.toIntExact(start >> level));
  }

  /** The hash of a perfect subtree from its leaf hashes {@code leaves[start : start + 2^level]}. */
  static byte[] perfectOf(List<byte[]> leaves, long start, int level) {
    if (level == 0) {
      return leaves.get(Math.toIntExact(start));
    }
    long half = 1L << (level - 1);
    return LeafHash.node(perfectOf(leaves, start, level - 1), perfectOf(leaves, start + half, level - 1));
  }

  /** The hash of a perfect tree over {@code nodes} (a power of two of them, each a perfect subtree of one height). */
  static byte[] perfectOver(List<byte[]> nodes) {
    int n = nodes.size();
    if (n == 0 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("a perfect tree needs a power of two of subtrees but got " + n);
    }
    return perfectOf(nodes, 0, Integer.numberOfTrailingZeros(n));
  }
}
