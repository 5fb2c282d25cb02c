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
    JsonNode attestation) {

  public Decision {
    reasons = List.copyOf(reasons);
    warnings = List.copyOf(warnings);
    obligations = List.copyOf(obligations);
  }

  /** The JSON form of DESIGN 3.2. */
  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("decisionId", decisionId);
    o.put("timestamp", timestamp);
    o.put("allow", allow);
    o.set("reasons", reasonsJson(reasons));
    o.set("warnings", reasonsJson(warnings));
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
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (Reason r : rs) {
      ObjectNode o = a.addObject();
      o.put("code", r.code());
      o.put("message", r.message());
      if (r.policy() != null) {
        o.put("policy", r.policy());
      }
    }
    return a;
  }

  /** A summary a release engineer reads at a glance. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(allow ? "ALLOWED" : "DENIED").append("  ").append(model).append('@').append(version)
        .append("  (tier ").append(riskTier).append(")\n");
    if (!reasons.isEmpty()) {
      sb.append("reasons:\n");
      for (Reason r : reasons) {
        sb.append("  - ").append(r.code()).append(": ").append(r.message());
        if (r.policy() != null) {
          sb.append("  [").append(r.policy()).append(']');
        }
        sb.append('\n');
      }
    }
    if (!warnings.isEmpty()) {
      sb.append("warnings:\n");
      for (Reason r : warnings) {
        sb.append("  - ").append(r.code()).append(": ").append(r.message()).append('\n');
      }
    }
    sb.append("decision ").append(decisionId).append(" at ").append(timestamp).append('\n');
    sb.append("policy   ").append(policyRevision).append(" (").append(policySource).append(")\n");
    sb.append("ledger   entry ").append(ledgerIndex).append(", ").append(entryHash).append(", tree size ").append(treeSize).append('\n');
    return sb.toString();
  }
}
