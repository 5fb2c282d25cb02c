package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The policy of one revision, already read: Rego modules by path, the data document, the revision
 * id (a Git commit id, or {@code sha256:<content digest>} outside Git) and where it came from (a
 * repository and ref, a bundle, or a directory; never a machine-local absolute path). Immutable.
 * Its JSON form is the payload of a {@code policy-activation} ledger entry, so a decision can be
 * replayed at its exact policy without the source it came from.
 */
public record PolicySnapshot(List<Module> modules, JsonNode data, String revision, String source) {
  public PolicySnapshot {
    modules = List.copyOf(modules);
    Objects.requireNonNull(data, "data");
    if (!data.isObject()) {
      throw new IllegalArgumentException("policy data must be an object");
    }
    data = data.deepCopy();
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(source, "source");
  }

  /** One Rego file: its path (as shown in errors) and text. */
  public record Module(String path, String text) {
    public Module {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(text, "text");
    }
  }

  /** The data document (a copy: the snapshot stays immutable). */
  @Override
  public JsonNode data() {
    return data.deepCopy();
  }

  /** {@code {revision, source, modules: [{path, text}], data}}. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("revision", revision);
    o.put("source", source);
    ArrayNode ms = o.putArray("modules");
    for (Module m : modules) {
      ms.addObject().put("path", m.path()).put("text", m.text());
    }
    o.set("data", data.deepCopy());
    return o;
  }

  /** Reads the JSON form back; IllegalArgumentException naming what is missing. */
  public static PolicySnapshot fromJson(JsonNode o) {
    if (!o.path("revision").isTextual() || !o.path("modules").isArray() || !o.path("data").isObject()) {
      throw new IllegalArgumentException("a policy activation needs revision, modules and data");
    }
    List<Module> modules = new ArrayList<>();
    for (JsonNode m : o.get("modules")) {
      if (!m.path("path").isTextual() || !m.path("text").isTextual()) {
        throw new IllegalArgumentException("each module of a policy activation needs a path and a text");
      }
      modules.add(new Module(m.get("path").asText(), m.get("text").asText()));
    }
    return new PolicySnapshot(modules, o.get("data"), o.get("revision").asText(), o.path("source").asText(""));
  }
}
