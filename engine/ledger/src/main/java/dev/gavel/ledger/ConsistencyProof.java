package dev.gavel.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 9162 consistency proof between the tree of {@code size1} leaves (root {@code root1}) and
 * the tree of {@code size2} leaves (root {@code root2}). JSON:
 * {@code {"size1", "size2", "root1", "root2", "proof": [...]}} with hex hashes.
 */
public record ConsistencyProof(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
  public ConsistencyProof {
    Objects.requireNonNull(root1, "root1");
    Objects.requireNonNull(root2, "root2");
    proof = List.copyOf(proof);
    if (size1 < 1 || size2 < size1) {
      throw new IllegalArgumentException("need 1 <= size1 <= size2 but got " + size1 + " and " + size2);
    }
  }

  /** Builds the proof between the first {@code size1} leaves and all of {@code leaves}. */
  public static ConsistencyProof of(long size1, List<byte[]> leaves) {
    return new ConsistencyProof(size1, leaves.size(), MerkleTree.root(leaves.subList(0, (int) size1)),
        MerkleTree.root(leaves), MerkleTree.consistencyProof((int) size1, leaves));
  }

  /** Builds the proof between the trees of {@code size1} and {@code size2} leaves from a source of subtree hashes. */
  public static <E extends Exception> ConsistencyProof of(long size1, long size2, SubtreeHashes<E> tree) throws E {
    if (size1 < 1 || size2 < size1) {
      throw new IllegalArgumentException("need 1 <= size1 <= size2 but got " + size1 + " and " + size2);
    }
    return new ConsistencyProof(size1, size2, MerkleTree.root(size1, tree), MerkleTree.root(size2, tree),
        MerkleTree.consistencyProof(size1, size2, tree));
  }

  public Optional<String> verify() {
    return ProofVerifier.consistency(size1, size2, root1, root2, proof);
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("size1", size1);
    o.put("size2", size2);
    o.put("root1", HexFormat.of().formatHex(root1));
    o.put("root2", HexFormat.of().formatHex(root2));
    InclusionProof.hexArray(o.putArray("proof"), proof);
    return o;
  }

  public static ConsistencyProof fromJson(JsonNode o) {
    return new ConsistencyProof(InclusionProof.number(o, "size1"), InclusionProof.number(o, "size2"),
        InclusionProof.hash(o, "root1"), InclusionProof.hash(o, "root2"), InclusionProof.hashes(o, "proof"));
  }
}
