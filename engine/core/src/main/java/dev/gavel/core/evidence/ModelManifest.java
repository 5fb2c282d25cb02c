package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The manifest inside an OpenSSF model signature, and its comparison with the files on disk as
 * {@code model_signing verify} makes it: every file's SHA-256 under the model root, skipping the
 * ignored paths (the manifest's own {@code serialization.ignore_paths}, the caller's, and the git
 * paths model signing ignores by default: {@code .git}, {@code .gitattributes}, {@code .github},
 * {@code .gitignore}; a path is ignored with everything under it), refusing symbolic links unless
 * the signed manifest allows them, and requiring the files to equal the manifest exactly: an extra
 * file, a missing file or one changed byte fails.
 *
 * <p>Read from {@code predicate.resources} (model_signing 0.3 and later: {@code
 * https://model_signing/signature/v1.0}) or, for the legacy {@code
 * https://model_signing/Digests/v0.1}, from the per-file subjects. Only the {@code files}
 * serialization with {@code sha256} can be checked; {@code shards} is reported as not checkable.
 */
record ModelManifest(Map<String, String> resources, String method, String hashType, boolean allowSymlinks,
    List<String> ignorePaths) {
  static final String SIGNATURE_V1 = "https://model_signing/signature/v1.0";
  static final String DIGESTS_V01 = "https://model_signing/Digests/v0.1";
  static final List<String> GIT_PATHS = List.of(".git", ".gitattributes", ".github", ".gitignore");

  ModelManifest {
    resources = new LinkedHashMap<>(resources);
    ignorePaths = List.copyOf(ignorePaths);
  }

  /** The manifest of a model-signing statement, or null when the statement is not one. */
  static ModelManifest of(InTotoStatement st) {
    Map<String, String> res = new LinkedHashMap<>();
    if (st.predicateType().equals(DIGESTS_V01)) {
      for (InTotoStatement.Subject s : st.subjects()) {
        if (s.sha256() != null) {
          res.put(s.name(), s.sha256());
        }
      }
      return new ModelManifest(res, "files", "sha256", false, List.of());
    }
    if (!st.predicateType().equals(SIGNATURE_V1)) {
      return null;
    }
    JsonNode p = st.predicate();
    for (JsonNode r : p.path("resources")) {
      String alg = r.path("algorithm").asText("sha256");
      res.put(r.path("name").asText(), alg + ":" + r.path("digest").asText().toLowerCase());
    }
    JsonNode ser = p.path("serialization");
    List<String> ignore = new ArrayList<>();
    ser.path("ignore_paths").forEach(i -> ignore.add(i.asText()));
    // resource digests are kept as "alg:hex" so that a non-sha256 manifest can never match a sha256 file
    Map<String, String> plain = new LinkedHashMap<>();
    res.forEach((k, v) -> plain.put(k, v.startsWith("sha256:") ? v.substring(7) : v));
    return new ModelManifest(plain, ser.path("method").asText("files"), ser.path("hash_type").asText("sha256"),
        ser.path("allow_symlinks").asBoolean(false), ignore);
  }

  /** The sha256 digests the manifest lists (what a request's artifacts are compared with). */
  List<String> sha256Digests() {
    return resources.values().stream().filter(d -> d.matches("[0-9a-f]{64}")).toList();
  }

  /** Compares with what is on disk: {@code {checked, match, files, missing, extra, changed, problems, ignored}}. */
  ObjectNode compare(ModelFiles disk) {
    ObjectNode f = JsonNodeFactory.instance.objectNode();
    f.put("checked", true);
    ArrayNode missing = JsonNodeFactory.instance.arrayNode();
    ArrayNode extra = JsonNodeFactory.instance.arrayNode();
    ArrayNode changed = JsonNodeFactory.instance.arrayNode();
    ArrayNode problems = JsonNodeFactory.instance.arrayNode();
    ArrayNode ignored = JsonNodeFactory.instance.arrayNode();
    if (!method.equals("files") || !hashType.equals("sha256")) {
      problems.add("the manifest was made by serialization '" + method + "' with '" + hashType
          + "': only 'files' with 'sha256' can be checked");
    }
    List<String> ignore = new ArrayList<>(ignorePaths);
    ignore.addAll(disk.ignorePaths());
    ignore.addAll(GIT_PATHS);
    Map<String, String> actual = new TreeMap<>();
    for (ModelFiles.Entry e : disk.entries()) {
      if (!disk.singleFile() && ignored(e.path(), ignore)) {
        ignored.add(e.path());
        continue;
      }
      switch (e.kind()) {
        case SYMLINK:
          if (!allowSymlinks) {
            problems.add("'" + e.path() + "' is a symbolic link and the signed manifest does not allow symlinks");
          } else if (e.outside()) {
            problems.add("'" + e.path() + "' links outside the model");
          } else if (e.sha256() == null) {
            problems.add("'" + e.path() + "' links to something that is not a regular file");
          } else {
            actual.put(e.path(), e.sha256());
          }
          break;
        case OTHER:
          problems.add("'" + e.path() + "' is not a regular file");
          break;
        default:
          actual.put(e.path(), e.sha256());
      }
    }
    for (Map.Entry<String, String> r : new TreeMap<>(resources).entrySet()) {
      String got = actual.get(r.getKey());
      if (got == null) {
        missing.add(r.getKey());
      } else if (!got.equals(r.getValue())) {
        changed.add(r.getKey());
      }
    }
    actual.keySet().stream().filter(p -> !resources.containsKey(p)).forEach(extra::add);
    boolean match = problems.isEmpty() && missing.isEmpty() && extra.isEmpty() && changed.isEmpty();
    f.put("match", match);
    f.put("files", actual.size());
    f.set("missing", missing);
    f.set("extra", extra);
    f.set("changed", changed);
    f.set("problems", problems);
    f.set("ignored", ignored);
    return f;
  }

  private static boolean ignored(String path, List<String> ignore) {
    for (String i : ignore) {
      String p = i.endsWith("/") ? i.substring(0, i.length() - 1) : i;
      if (path.equals(p) || path.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }
}
