package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.ledger.DecisionAttestation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a decision was about, copied from the (stored, possibly masked) request: its canonical
 * digest (always of the full request), model, version, tier, requester, environment, and the
 * released artifacts (the attestation's subjects). Absent fields are null.
 */
public record RequestSummary(String digest, String model, String version, String riskTier, String requester,
    String environment, List<DecisionAttestation.Subject> artifacts) {
  public RequestSummary {
    Objects.requireNonNull(digest, "digest");
    artifacts = List.copyOf(artifacts);
  }

  /** The summary of a stored request document (fields that are masked away stay null). */
  public static RequestSummary of(String digest, JsonNode input) {
    List<DecisionAttestation.Subject> artifacts = new ArrayList<>();
    for (JsonNode a : input.path("model").path("artifacts")) {
      artifacts.add(new DecisionAttestation.Subject(a.path("name").asText(""), a.path("digest").path("sha256").asText("")));
    }
    return new RequestSummary(digest, text(input.at("/model/name")), text(input.at("/model/version")),
        text(input.at("/riskTier")), text(input.at("/requester/id")), text(input.at("/environment")), artifacts);
  }

  /** The ledger form: every field, artifacts included. */
  ObjectNode toPayload() {
    ObjectNode r = toJson();
    putIf(r, "requester", requester);
    putIf(r, "environment", environment);
    var a = r.putArray("artifacts");
    artifacts.forEach(s -> a.addObject().put("name", s.name()).put("sha256", s.sha256()));
    return r;
  }

  /** The API form (DESIGN 3.2): digest, model, version, riskTier. */
  ObjectNode toJson() {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("digest", digest);
    putIf(r, "model", model);
    putIf(r, "version", version);
    putIf(r, "riskTier", riskTier);
    return r;
  }

  static RequestSummary fromPayload(JsonNode r) {
    List<DecisionAttestation.Subject> artifacts = new ArrayList<>();
    for (JsonNode a : r.path("artifacts")) {
      artifacts.add(new DecisionAttestation.Subject(a.path("name").asText(""), a.path("sha256").asText("")));
    }
    return new RequestSummary(r.path("digest").asText(""), text(r.get("model")), text(r.get("version")),
        text(r.get("riskTier")), text(r.get("requester")), text(r.get("environment")), artifacts);
  }

  private static String text(JsonNode n) {
    return n != null && n.isTextual() ? n.asText() : null;
  }

  private static void putIf(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }
}
