package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A decision entry as an OPA decision-log event, so log pipelines that ingest OPA's decision logs
 * ingest Gavel's: decision_id, path, input, result, timestamp, bundles{name: {revision}}, labels,
 * and OPA's erased/masked pointers for fields the mask policy removed or digested.
 */
final class DecisionLogEvent {
  static final String PATH = "gavel/release/decision";

  private DecisionLogEvent() {}

  /** The event for a canonical ledger entry, or null when the entry is not a decision. */
  static ObjectNode of(JsonNode entry) {
    if (!entry.path("type").asText().equals("decision")) {
      return null;
    }
    JsonNode p = entry.path("payload");
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    ObjectNode labels = e.putObject("labels");
    labels.put("app", "gavel");
    labels.put("ledger_index", entry.path("index").asLong());
    e.put("decision_id", p.path("decisionId").asText());
    e.putObject("bundles").putObject("gavel").put("revision", p.path("policy").path("revision").asText());
    e.put("path", PATH);
    e.set("input", p.path("input"));
    ObjectNode result = e.putObject("result");
    result.put("allow", p.path("allow").asBoolean());
    result.set("deny", p.path("reasons"));
    result.set("warnings", p.path("warnings"));
    e.put("timestamp", entry.path("timestamp").asText());
    ArrayNode erased = JsonNodeFactory.instance.arrayNode();
    ArrayNode masked = JsonNodeFactory.instance.arrayNode();
    for (JsonNode m : p.path("masked")) {
      (m.path("op").asText().equals("remove") ? erased : masked).add(m.path("path").asText());
    }
    if (!erased.isEmpty()) {
      e.set("erased", erased);
    }
    if (!masked.isEmpty()) {
      e.set("masked", masked);
    }
    return e;
  }
}
