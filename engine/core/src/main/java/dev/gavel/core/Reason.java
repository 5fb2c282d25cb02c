package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Why a release was denied (or warned): a stable code, a message, the rule that said so, and
 * where in the policy source it was produced ({@code file:line (data.pkg.rule)}), when known.
 * Origins are an explanation of this evaluation and are not stored in the ledger.
 */
public record Reason(String code, String message, String policy, List<String> origins) {
  public Reason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    origins = origins == null ? List.of() : List.copyOf(origins);
  }

  public Reason(String code, String message, String policy) {
    this(code, message, policy, List.of());
  }

  public Reason withOrigins(List<String> found) {
    return new Reason(code, message, policy, found);
  }

  ObjectNode toJson(boolean explain) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("code", code);
    o.put("message", message);
    if (policy != null) {
      o.put("policy", policy);
    }
    if (explain) {
      ArrayNode a = o.putArray("origins");
      origins.forEach(a::add);
    }
    return o;
  }

  static ArrayNode toJson(List<Reason> rs, boolean explain) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    rs.forEach(r -> a.add(r.toJson(explain)));
    return a;
  }

  static List<Reason> fromJson(JsonNode a) {
    List<Reason> out = new ArrayList<>();
    for (JsonNode r : a) {
      out.add(new Reason(r.path("code").asText(""), r.path("message").asText(""),
          r.path("policy").isTextual() ? r.get("policy").asText() : null));
    }
    return out;
  }
}
