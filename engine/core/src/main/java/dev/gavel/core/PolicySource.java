package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The policy files of one revision, already read: Rego modules by path and the data document.
 * Reading them from disk or Git is an adapter's job. Its JSON form is the payload of a
 * {@code policy-activation} ledger entry, so a decision can be replayed at its exact policy.
 */
public record PolicySource(List<Module> modules, JsonNode data, String revision, String location) {
  public PolicySource {
    modules = List.copyOf(modules);
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(revision, "revision");
  }

  /** One Rego file: its path (as shown in errors) and text. */
  public record Module(String path, String text) {}

  /** {@code {revision, source, modules: [{path, text}], data}}. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("revision", revision);
    o.put("source", location);
    ArrayNode ms = o.putArray("modules");
    for (Module m : modules) {
      ms.addObject().put("path", m.path()).put("text", m.text());
    }
    o.set("data", data);
    return o;
  }

  /** Reads the JSON form back; throws IllegalArgumentException naming what is missing. */
  public static PolicySource fromJson(JsonNode o) {
    if (!o.path("revision").isTextual() || !o.path("modules").isArray() || !o.path("data").isObject()) {
      throw new IllegalArgumentException("a policy activation needs revision, modules and data");
    }
    List<Module> modules = new ArrayList<>();
    for (JsonNode m : o.get("modules")) {
      modules.add(new Module(m.path("path").asText(), m.path("text").asText()));
    }
    return new PolicySource(modules, o.get("data"), o.get("revision").asText(), o.path("source").asText(""));
  }
}
