package dev.gavel.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 9162 inclusion proof of leaf {@code index} in the tree of {@code treeSize} leaves whose
 * root is {@code rootHash}. Its one JSON shape (hex hashes) is what `gavel ledger proof` prints,
 * what partial exports carry and what the HTTP API returns:
 * {@code {"index", "treeSize", "leafHash", "rootHash", "proof": [...]}}.
 */
public record InclusionProof(long index, long treeSize, byte[] leafHash, byte[] rootHash, List<byte[]> proof) {
  public InclusionProof {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(rootHash, "rootHash");
    proof = List.copyOf(proof);
    if (index < 0 || index >= treeSize) {
      throw new IllegalArgumentException("leaf index " + index + " is outside a tree of size " + treeSize);
    }
  }

  /** Builds the proof of {@code index} from the first {@code leaves.size()} leaf hashes. */
  public static InclusionProof of(long index, List<byte[]> leaves) {
    return new InclusionProof(index, leaves.size(), leaves.get((int) index), MerkleTree.root(leaves),
        MerkleTree.inclusionProof((int) index, leaves));
  }

  /** Builds the proof of {@code index} in the tree of {@code treeSize} leaves from a source of subtree hashes. */
  public static <E extends Exception> InclusionProof of(long index, long treeSize, SubtreeHashes<E> tree) throws E {
    if (index < 0 || index >= treeSize) {
      throw new IllegalArgumentException("leaf index " + index + " is outside a tree of size " + treeSize);
    }
    return new InclusionProof(index, treeSize, tree.perfect(index, 0), MerkleTree.root(treeSize, tree),
        MerkleTree.inclusionProof(index, treeSize, tree));
  }

  /** Empty when the path leads from the leaf to the root; otherwise why not. */
  public Optional<String> verify() {
    return ProofVerifier.inclusion(index, treeSize, leafHash, proof, rootHash);
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("index", index);
    o.put("treeSize", treeSize);
    o.put("leafHash", HexFormat.of().formatHex(leafHash));
    o.put("rootHash", HexFormat.of().formatHex(rootHash));
    hexArray(o.putArray("proof"), proof);
    return o;
  }

  /** Reads the JSON shape; IllegalArgumentException naming the field that is missing or not hex. */
  public static InclusionProof fromJson(JsonNode o) {
    return new InclusionProof(number(o, "index"), number(o, "treeSize"), hash(o, "leafHash"), hash(o, "rootHash"),
        hashes(o, "proof"));
  }

  static void hexArray(ArrayNode a, List<byte[]> hashes) {
    hashes.forEach(h -> a.add(HexFormat.of().formatHex(h)));
  }

  static long number(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.canConvertToLong() || !n.isIntegralNumber()) {
      throw new IllegalArgumentException("proof field " + field + " must be an integer");
    }
    return n.longValue();
  }

  static byte[] hash(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("proof field " + field + " must be a hex string");
    }
    return hex(n.textValue(), field);
  }

  static List<byte[]> hashes(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isArray()) {
      throw new IllegalArgumentException("proof field " + field + " must be an array of hex strings");
    }
    List<byte[]> out = new ArrayList<>();
    for (JsonNode h : n) {
      if (!h.isTextual()) {
        throw new IllegalArgumentException("proof field " + field + " must be an array of hex strings");
      }
      out.add(hex(h.textValue(), field));
    }
    return out;
  }

  private static byte[] hex(String s, String field) {
    try {
      byte[] b = HexFormat.of().parseHex(s);
      if (b.length != 32) {
        throw new IllegalArgumentException("proof field " + field + " must hold 32-byte hashes");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("proof field " + field + " must hold 32-byte hex hashes");
    }
  }
}
