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
    if (leaves.isEmpty()) {
      return EMPTY_ROOT.clone();
    }
    return mth(leaves, 0, leaves.size());
  }

  private static byte[] mth(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leaves.get(from);
    }
    int k = largestPowerOfTwoBelow(n);
    return LeafHash.node(mth(leaves, from, from + k), mth(leaves, from + k, to));
  }

  /** The largest power of two strictly less than n (n >= 2). */
  static int largestPowerOfTwoBelow(int n) {
    int k = Integer.highestOneBit(n);
    return k == n ? k >> 1 : k;
  }

  /** PATH(m, D[0:n]): the inclusion proof of leaf {@code index} in the first {@code leaves.size()} leaves. */
  public static List<byte[]> inclusionProof(int index, List<byte[]> leaves) {
    if (index < 0 || index >= leaves.size()) {
      throw new IllegalArgumentException("leaf index " + index + " is outside a tree of size " + leaves.size());
    }
    List<byte[]> out = new ArrayList<>();
    path(index, leaves, 0, leaves.size(), out);
    return out;
  }

  private static void path(int m, List<byte[]> leaves, int from, int to, List<byte[]> out) {
    int n = to - from;
    if (n <= 1) {
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(m, leaves, from, from + k, out);
      out.add(mth(leaves, from + k, to));
    } else {
      path(m - k, leaves, from + k, to, out);
      out.add(mth(leaves, from, from + k));
    }
  }

  /** PROOF(m, D[0:n]): the consistency proof between the first {@code size1} leaves and all of them. */
  public static List<byte[]> consistencyProof(int size1, List<byte[]> leaves) {
    int n = leaves.size();
    if (size1 < 0 || size1 > n) {
      throw new IllegalArgumentException("size " + size1 + " is outside a tree of size " + n);
    }
    List<byte[]> out = new ArrayList<>();
    if (size1 == 0 || size1 == n) {
      return out;
    }
    subproof(size1, leaves, 0, n, true, out);
    return out;
  }

  private static void subproof(int m, List<byte[]> leaves, int from, int to, boolean complete, List<byte[]> out) {
    int n = to - from;
    if (m == n) {
      if (!complete) {
        out.add(mth(leaves, from, to));
      }
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, leaves, from, from + k, complete, out);
      out.add(mth(leaves, from + k, to));
    } else {
      subproof(m - k, leaves, from + k, to, false, out);
      out.add(mth(leaves, from, from + k));
    }
  }
}
