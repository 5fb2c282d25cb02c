package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.MaskOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A release decision (DESIGN 3.2), the only writer and reader of its JSON forms: the ledger payload
 * ({@link #toPayload}, {@link #fromPayload}), the API document ({@link #toJson}) and, through them,
 * exports, replay and the store's index columns. Built once per decision by the release gate.
 * {@code input} and {@code verified} are the request and the verified facts as stored (after
 * masking; {@code masked} lists what was hidden). {@code ledger} is null until the entry is durable.
 */
public record Decision(
    String decisionId,
    String timestamp,
    String evaluatedAt,
    boolean allow,
    List<Reason> reasons,
    List<Reason> warnings,
    List<JsonNode> obligations,
    RequestSummary request,
    PolicyRef policy,
    JsonNode input,
    JsonNode verified,
    List<MaskOperation> masked,
    JsonNode attestation,
    LedgerPosition ledger) {

  public Decision {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    reasons = List.copyOf(reasons);
    warnings = List.copyOf(warnings);
    obligations = List.copyOf(obligations);
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(policy, "policy");
    masked = List.copyOf(masked);
  }

  /** Which policy decided: its revision, where it came from, its activation entry (-1: none), and the evaluator. */
  public record PolicyRef(String revision, String source, long activation, String evaluator) {
    public PolicyRef {
      Objects.requireNonNull(revision, "revision");
      Objects.requireNonNull(source, "source");
    }
  }

  /** Where the decision was recorded; the tree size right after it is {@code index + 1}. */
  public record LedgerPosition(long index, String entryHash) {
    public long treeSize() {
      return index + 1;
    }
  }

  public Decision withAttestation(JsonNode envelope) {
    return new Decision(decisionId, timestamp, evaluatedAt, allow, reasons, warnings, obligations, request, policy, input,
        verified, masked, envelope, ledger);
  }

  public Decision recordedAt(LedgerPosition position) {
    return new Decision(decisionId, timestamp, evaluatedAt, allow, reasons, warnings, obligations, request, policy, input,
        verified, masked, attestation, position);
  }

  /** The payload of the {@code decision} ledger entry (the recording time is the entry's own). */
  public ObjectNode toPayload() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("decisionId", decisionId);
    p.put("evaluatedAt", evaluatedAt);
    p.put("allow", allow);
    p.set("reasons", Reason.toJson(reasons, false));
    p.set("warnings", Reason.toJson(warnings, false));
    ArrayNode obl = p.putArray("obligations");
    obligations.forEach(obl::add);
    p.set("request", request.toPayload());
    p.set("input", input);
    p.set("verified", verified);
    if (!masked.isEmpty()) {
      ArrayNode m = p.putArray("masked");
      masked.forEach(op -> m.addObject().put("op", op.op()).put("path", op.path()));
    }
    ObjectNode pol = p.putObject("policy");
    pol.put("revision", policy.revision());
    pol.put("source", policy.source());
    pol.put("activation", policy.activation());
    if (policy.evaluator() != null) {
      pol.put("evaluator", policy.evaluator());
    }
    if (attestation != null) {
      p.set("attestation", attestation);
    }
    return p;
  }

  /** Reads a decision entry's payload; {@code timestamp} is the entry's recording time. */
  public static Decision fromPayload(JsonNode p, String timestamp) {
    JsonNode pol = p.path("policy");
    List<MaskOperation> masked = new ArrayList<>();
    for (JsonNode m : p.path("masked")) {
      masked.add(new MaskOperation(m.path("op").asText(), m.path("path").asText()));
    }
    List<JsonNode> obligations = new ArrayList<>();
    p.path("obligations").forEach(obligations::add);
    return new Decision(p.path("decisionId").asText(""), timestamp, p.path("evaluatedAt").asText(timestamp),
        p.path("allow").asBoolean(false), Reason.fromJson(p.path("reasons")), Reason.fromJson(p.path("warnings")), obligations,
        RequestSummary.fromPayload(p.path("request")),
        new PolicyRef(pol.path("revision").asText(""), pol.path("source").asText(""), pol.path("activation").asLong(-1),
            pol.path("evaluator").asText(null)),
        p.get("input"), p.get("verified"), masked, p.get("attestation"), null);
  }

  /** Reads a parsed canonical {@code decision} entry with its recorded hash. */
  public static Decision fromEntry(JsonNode entry, String entryHash) {
    if (!"decision".equals(entry.path("type").asText())) {
      throw new IllegalArgumentException("entry " + entry.path("index").asText() + " is a " + entry.path("type").asText()
          + " entry, not a decision");
    }
    return fromPayload(entry.path("payload"), entry.path("timestamp").asText())
        .recordedAt(new LedgerPosition(entry.path("index").asLong(), entryHash));
  }

  /** The API document (DESIGN 3.2). */
  public ObjectNode toJson() {
    return toJson(false);
  }

  /**
   * The API document; with {@code explain}, each reason lists the rules (file:line) that produced
   * it and {@code evidence} holds the verified facts.
   */
  public ObjectNode toJson(boolean explain) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("decisionId", decisionId);
    o.put("timestamp", timestamp);
    if (!evaluatedAt.equals(timestamp)) {
      o.put("evaluatedAt", evaluatedAt);
    }
    o.put("allow", allow);
    o.set("reasons", Reason.toJson(reasons, explain));
    o.set("warnings", Reason.toJson(warnings, explain));
    ArrayNode obl = o.putArray("obligations");
    obligations.forEach(obl::add);
    o.set("request", request.toJson());
    ObjectNode pol = o.putObject("policy");
    pol.put("revision", policy.revision());
    pol.put("source", policy.source());
    if (ledger != null) {
      ObjectNode l = o.putObject("ledger");
      l.put("index", ledger.index());
      l.put("entryHash", ledger.entryHash());
      l.put("treeSize", ledger.treeSize());
    }
    if (attestation != null) {
      o.set("attestation", attestation);
    }
    if (!masked.isEmpty()) {
      ArrayNode m = o.putArray("masked");
      masked.forEach(op -> m.addObject().put("op", op.op()).put("path", op.path()));
    }
    if (explain && verified != null) {
      o.set("evidence", verified);
    }
    return o;
  }

  /** A summary a release engineer reads at a glance (control characters from the request escaped). */
  public String toText(boolean explain) {
    return DecisionText.render(this, explain);
  }

  /**
   * The decision as an OPA decision-log event, so pipelines that ingest OPA's decision logs ingest
   * Gavel's: decision_id, path, input, result, timestamp, bundles{gavel: {revision}}, labels, and
   * OPA's erased/masked pointers for what the mask rule removed or digested.
   */
  public ObjectNode toOpaEvent() {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    ObjectNode labels = e.putObject("labels");
    labels.put("app", "gavel");
    if (ledger != null) {
      labels.put("ledger_index", ledger.index());
    }
    e.put("decision_id", decisionId);
    e.putObject("bundles").putObject("gavel").put("revision", policy.revision());
    e.put("path", "gavel/release/decision");
    e.set("input", input);
    ObjectNode result = e.putObject("result");
    result.put("allow", allow);
    result.set("deny", Reason.toJson(reasons, false));
    result.set("warnings", Reason.toJson(warnings, false));
    e.put("timestamp", timestamp);
    ArrayNode erased = JsonNodeFactory.instance.arrayNode();
    ArrayNode maskedPaths = JsonNodeFactory.instance.arrayNode();
    for (MaskOperation m : masked) {
      (m.op().equals("remove") ? erased : maskedPaths).add(m.path());
    }
    if (!erased.isEmpty()) {
      e.set("erased", erased);
    }
    if (!maskedPaths.isEmpty()) {
      e.set("masked", maskedPaths);
    }
    return e;
  }

  /** The CSV columns of a decision: model, outcome, decision id. */
  public List<String> csvColumns() {
    return List.of(request.model() == null ? "" : request.model(), allow ? "allow" : "deny", decisionId);
  }
}
