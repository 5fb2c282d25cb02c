package dev.gavel.bundles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.json.Json;
import dev.gavel.json.Utf8;
import dev.gavel.json.Yaml;
import dev.gavel.rego.ModuleOutline;
import dev.gavel.rego.RegoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a bundle holds once read as OPA reads it: the manifest, the Rego modules (parsed, so their
 * packages can be held to the roots) and the data document, where each {@code data.json},
 * {@code data.yaml} or {@code data.yml} sits at its directory's path ({@code a/b/data.json} is
 * {@code data.a.b}; two files may not set the same value). Then OPA's manifest checks: roots do
 * not overlap, every package and every data value lies under a root. Gavel's engine reads Rego v1
 * only, so {@code rego_version: 0} is refused rather than misread, as are Wasm modules, plans and
 * delta bundles, which it cannot evaluate. Other files are carried (and verified when signed)
 * but not loaded, as OPA ignores them.
 */
public final class BundleContents {
  /** One Rego file: its bundle path, its text and what it declares. */
  public record Module(String path, String text, ModuleOutline outline) {
    public Module {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(outline, "outline");
    }
  }

  private final BundleArchive archive;
  private final Manifest manifest;
  private final List<Module> modules;
  private final ObjectNode data;

  private BundleContents(BundleArchive archive, Manifest manifest, List<Module> modules, ObjectNode data) {
    this.archive = archive;
    this.manifest = manifest;
    this.modules = List.copyOf(modules);
    this.data = data;
  }

  /** Reads and checks the contents of {@code archive}; BundleException INVALID naming the file at fault. */
  public static BundleContents of(BundleArchive archive) throws BundleException {
    Objects.requireNonNull(archive, "archive");
    Manifest manifest = Manifest.NONE;
    var m = archive.file(BundleArchive.MANIFEST);
    if (m.isPresent()) {
      manifest = Manifest.parse(m.get().bytes());
    }
    checkVersions(manifest);
    List<Module> modules = new ArrayList<>();
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    for (BundleArchive.File f : archive.files()) {
      String path = f.path();
      String base = BundlePath.base(path);
      if (path.equals(BundleArchive.SIGNATURES) || path.equals(BundleArchive.MANIFEST)) {
        continue;
      }
      if (path.endsWith(".rego")) {
        modules.add(module(f));
      } else if (base.equals("data.json")) {
        JsonNode v;
        try {
          v = Json.read(f.bytes());
        } catch (Json.ParseException e) {
          throw BundleException.invalid("bundle load failed on " + path + ": " + e.located());
        }
        insert(data, path, v);
      } else if (base.equals("data.yaml") || base.equals("data.yml")) {
        JsonNode v;
        try {
          v = Yaml.reader().readDocument(Utf8.decode(f.bytes()));
        } catch (Json.ParseException e) {
          throw BundleException.invalid("bundle load failed on " + path + ": " + e.located());
        }
        insert(data, path, v == null ? JsonNodeFactory.instance.nullNode() : v);
      } else if (base.equals("policy.wasm") || base.equals("plan.json")) {
        throw BundleException.invalid(path + ": a " + (base.equals("plan.json") ? "plan" : "Wasm module")
            + " cannot be evaluated here (Gavel evaluates Rego source only)");
      } else if (base.equals("patch.json")) {
        throw BundleException.invalid(path + ": delta bundles (patch.json) are not supported; use a snapshot bundle");
      }
    }
    if (manifest.wasmResolvers() > 0) {
      throw BundleException.invalid("manifest lists Wasm resolvers, which cannot be evaluated here (Gavel evaluates Rego source only)");
    }
    List<String> roots = manifest.roots();
    BundleRoots.checkNoOverlap(roots);
    for (Module mod : modules) {
      BundleRoots.checkPackage(roots, mod.outline().packagePath(), mod.path());
    }
    BundleRoots.checkData(roots, data, "");
    return new BundleContents(archive, manifest, modules, data);
  }

  private static void checkVersions(Manifest manifest) throws BundleException {
    if (manifest.regoVersion().isPresent()) {
      int v = manifest.regoVersion().get();
      if (v == 0) {
        throw BundleException.invalid("manifest rego_version 0 (Rego v0) is not supported: Gavel's engine reads Rego v1 only");
      }
      if (v != 1) {
        throw BundleException.invalid("unknown bundle rego-version " + v);
      }
    }
    for (Map.Entry<String, Integer> e : manifest.fileRegoVersions().entrySet()) {
      if (e.getValue() == 0) {
        throw BundleException.invalid("manifest file_rego_versions puts '" + e.getKey()
            + "' at Rego v0, which is not supported: Gavel's engine reads Rego v1 only");
      }
      if (e.getValue() != 1) {
        throw BundleException.invalid("unknown bundle rego-version " + e.getValue() + " for file '" + e.getKey() + "'");
      }
    }
  }

  private static Module module(BundleArchive.File f) throws BundleException {
    String text;
    try {
      text = Utf8.decode(f.bytes());
    } catch (Json.ParseException e) {
      throw BundleException.invalid(f.path() + ": " + e.getMessage());
    }
    try {
      return new Module(f.path(), text, ModuleOutline.of(f.path(), text));
    } catch (RegoException e) {
      throw BundleException.invalid(e.render());
    }
  }

  /** OPA's insertData: the value goes at the file's directory; objects merge, anything else set twice conflicts. */
  private static void insert(ObjectNode data, String path, JsonNode value) throws BundleException {
    String dir = BundlePath.dir(path);
    if (dir.isEmpty()) {
      if (!value.isObject()) {
        throw BundleException.invalid("bundle load failed on " + path + ": root value must be object");
      }
      merge(data, (ObjectNode) value, path, dir);
      return;
    }
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    String[] segs = dir.split("/");
    ObjectNode at = tree;
    for (int i = 0; i < segs.length - 1; i++) {
      at = at.putObject(segs[i]);
    }
    at.set(segs[segs.length - 1], value);
    merge(data, tree, path, dir);
  }

  private static void merge(ObjectNode into, ObjectNode from, String file, String dir) throws BundleException {
    if (conflicts(into, from)) {
      throw BundleException.invalid("bundle load failed on " + file + ": failed to insert data file from path "
          + (dir.isEmpty() ? "/" : dir) + " (another data file already sets a value there)");
    }
    mergeInto(into, from);
  }

  private static boolean conflicts(ObjectNode a, ObjectNode b) {
    var it = b.fields();
    while (it.hasNext()) {
      var e = it.next();
      JsonNode av = a.get(e.getKey());
      if (av == null) {
        continue;
      }
      if (!(av instanceof ObjectNode ao) || !(e.getValue() instanceof ObjectNode bo) || conflicts(ao, bo)) {
        return true;
      }
    }
    return false;
  }

  private static void mergeInto(ObjectNode a, ObjectNode b) {
    var it = b.fields();
    while (it.hasNext()) {
      var e = it.next();
      JsonNode av = a.get(e.getKey());
      if (av instanceof ObjectNode ao && e.getValue() instanceof ObjectNode bo) {
        mergeInto(ao, bo);
      } else {
        a.set(e.getKey(), e.getValue());
      }
    }
  }

  public BundleArchive archive() {
    return archive;
  }

  public Manifest manifest() {
    return manifest;
  }

  public List<Module> modules() {
    return modules;
  }

  /** The data document (a copy). */
  public ObjectNode data() {
    return data.deepCopy();
  }

  /**
   * The policy snapshot: modules under their bundle paths, the data, the manifest's revision (or
   * {@code sha256:<archive digest>} when it has none) and a source naming the bundle file and its
   * digest, so a decision records both what the bundle claims and exactly which bytes decided.
   */
  public PolicySnapshot snapshot(String fileName) {
    List<PolicySnapshot.Module> ms = new ArrayList<>();
    for (Module m : modules) {
      ms.add(new PolicySnapshot.Module(m.path(), m.text()));
    }
    String revision = manifest.revision().isEmpty() ? archive.digest() : manifest.revision();
    return new PolicySnapshot(ms, data, revision, "bundle " + fileName + " " + archive.digest());
  }
}
