package dev.gavel.bundles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bundle's {@code /.manifest}, as OPA reads it: {@code revision} (a string, empty when absent),
 * {@code roots} (absent means the one root {@code ""}, which holds everything; each root is
 * trimmed of slashes), {@code rego_version} (0 or 1; absent means Rego v1 in OPA 1.x),
 * {@code file_rego_versions}, {@code metadata} (any object) and {@code wasm} resolvers. Fields OPA
 * does not know are ignored, as OPA ignores them; fields it knows must have its types.
 */
public record Manifest(String revision, Optional<List<String>> declaredRoots, Optional<Integer> regoVersion,
    Map<String, Integer> fileRegoVersions, JsonNode metadata, int wasmResolvers) {
  public Manifest {
    Objects.requireNonNull(revision, "revision");
    declaredRoots = declaredRoots.map(List::copyOf);
    Objects.requireNonNull(regoVersion, "regoVersion");
    fileRegoVersions = Map.copyOf(fileRegoVersions);
    metadata = metadata == null ? null : metadata.deepCopy();
  }

  /** No manifest at all: revision "", roots [""]. */
  public static final Manifest NONE = new Manifest("", Optional.empty(), Optional.empty(), Map.of(), null, 0);

  /** A manifest as Gavel's builder writes it. */
  public static Manifest of(String revision, List<String> roots) {
    return new Manifest(revision, Optional.of(roots), Optional.of(1), Map.of(), null, 0);
  }

  /** The roots in force: the declared ones trimmed of slashes, or {@code [""]}. */
  public List<String> roots() {
    return declaredRoots.orElse(List.of("")).stream().map(Manifest::trimSlashes).toList();
  }

  static String trimSlashes(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && s.charAt(a) == '/') {
      a++;
    }
    while (b > a && s.charAt(b - 1) == '/') {
      b--;
    }
    return s.substring(a, b);
  }

  /** Parses the manifest file strictly (duplicate keys, trailing content and wrong types are errors). */
  public static Manifest parse(byte[] bytes) throws BundleException {
    JsonNode n;
    try {
      n = Json.read(bytes);
    } catch (Json.ParseException e) {
      throw BundleException.invalid("bundle load failed on manifest decode: " + e.located());
    }
    if (!n.isObject()) {
      throw BundleException.invalid("bundle load failed on manifest decode: the manifest must be a JSON object");
    }
    String revision = "";
    if (n.has("revision") && !n.get("revision").isNull()) {
      if (!n.get("revision").isTextual()) {
        throw bad("revision", "a string");
      }
      revision = n.get("revision").asText();
    }
    Optional<List<String>> roots = Optional.empty();
    if (n.has("roots") && !n.get("roots").isNull()) {
      if (!n.get("roots").isArray()) {
        throw bad("roots", "an array of strings");
      }
      List<String> rs = new ArrayList<>();
      for (JsonNode r : n.get("roots")) {
        if (!r.isTextual()) {
          throw bad("roots", "an array of strings");
        }
        rs.add(r.asText());
      }
      roots = Optional.of(rs);
    }
    Optional<Integer> rego = Optional.empty();
    if (n.has("rego_version") && !n.get("rego_version").isNull()) {
      if (!n.get("rego_version").isIntegralNumber() || !n.get("rego_version").canConvertToInt()) {
        throw bad("rego_version", "an integer");
      }
      rego = Optional.of(n.get("rego_version").asInt());
    }
    Map<String, Integer> files = new LinkedHashMap<>();
    if (n.has("file_rego_versions") && !n.get("file_rego_versions").isNull()) {
      JsonNode f = n.get("file_rego_versions");
      if (!f.isObject()) {
        throw bad("file_rego_versions", "an object of integers");
      }
      var it = f.fields();
      while (it.hasNext()) {
        var e = it.next();
        if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToInt()) {
          throw bad("file_rego_versions", "an object of integers");
        }
        files.put(e.getKey(), e.getValue().asInt());
      }
    }
    JsonNode metadata = null;
    if (n.has("metadata") && !n.get("metadata").isNull()) {
      if (!n.get("metadata").isObject()) {
        throw bad("metadata", "an object");
      }
      metadata = n.get("metadata");
    }
    int wasm = 0;
    if (n.has("wasm") && !n.get("wasm").isNull()) {
      if (!n.get("wasm").isArray()) {
        throw bad("wasm", "an array");
      }
      wasm = n.get("wasm").size();
    }
    return new Manifest(revision, roots, rego, files, metadata, wasm);
  }

  private static BundleException bad(String field, String what) {
    return BundleException.invalid("bundle load failed on manifest decode: " + field + " must be " + what);
  }

  /**
   * The manifest as Gavel writes it: keys in OPA's order ({@code revision}, {@code roots},
   * {@code rego_version}, {@code metadata}). OPA hashes it canonically, so the order is only for
   * readers.
   */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("revision", revision);
    declaredRoots.ifPresent(rs -> rs.forEach(o.putArray("roots")::add));
    if (declaredRoots.isPresent() && declaredRoots.get().isEmpty()) {
      o.putArray("roots");
    }
    regoVersion.ifPresent(v -> o.put("rego_version", v));
    if (!fileRegoVersions.isEmpty()) {
      ObjectNode f = o.putObject("file_rego_versions");
      fileRegoVersions.forEach(f::put);
    }
    if (metadata != null) {
      o.set("metadata", metadata.deepCopy());
    }
    return o;
  }
}
