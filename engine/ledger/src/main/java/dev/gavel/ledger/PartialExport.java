package dev.gavel.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.CanonicalJson;
import dev.gavel.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A filtered ledger export that stays verifiable without the rest of the ledger: a header line
 * carrying the signed checkpoint, then one line per selected entry with its exact canonical bytes
 * and its {@link InclusionProof} against that checkpoint. JSON Lines:
 * <pre>
 * {"format":"gavel-partial-export/v2","checkpoint":"&lt;signed note&gt;","filter":{...}}
 * {"index":7,"entry":"&lt;canonical entry text&gt;","inclusionProof":{"index":7,"treeSize":..,...}}
 * </pre>
 * Version 2 carries proofs in the one {@link InclusionProof} JSON shape; version 1 files are
 * refused with a message saying to export again.
 */
public final class PartialExport {
  public static final String FORMAT = "gavel-partial-export/v2";
  private static final String FORMAT_PREFIX = "gavel-partial-export/";

  private PartialExport() {}

  public static String header(String signedCheckpoint, JsonNode filter) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("format", FORMAT);
    o.put("checkpoint", signedCheckpoint);
    o.set("filter", filter);
    return o.toString();
  }

  public static String line(byte[] canonical, InclusionProof proof) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("index", proof.index());
    o.put("entry", new String(canonical, StandardCharsets.UTF_8));
    o.set("inclusionProof", proof.toJson());
    return o.toString();
  }

  /** True when the first line of an export says it is a partial export (of any version). */
  public static boolean isPartial(String firstLine) {
    try {
      return Json.read(firstLine).path("format").asText("").startsWith(FORMAT_PREFIX);
    } catch (Json.ParseException e) {
      return false;
    }
  }

  /** What a passed verification covered. */
  public record Summary(long entries, Checkpoint checkpoint, long attestations) {}

  /**
   * Verifies a partial export: the checkpoint's signature under the key history anchored in
   * {@code key}; for every entry, that its bytes are canonical, its index is the one it claims, its
   * inclusion proof leads from its leaf hash to the signed root, a decision's attestation is signed
   * by the key in force at its index, and {@code check} accepts it. Indexes must increase.
   */
  public static Verdict<Summary> verify(List<String> lines, NoteVerifier key, EntryCheck check) {
    if (lines.isEmpty()) {
      return Verdict.fail(-1, "export.empty", "the export has no header line");
    }
    JsonNode header;
    try {
      header = Json.read(lines.get(0));
    } catch (Json.ParseException e) {
      return Verdict.fail(-1, "export.not_partial", "the first line is not JSON: " + e.located());
    }
    String format = header.path("format").asText("");
    if (!format.equals(FORMAT)) {
      return Verdict.fail(-1, "export.not_partial", format.startsWith(FORMAT_PREFIX)
          ? "the export is " + format + ", made by an older Gavel; export it again to get " + FORMAT
          : "the first line is not a " + FORMAT + " header");
    }
    List<JsonNode> parsed = new ArrayList<>();
    List<KeyRotation> rotations = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        JsonNode line = Json.read(lines.get(i));
        parsed.add(line);
        // Key rotations are always exported, so every signature can be checked with the key in
        // force at its index; their own inclusion proofs are checked below like any line's.
        JsonNode e = Json.read(line.path("entry").asText(""));
        if (e.path("type").asText().equals("key-rotation")) {
          rotations.add(KeyRotation.fromEntry(e));
        }
      } catch (Json.ParseException | IllegalArgumentException e) {
        return Verdict.fail(parsed.isEmpty() ? 0 : parsed.get(parsed.size() - 1).path("index").asLong(-1) + 1,
            "export.unparseable", "line " + (i + 1) + " is not a partial-export line: " + e.getMessage());
      }
    }
    Verdict<KeyHistory> history = KeyHistory.of(key, rotations);
    if (!history.passed()) {
      return Verdict.fail(history.failure());
    }
    KeyHistory keys = history.value();
    Checkpoint cp;
    try {
      String note = header.path("checkpoint").asText("");
      cp = Checkpoint.parse(keys.keyAt(Checkpoint.claimedBy(note).size() - 1).open(note));
    } catch (IllegalArgumentException e) {
      return Verdict.fail(-1, "checkpoint.bad_signature", "the export's checkpoint does not verify: " + e.getMessage());
    }
    long last = -1;
    long attestations = 0;
    for (JsonNode line : parsed) {
      long index = line.path("index").asLong(-1);
      byte[] bytes = line.path("entry").asText("").getBytes(StandardCharsets.UTF_8);
      if (index <= last || index >= cp.size()) {
        return Verdict.fail(index, "export.index_out_of_order",
            "index " + index + " is not after " + last + " and inside the checkpoint's tree of size " + cp.size());
      }
      JsonNode entry;
      try {
        entry = Json.read(bytes);
      } catch (Json.ParseException e) {
        return Verdict.fail(index, "chain.unparseable", "the entry is not JSON: " + e.located());
      }
      if (entry.path("index").asLong(-1) != index) {
        return Verdict.fail(index, "export.index_mismatch", "the entry says it is index " + entry.path("index").asText("?"));
      }
      if (!Arrays.equals(CanonicalJson.canonicalize(entry), bytes)) {
        return Verdict.fail(index, "chain.not_canonical", "the entry bytes are not RFC 8785 canonical JSON");
      }
      InclusionProof proof;
      try {
        proof = InclusionProof.fromJson(line.path("inclusionProof"));
      } catch (IllegalArgumentException e) {
        return Verdict.fail(index, "inclusion.unparseable", e.getMessage());
      }
      String bad = proof.index() != index || proof.treeSize() != cp.size() ? "the proof is for leaf " + proof.index()
          + " of a tree of size " + proof.treeSize() + ", not for this entry in the signed tree"
          : !MessageDigest.isEqual(proof.rootHash(), cp.root()) ? "the proof's root is not the signed root"
          : !MessageDigest.isEqual(proof.leafHash(), LeafHash.leaf(bytes)) ? "the proof's leaf hash is not this entry's"
          : proof.verify().orElse(null);
      if (bad != null) {
        return Verdict.fail(index, "inclusion.proof_mismatch", "the entry is not in the signed tree: " + bad);
      }
      JsonNode att = entry.path("payload").get("attestation");
      if (att != null) {
        attestations++;
        if (!Dsse.verify(att, keys.keyAt(index).publicKey())) {
          return Verdict.fail(index, "attestation.bad_signature", "the " + entry.path("type").asText() + " attestation is not signed by the key in force at its index");
        }
      }
      var content = check.check(index, entry);
      if (content.isPresent()) {
        return Verdict.fail(content.get());
      }
      last = index;
    }
    return Verdict.pass(new Summary(parsed.size(), cp, attestations));
  }
}
