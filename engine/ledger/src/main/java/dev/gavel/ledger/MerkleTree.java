package dev.gavel.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 (section 2.1) Merkle Tree Hash, inclusion paths and consistency proofs over a list of
 * leaf hashes. Pure functions; the leaf-hash list is the caller's (a store reads it).
 */
public final class MerkleTree {
  private static final byte[] EMPTY_ROOT = LeafHash.sha256().digest();

  private MerkleTree() {}

  /** MTH(D[0:n]) over leaf hashes. */
  public static byte[] root(List<byte[]> leaves) {
    return root(leaves.size(), SubtreeHashes.of(leaves));
  }

  /** MTH(D[0:size]) from a source of perfect subtree hashes. */
  public static <E extends Exception> byte[] root(long size, SubtreeHashes<E> tree) throws E {
    if (size < 0) {
      throw new IllegalArgumentException("a tree size cannot be negative but got " + size);
    }
    return size == 0 ? EMPTY_ROOT.clone() : mth(0, size, tree);
  }

  /** MTH(D[from:to]) for a range RFC 9162's recursion reaches: split until each part is a perfect, aligned subtree. */
  private static <E extends Exception> byte[] mth(long from, long to, SubtreeHashes<E> tree) throws E {
    long n = to - from;
    if (Long.bitCount(n) == 1 && from % n == 0) {
      return tree.perfect(from, Long.numberOfTrailingZeros(n));
    }
    long k = largestPowerOfTwoBelow(n);
    return LeafHash.node(mth(from, from + k, tree), mth(from + k, to, tree));
  }

  /** The largest power of two strictly less than n (n >= 2). */
  static long largestPowerOfTwoBelow(long n) {
    long k = Long.highestOneBit(n);
    return k == n ? k >> 1 : k;
  }

  /** PATH(m, D[0:n]): the inclusion proof of leaf {@code index} in the first {@code leaves.size()} leaves. */
  public static List<byte[]> inclusionProof(int index, List<byte[]> leaves) {
    return inclusionProof(index, leaves.size(), SubtreeHashes.of(leaves));
  }

  /** PATH(index, D[0:size]) from a source of perfect subtree hashes. */
  public static <E extends Exception> List<byte[]> inclusionProof(long index, long size, SubtreeHashes<E> tree) throws E {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf index " + index + " is outside a tree of size " + size);
    }
    List<byte[]> out = new ArrayList<>();
    path(index, 0, size, tree, out);
    return out;
  }

  private static <E extends Exception> void path(long m, long from, long to, SubtreeHashes<E> tree, List<byte[]> out) throws E {
    long n = to - from;
    if (n <= 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(m, from, from + k, tree, out);
      out.add(mth(from + k, to, tree));
    } else {
      path(m - k, from + k, to, tree, out);
      out.add(mth(from, from + k, tree));
    }
  }

  /** PROOF(m, D[0:n]): the consistency proof between the first {@code size1} leaves and all of them. */
  public static List<byte[]> consistencyProof(int size1, List<byte[]> leaves) {
    return consistencyProof(size1, leaves.size(), SubtreeHashes.of(leaves));
  }

  /** PROOF(size1, D[0:size2]) from a source of perfect subtree hashes. */
  public static <E extends Exception> List<byte[]> consistencyProof(long size1, long size2, SubtreeHashes<E> tree) throws E {
    if (size1 < 0 || size1 > size2) {
      throw new IllegalArgumentException("size " + size1 + " is outside a tree of size " + size2);
    }
    List<byte[]> out = new ArrayList<>();
    if (size1 == 0 || size1 == size2) {
      return out;
    }
    subproof(size1, 0, size2, true, tree, out);
    return out;
  }

  private static <E extends Exception> void subproof(long m, long from, long to, boolean complete, SubtreeHashes<E> tree,
      List<byte[]> out) throws E {
    long n = to - from;
    if (m == n) {
      if (!complete) {
        out.add(mth(from, to, tree));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, from, from + k, complete, tree, out);
      out.add(mth(from + k, to, tree));
    } else {
      subproof(m - k, from + k, to, false, tree, out);
      out.add(mth(from, from + k, tree));
    }
  }
}
