package dev.gavel.ledger;

import dev.gavel.json.CanonicalJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A filtered ledger export that stays verifiable without the rest of the ledger: a header line
 * carrying the signed checkpoint, then one line per selected entry with its exact canonical bytes
 * and its RFC 9162 inclusion proof against that checkpoint. JSON Lines:
 * <pre>
 * {"format":"gavel-partial-export/v1","checkpoint":"&lt;signed note&gt;","filter":{...}}
 * {"index":7,"entry":"&lt;canonical entry text&gt;","inclusionProof":["&lt;hex&gt;",...]}
 * </pre>
 */
public final class PartialExport {
  public static final String FORMAT = "gavel-partial-export/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PartialExport() {}

  public static String header(String signedCheckpoint, JsonNode filter) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("format", FORMAT);
    o.put("checkpoint", signedCheckpoint);
    o.set("filter", filter);
    return o.toString();
  }

  public static String line(long index, byte[] canonical, List<byte[]> proof) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("index", index);
    o.put("entry", new String(canonical, StandardCharsets.UTF_8));
    ArrayNode p = o.putArray("inclusionProof");
    proof.forEach(h -> p.add(HexFormat.of().formatHex(h)));
    return o.toString();
  }

  /** True when the first line of an export says it is a partial export. */
  public static boolean isPartial(String firstLine) {
    try {
      return JSON.readTree(firstLine).path("format").asText("").equals(FORMAT);
    } catch (IOException e) {
      return false;
    }
  }

  /** What a passed verification covered. */
  public record Summary(long entries, Checkpoint checkpoint, long attestations) {}

  /**
   * Verifies a partial export: the checkpoint's signature under {@code key}; for every entry, that
   * its bytes are canonical, its index is the one it claims, its inclusion proof leads to the
   * signed root, and a decision's attestation is signed by the same key. Indexes must increase.
   * Returns the first failure, or empty with the summary in {@code out[0]}.
   */
  public static Optional<ChainFailure> verify(List<String> lines, NoteVerifier key, Summary[] out) {
    if (lines.isEmpty()) {
      return Optional.of(new ChainFailure(-1, "export.empty", "the export has no header line"));
    }
    // Key rotations are always exported, so attestations and the checkpoint can be checked with
    // the key in force at their index; their own inclusion proofs are checked below like any line.
    java.util.List<KeyRotation> rotations = new java.util.ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      try {
        JsonNode e = JSON.readTree(JSON.readTree(l).path("entry").asText(""));
        if (e.path("type").asText().equals("key-rotation")) {
          rotations.add(KeyRotation.fromEntry(e));
        }
      } catch (IOException | IllegalArgumentException e) {
        // reported when the line is verified
      }
    }
    ChainFailure[] keyProblem = new ChainFailure[1];
    KeyHistory keys = KeyHistory.of(key, rotations, keyProblem);
    if (keyProblem[0] != null) {
      return Optional.of(keyProblem[0]);
    }
    Checkpoint cp;
    try {
      JsonNode header = JSON.readTree(lines.get(0));
      if (!header.path("format").asText("").equals(FORMAT)) {
        return Optional.of(new ChainFailure(-1, "export.not_partial", "the first line is not a " + FORMAT + " header"));
      }
      String note = header.path("checkpoint").asText("");
      cp = Checkpoint.parse(keys.keyAt(Checkpoint.claimedBy(note).size() - 1).open(note));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of(new ChainFailure(-1, "checkpoint.bad_signature", "the export's checkpoint does not verify: "
          + e.getMessage()));
    }
    long last = -1;
    long attestations = 0;
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JsonNode line;
      try {
        line = JSON.readTree(lines.get(i));
      } catch (IOException e) {
        return Optional.of(new ChainFailure(last + 1, "export.unparseable", "line " + (i + 1) + " is not JSON"));
      }
      long index = line.path("index").asLong(-1);
      byte[] bytes = line.path("entry").asText("").getBytes(StandardCharsets.UTF_8);
      if (index <= last || index >= cp.size()) {
        return Optional.of(new ChainFailure(index, "export.index_out_of_order",
            "index " + index + " is not after " + last + " and inside the checkpoint's tree of size " + cp.size()));
      }
      JsonNode entry;
      try {
        entry = JSON.readTree(bytes);
      } catch (IOException e) {
        return Optional.of(new ChainFailure(index, "chain.unparseable", "the entry is not JSON"));
      }
      if (entry.path("index").asLong(-1) != index) {
        return Optional.of(new ChainFailure(index, "export.index_mismatch", "the entry says it is index "
            + entry.path("index").asText("?")));
      }
      if (!java.util.Arrays.equals(CanonicalJson.canonicalize(entry), bytes)) {
        return Optional.of(new ChainFailure(index, "chain.not_canonical", "the entry bytes are not RFC 8785 canonical JSON"));
      }
      java.util.ArrayList<byte[]> proof = new java.util.ArrayList<>();
      try {
        for (JsonNode h : line.path("inclusionProof")) {
          proof.add(HexFormat.of().parseHex(h.asText()));
        }
      } catch (IllegalArgumentException e) {
        return Optional.of(new ChainFailure(index, "inclusion.unparseable", "the inclusion proof is not hex"));
      }
      String bad = ProofVerifier.inclusion(index, cp.size(), LeafHash.leaf(bytes), proof, cp.root());
      if (bad != null) {
        return Optional.of(new ChainFailure(index, "inclusion.proof_mismatch", "the entry is not in the signed tree: " + bad));
      }
      JsonNode att = entry.path("payload").get("attestation");
      if (att != null) {
        attestations++;
        if (!Dsse.verify(att, keys.keyAt(index).publicKey())) {
          return Optional.of(new ChainFailure(index, "attestation.bad_signature",
              "the decision attestation is not signed by the key in force at its index"));
        }
      }
      last = index;
    }
    out[0] = new Summary(lines.stream().skip(1).filter(l -> !l.isBlank()).count(), cp, attestations);
    return Optional.empty();
  }
}
