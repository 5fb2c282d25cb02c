package dev.gavel.bundles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.json.Json;
import dev.gavel.rego.ModuleOutline;
import dev.gavel.rego.RegoException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds an OPA bundle from a policy snapshot, as {@code opa build} lays one out: the modules at
 * their paths, all data in one {@code /data.json} (keys sorted, no whitespace: the file is its own
 * canonical form), and a {@code /.manifest} with the revision, {@code rego_version: 1} and roots.
 * The roots are the first segments of every package and every top-level data key, so they never
 * overlap and an OPA that loads several bundles knows what this one owns. The bytes depend only on
 * the snapshot's modules and data and the revision (see {@link BundleArchive#write}).
 */
public final class BundleBuilder {
  private BundleBuilder() {}

  /**
   * The bundle bytes for {@code snapshot} with {@code revision} (null: the snapshot's revision).
   *
   * @throws BundleException INVALID when a module does not parse or a path is not a bundle path
   */
  public static byte[] build(PolicySnapshot snapshot, String revision) throws BundleException {
    Objects.requireNonNull(snapshot, "snapshot");
    String rev = revision == null ? snapshot.revision() : revision;
    List<BundleArchive.File> files = new ArrayList<>();
    TreeSet<String> roots = new TreeSet<>(BundleArchive::compareUtf8);
    for (PolicySnapshot.Module m : snapshot.modules()) {
      String path = BundlePath.normalize(m.path(), false);
      if (!path.endsWith(".rego")) {
        throw BundleException.invalid(m.path() + ": a module's path must end in .rego");
      }
      try {
        List<String> pkg = ModuleOutline.of(path, m.text()).packagePath();
        if (!pkg.isEmpty()) {
          roots.add(pkg.get(0));
        }
      } catch (RegoException e) {
        throw BundleException.invalid(e.render());
      }
      files.add(new BundleArchive.File(path, m.text().getBytes(StandardCharsets.UTF_8)));
    }
    JsonNode data = snapshot.data();
    data.fieldNames().forEachRemaining(roots::add);
    files.add(new BundleArchive.File("data.json", GoJson.fromTree(data)));
    Manifest manifest = Manifest.of(rev, new ArrayList<>(roots));
    try {
      files.add(new BundleArchive.File(BundleArchive.MANIFEST, Json.MAPPER.writeValueAsBytes(manifest.toJson())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    byte[] bytes = BundleArchive.write(files);
    // What is written must read back as a valid bundle (roots, packages, data placement).
    BundleContents.of(BundleArchive.read(bytes, BundleLimits.DEFAULT.withMaxEntries(Integer.MAX_VALUE)
        .withMaxEntryBytes(Integer.MAX_VALUE - 8).withMaxTotalBytes(Long.MAX_VALUE)));
    return bytes;
  }
}
