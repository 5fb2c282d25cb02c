package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.json.Json;
import dev.gavel.json.Utf8;
import dev.gavel.json.Yaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds a policy snapshot from policy files given by relative path and bytes, wherever they were
 * read from (a directory, a Git tree): {@code .rego} files are modules, and {@code data.json} /
 * {@code data.yaml} files are placed at their directory's path in the data document, as OPA
 * places them. Pure: reading the files is the caller's business.
 */
public final class PolicyFileSet {
  private final SortedMap<String, byte[]> files = new TreeMap<>();

  /** Adds a file; {@code path} is relative, with {@code /} separators, and may not repeat. */
  public PolicyFileSet add(String path, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || List.of(path.split("/")).contains("..")) {
      throw new IllegalArgumentException("policy file path must be relative without .. but got " + path);
    }
    if (files.putIfAbsent(path, bytes) != null) {
      throw new IllegalArgumentException("policy file " + path + " is given twice");
    }
    return this;
  }

  /** True when {@code name} is a file this set reads: a module or a data document. */
  public static boolean isPolicyFile(String name) {
    return name.endsWith(".rego") || name.equals("data.json") || name.equals("data.yaml") || name.equals("data.yml");
  }

  /**
   * The snapshot: modules named {@code prefix + path} (in errors and in the ledger), data merged
   * in path order.
   *
   * @throws IllegalArgumentException naming the file when a module is not UTF-8 or a data file is
   *     not a JSON/YAML object
   */
  public PolicySnapshot snapshot(String prefix, String revision, String source) {
    List<PolicySnapshot.Module> modules = new ArrayList<>();
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String path = f.getKey();
      String name = path.substring(path.lastIndexOf('/') + 1);
      try {
        if (name.endsWith(".rego")) {
          modules.add(new PolicySnapshot.Module(prefix + path, Utf8.decode(f.getValue())));
        } else if (isPolicyFile(name)) {
          JsonNode doc = name.equals("data.json") ? Json.read(f.getValue()) : Yaml.reader().readDocument(Utf8.decode(f.getValue()));
          if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException(prefix + path + ": data file must hold a JSON object");
          }
          List<String> at = new ArrayList<>(List.of(path.split("/")));
          at.remove(at.size() - 1);
          merge(data, at, doc);
        }
      } catch (Json.ParseException e) {
        throw new IllegalArgumentException(prefix + path + ": " + e.located());
      }
    }
    return new PolicySnapshot(modules, data, revision, source);
  }

  /** Deep-merges {@code value} into {@code root} at {@code path}: objects merge, other values replace. */
  public static void merge(ObjectNode root, List<String> path, JsonNode value) {
    ObjectNode at = root;
    for (String seg : path) {
      JsonNode next = at.get(seg);
      if (!(next instanceof ObjectNode)) {
        next = at.putObject(seg);
      }
      at = (ObjectNode) next;
    }
    var it = value.fields();
    while (it.hasNext()) {
      var e = it.next();
      JsonNode existing = at.get(e.getKey());
      if (existing instanceof ObjectNode eo && e.getValue().isObject()) {
        merge(eo, List.of(), e.getValue());
      } else {
        at.set(e.getKey(), e.getValue());
      }
    }
  }
}
