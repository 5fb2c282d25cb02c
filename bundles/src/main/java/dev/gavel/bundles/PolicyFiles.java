package dev.gavel.bundles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.json.Json;
import dev.gavel.json.Utf8;
import dev.gavel.json.Yaml;
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
 * JSON/YAML file named directly is merged at the root; overlays are deep-merged over the data.
 * The revision is a SHA-256 digest of every file, each named relative to the directory it was
 * loaded from, so the same policy has the same revision in any checkout. Module paths and the
 * source description name files relative to the loaded directory's parent (for example
 * {@code policies/release/approvals.rego}), never by a machine-local absolute path.
 */
public final class PolicyFiles {
  private PolicyFiles() {}

  /** How modules are named in errors and in the snapshot. */
  public enum Naming {
    /**
     * Relative to the loaded directory's parent ({@code policies/release/approvals.rego}): the same
     * on every machine, so it is what decisions and the ledger record.
     */
    PORTABLE,
    /** As the user gave the path on the command line (what {@code opa eval -d} shows): for interactive tools. */
    AS_GIVEN
  }

  /** Loads with {@link Naming#PORTABLE} names. */
  public static PolicySnapshot load(List<Path> paths, List<Path> overlays) throws PolicySourceException {
    return load(paths, overlays, Naming.PORTABLE);
  }

  /**
   * Loads the policy paths, then deep-merges each overlay JSON/YAML document over the data
   * (objects merge; arrays and scalars replace). Overlays count in the revision digest, so a
   * decision records exactly the data it was made with.
   */
  public static PolicySnapshot load(List<Path> paths, List<Path> overlays, Naming naming) throws PolicySourceException {
    TreeMap<String, byte[]> files = new TreeMap<>();
    List<PolicySnapshot.Module> modules = new ArrayList<>();
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    List<String> sources = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new PolicySourceException(p + ": no such file or directory");
      }
      Path root = p.toAbsolutePath().normalize();
      String name = root.getFileName() == null ? "/" : root.getFileName().toString();
      sources.add(name);
      if (Files.isDirectory(p)) {
        List<Path> found;
        try (Stream<Path> s = Files.walk(root)) {
          found = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
          throw new PolicySourceException("cannot read " + p + ": " + e.getMessage(), e);
        }
        for (Path f : found) {
          String file = f.getFileName().toString();
          String rel = root.relativize(f).toString();
          if (file.endsWith(".rego")) {
            addModule(f, rel, naming == Naming.PORTABLE ? name + "/" + rel : p.resolve(rel).toString(), files, modules);
          } else if (file.equals("data.json") || file.equals("data.yaml") || file.equals("data.yml")) {
            List<String> at = new ArrayList<>();
            for (Path seg : root.relativize(f.getParent())) {
              if (!seg.toString().isEmpty()) {
                at.add(seg.toString());
              }
            }
            merge(data, at, readData(f, rel, files));
          }
        }
      } else if (name.endsWith(".rego")) {
        addModule(p, name, naming == Naming.PORTABLE ? name : p.toString(), files, modules);
      } else {
        merge(data, List.of(), readData(p, name, files));
      }
    }
    for (Path o : overlays) {
      if (!Files.isRegularFile(o)) {
        throw new PolicySourceException(o + ": no such data file");
      }
      String name = "data:" + o.getFileName();
      merge(data, List.of(), readData(o, name, files));
      sources.add(name);
    }
    return new PolicySnapshot(modules, data, revision(files), String.join(",", sources));
  }

  private static void addModule(Path f, String key, String display, Map<String, byte[]> files,
      List<PolicySnapshot.Module> modules) throws PolicySourceException {
    byte[] bytes = read(f);
    files.put(unique(files, key), bytes);
    try {
      modules.add(new PolicySnapshot.Module(display, Utf8.decode(bytes)));
    } catch (Json.ParseException e) {
      throw new PolicySourceException(display + ": " + e.getMessage());
    }
  }

  /** Two roots may hold files of the same relative name: both count in the revision. */
  private static String unique(Map<String, byte[]> files, String key) {
    String k = key;
    for (int n = 2; files.containsKey(k); n++) {
      k = key + "#" + n;
    }
    return k;
  }

  private static JsonNode readData(Path f, String key, Map<String, byte[]> files) throws PolicySourceException {
    byte[] bytes = read(f);
    files.put(unique(files, key), bytes);
    String name = f.getFileName().toString();
    JsonNode n;
    try {
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        // Aliases resolve (with an expansion limit); duplicate keys are errors, as in JSON.
        n = Yaml.reader().readDocument(Utf8.decode(bytes));
      } else {
        n = Json.read(bytes);
      }
    } catch (Json.ParseException e) {
      throw new PolicySourceException(f + ": invalid data: " + e.located());
    }
    if (n == null || !n.isObject()) {
      throw new PolicySourceException(f + ": data file must hold a JSON object");
    }
    return n;
  }

  private static byte[] read(Path f) throws PolicySourceException {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new PolicySourceException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /** Deep-merges {@code value} into {@code root} at {@code path}: objects merge, other values replace. */
  static void merge(ObjectNode root, List<String> path, JsonNode value) {
    dev.gavel.core.PolicyFileSet.merge(root, path, value);
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
