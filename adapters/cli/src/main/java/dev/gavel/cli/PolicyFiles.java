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
    return load(paths, List.of());
  }

  /**
   * Loads the policy paths, then deep-merges each overlay JSON/YAML document over the data
   * (objects merge; arrays and scalars replace). Overlays count in the revision digest, so a
   * decision records exactly the data it was made with.
   */
  static PolicySource load(List<Path> paths, List<Path> overlays) throws UserError {
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
            addModule(f, p.relativize(f).toString(), files, modules);
          } else if (name.equals("data.json") || name.equals("data.yaml") || name.equals("data.yml")) {
            Path rel = p.relativize(f.getParent());
            List<String> at = new ArrayList<>();
            for (Path seg : rel) {
              if (!seg.toString().isEmpty()) {
                at.add(seg.toString());
              }
            }
            merge(data, at, readData(f, p.relativize(f).toString(), files));
          }
        }
      } else if (p.toString().endsWith(".rego")) {
        addModule(p, p.getFileName().toString(), files, modules);
      } else {
        merge(data, List.of(), readData(p, p.getFileName().toString(), files));
      }
    }
    List<String> sources = new ArrayList<>(paths.stream().map(Path::toString).toList());
    for (Path o : overlays) {
      if (!Files.isRegularFile(o)) {
        throw new UserError(o + ": no such data file");
      }
      merge(data, List.of(), readData(o, "data:" + o.getFileName(), files));
      sources.add("data:" + o);
    }
    return new PolicySource(modules, data, revision(files), String.join(",", sources));
  }

  /**
   * {@code key} names the file in the revision digest (relative to the loaded directory, so the
   * same policy checked out in two places has the same revision); errors and explanations show
   * the path relative to the working directory when the file is under it.
   */
  private static void addModule(Path f, String key, Map<String, byte[]> files, List<PolicySource.Module> modules)
      throws UserError {
    byte[] bytes = read(f);
    files.put(unique(files, key), bytes);
    modules.add(new PolicySource.Module(display(f), new String(bytes, StandardCharsets.UTF_8)));
  }

  /** Two roots may hold files of the same relative name: both count in the revision. */
  private static String unique(Map<String, byte[]> files, String key) {
    String k = key;
    for (int n = 2; files.containsKey(k); n++) {
      k = key + "#" + n;
    }
    return k;
  }

  private static String display(Path f) {
    Path abs = f.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath();
    return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }

  private static JsonNode readData(Path f, String key, Map<String, byte[]> files) throws UserError {
    byte[] bytes = read(f);
    files.put(unique(files, key), bytes);
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
