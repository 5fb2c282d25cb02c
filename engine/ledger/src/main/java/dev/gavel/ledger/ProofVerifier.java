package dev.gavel.ledger;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Verification of RFC 9162 inclusion (2.1.3.2) and consistency (2.1.4.2) proofs. Returns the
 * failure reason, or empty when the proof is valid.
 */
public final class ProofVerifier {
  private ProofVerifier() {}

  public static Optional<String> inclusion(long index, long size, byte[] leafHash, List<byte[]> proofOrNull, byte[] root) {
    List<byte[]> proof = proofOrNull == null ? List.of() : proofOrNull;
    if (index < 0 || index >= size) {
      return Optional.of("leaf index " + index + " is outside a tree of size " + size);
    }
    if (!sized(leafHash) || !sized(root) || !proof.stream().allMatch(ProofVerifier::sized)) {
      return Optional.of("hashes must be 32 bytes");
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        return Optional.of("proof is longer than the tree allows");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = LeafHash.node(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = LeafHash.node(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      return Optional.of("proof is shorter than the tree requires");
    }
    return MessageDigest.isEqual(r, root) ? Optional.empty() : Optional.of("computed root does not match the expected root");
  }

  public static Optional<String> consistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proofOrNull) {
    List<byte[]> proof = proofOrNull == null ? List.of() : proofOrNull;
    if (size1 < 0 || size2 < size1) {
      return Optional.of("sizes must satisfy 0 <= size1 <= size2");
    }
    if (size1 == 0) {
      // Every tree is consistent with the empty one; such a "proof" proves nothing, so it is refused.
      return Optional.of("consistency from an empty tree proves nothing");
    }
    if (size1 == size2) {
      if (!proof.isEmpty()) {
        return Optional.of("proof must be empty for equal sizes");
      }
      return MessageDigest.isEqual(root1, root2) ? Optional.empty() : Optional.of("roots differ for equal sizes");
    }
    if (!sized(root1) || !sized(root2) || !proof.stream().allMatch(ProofVerifier::sized)) {
      return Optional.of("hashes must be 32 bytes");
    }
    if (proof.isEmpty()) {
      return Optional.of("proof is empty");
    }
    List<byte[]> path = proof;
    if (Long.bitCount(size1) == 1) {
      path = new java.util.ArrayList<>(proof);
      path.add(0, root1);
    }
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (int i = 1; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) {
        return Optional.of("proof is longer than the trees allow");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = LeafHash.node(c, fr);
        sr = LeafHash.node(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = LeafHash.node(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      return Optional.of("proof is shorter than the trees require");
    }
    if (!MessageDigest.isEqual(fr, root1)) {
      return Optional.of("proof does not reproduce the first root");
    }
    return MessageDigest.isEqual(sr, root2) ? Optional.empty() : Optional.of("proof does not reproduce the second root");
  }

  private static boolean sized(byte[] h) {
    return h != null && h.length == 32;
  }
}
