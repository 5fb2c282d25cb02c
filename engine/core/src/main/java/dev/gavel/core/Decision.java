package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A signed-off release decision (DESIGN 3.2). {@code ledgerIndex}/{@code entryHash}/{@code treeSize}
 * say where it was recorded; a Decision exists only after its ledger entry is durable.
 */
public record Decision(
    String decisionId,
    String timestamp,
    String evaluatedAt,
    boolean allow,
    List<Reason> reasons,
    List<Reason> warnings,
    List<JsonNode> obligations,
    String requestDigest,
    String model,
    String version,
    String riskTier,
    String policyRevision,
    String policySource,
    long ledgerIndex,
    String entryHash,
    long treeSize,
    JsonNode attestation,
    JsonNode evidence) {

  public Decision {
    reasons = List.copyOf(reasons);
    warnings = List.copyOf(warnings);
    obligations = List.copyOf(obligations);
  }

  /** The JSON form of DESIGN 3.2. */
  public ObjectNode toJson() {
    return toJson(false);
  }

  /** The JSON form; with {@code explain}, each reason lists the rules (file:line) that produced it. */
  public ObjectNode toJson(boolean explain) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("decisionId", decisionId);
    o.put("timestamp", timestamp);
    if (!evaluatedAt.equals(timestamp)) {
      o.put("evaluatedAt", evaluatedAt);
    }
    o.put("allow", allow);
    o.set("reasons", reasonsJson(reasons, explain));
    o.set("warnings", reasonsJson(warnings, explain));
    ArrayNode obl = f.arrayNode();
    obligations.forEach(obl::add);
    o.set("obligations", obl);
    o.set("request", requestSummary());
    ObjectNode policy = o.putObject("policy");
    policy.put("revision", policyRevision);
    policy.put("source", policySource);
    ObjectNode ledger = o.putObject("ledger");
    ledger.put("index", ledgerIndex);
    ledger.put("entryHash", entryHash);
    ledger.put("treeSize", treeSize);
    if (attestation != null) {
      o.set("attestation", attestation);
    }
    if (explain && evidence != null) {
      o.set("evidence", evidence);
    }
    return o;
  }

  ObjectNode requestSummary() {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("digest", requestDigest);
    r.put("model", model);
    r.put("version", version);
    r.put("riskTier", riskTier);
    return r;
  }

  static ArrayNode reasonsJson(List<Reason> rs) {
    return reasonsJson(rs, false);
  }

  static ArrayNode reasonsJson(List<Reason> rs, boolean explain) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (Reason r : rs) {
      ObjectNode o = a.addObject();
      o.put("code", r.code());
      o.put("message", r.message());
      if (r.policy() != null) {
        o.put("policy", r.policy());
      }
      if (explain) {
        ArrayNode origins = o.putArray("origins");
        r.origins().forEach(origins::add);
      }
    }
    return a;
  }

  /** A summary a release engineer reads at a glance. */
  public String toText() {
    return toText(false);
  }

  /** The text summary; with {@code explain}, each reason is followed by the rules that produced it. */
  public String toText(boolean explain) {
    StringBuilder sb = new StringBuilder();
    sb.append(allow ? "ALLOWED" : "DENIED").append("  ").append(model).append('@').append(version)
        .append("  (tier ").append(riskTier).append(")\n");
    if (evidence != null) {
      sb.append(EvidenceSummary.text(evidence));
    }
    if (!reasons.isEmpty()) {
      sb.append("reasons:\n");
      for (Reason r : reasons) {
        sb.append("  - ").append(r.code()).append(": ").append(r.message());
        if (r.policy() != null) {
          sb.append("  [").append(r.policy()).append(']');
        }
        sb.append('\n');
        if (explain) {
          if (r.origins().isEmpty()) {
            sb.append("      from: (no partial rule produced it; set by the decision rule itself)\n");
          }
          for (String o : r.origins()) {
            sb.append("      from ").append(o).append('\n');
          }
        }
      }
    }
    if (!warnings.isEmpty()) {
      sb.append("warnings:\n");
      for (Reason r : warnings) {
        sb.append("  - ").append(r.code()).append(": ").append(r.message()).append('\n');
      }
    }
    sb.append("decision ").append(decisionId).append(" at ").append(timestamp).append('\n');
    if (!evaluatedAt.equals(timestamp)) {
      sb.append("evaluated as of ").append(evaluatedAt).append('\n');
    }
    sb.append("policy   ").append(policyRevision).append(" (").append(policySource).append(")\n");
    sb.append("ledger   entry ").append(ledgerIndex).append(", ").append(entryHash).append(", tree size ").append(treeSize).append('\n');
    return sb.toString();
  }
}
