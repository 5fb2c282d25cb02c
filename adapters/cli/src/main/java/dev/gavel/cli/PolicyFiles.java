package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gavel.core.PolicySource;
import dev.gavel.rego.value.JsonValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads policy files from disk, as {@code opa eval -d} does: {@code .rego} files are modules;
 * {@code data.json}/{@code data.yaml} inside a directory are placed at that directory's path; a
 * JSON/YAML file named directly is merged at the root. The revision is a digest of every file.
 */
final class PolicyFiles {
  private static final YAMLMapper YAML = new YAMLMapper();

  private PolicyFiles() {}

  static PolicySource load(List<Path> paths) throws UserError {
    TreeMap<String, byte[]> files = new TreeMap<>();
    List<PolicySource.Module> modules = new ArrayList<>();
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new UserError(p + ": no such file or directory");
      }
      if (Files.isDirectory(p)) {
        List<Path> found;
        try (Stream<Path> s = Files.walk(p)) {
          found = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
          throw new UserError("cannot read " + p + ": " + e.getMessage());
        }
        for (Path f : found) {
          String name = f.getFileName().toString();
          if (name.endsWith(".rego")) {
            addModule(f, files, modules);
          } else if (name.equals("data.json") || name.equals("data.yaml") || name.equals("data.yml")) {
            Path rel = p.relativize(f.getParent());
            List<String> at = new ArrayList<>();
            for (Path seg : rel) {
              if (!seg.toString().isEmpty()) {
                at.add(seg.toString());
              }
            }
            merge(data, at, readData(f, files));
          }
        }
      } else if (p.toString().endsWith(".rego")) {
        addModule(p, files, modules);
      } else {
        merge(data, List.of(), readData(p, files));
      }
    }
    return new PolicySource(modules, data, revision(files), String.join(",", paths.stream().map(Path::toString).toList()));
  }

  private static void addModule(Path f, Map<String, byte[]> files, List<PolicySource.Module> modules) throws UserError {
    byte[] bytes = read(f);
    files.put(f.toString(), bytes);
    modules.add(new PolicySource.Module(f.toString(), new String(bytes, StandardCharsets.UTF_8)));
  }

  private static JsonNode readData(Path f, Map<String, byte[]> files) throws UserError {
    byte[] bytes = read(f);
    files.put(f.toString(), bytes);
    try {
      String name = f.getFileName().toString();
      JsonNode n = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML.readTree(bytes) : JsonValues.MAPPER.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new UserError(f + ": data file must hold a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new UserError(f + ": invalid data: " + e.getMessage());
    }
  }

  private static byte[] read(Path f) throws UserError {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UserError("cannot read " + f + ": " + e.getMessage());
    }
  }

  /** Deep-merges {@code value} into {@code root} at {@code path}: objects merge, other values replace. */
  static void merge(ObjectNode root, List<String> path, JsonNode value) {
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

  private static String revision(TreeMap<String, byte[]> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(e.getValue());
        md.update((byte) 0);
      }
      return "sha256:" + HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
