package dev.gavel.bundles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Building is deterministic, lays files out as OPA does, and reads back to the same policy. */
class BundleBuildTest {
  @Test
  void theSameSnapshotAndRevisionGiveTheSameBytes() throws Exception {
    byte[] a = Fixtures.bundle();
    byte[] b = BundleBuilder.build(Fixtures.snapshot(), "rev-1");
    assertThat(BundleArchive.sha256(a)).isEqualTo(BundleArchive.sha256(b));
    // Module order and data key order in the snapshot do not matter.
    PolicySnapshot s = Fixtures.snapshot();
    PolicySnapshot reordered = new PolicySnapshot(List.of(s.modules().get(1), s.modules().get(0)),
        Json.read("{\"lib\": {\"name\": \"caf\\u00e9 <&> \\u2028\"}, \"gavel\": {\"limits\": {\"big\": 123456789012345678901234567890, \"max\": 1.50}, \"tiers\": [\"low\", \"high\"]}}"),
        s.revision(), s.source());
    assertThat(BundleArchive.sha256(BundleBuilder.build(reordered, "rev-1"))).isEqualTo(BundleArchive.sha256(a));
    assertThat(BundleArchive.sha256(BundleBuilder.build(s, "rev-2"))).isNotEqualTo(BundleArchive.sha256(a));
  }

  @Test
  void theRevisionDefaultsToTheSnapshotsRevision() throws Exception {
    BundleContents c = BundleContents.of(BundleArchive.read(BundleBuilder.build(Fixtures.snapshot(), null), BundleLimits.DEFAULT));
    assertThat(c.manifest().revision()).isEqualTo("sha256:feedface");
  }

  @Test
  void theLayoutIsOpas() throws Exception {
    BundleArchive a = BundleArchive.read(Fixtures.bundle(), BundleLimits.DEFAULT);
    assertThat(a.files()).extracting(BundleArchive.File::path)
        .containsExactly(".manifest", "data.json", "policies/lib/util.rego", "policies/release/gate.rego");
    JsonNode manifest = Json.read(a.file(".manifest").get().bytes());
    assertThat(manifest.toString()).isEqualTo("{\"revision\":\"rev-1\",\"roots\":[\"gavel\",\"lib\"],\"rego_version\":1}");
    // data.json is its own canonical form: keys sorted, numbers as written, Go's escaping.
    String data = new String(a.file("data.json").get().bytes(), StandardCharsets.UTF_8);
    assertThat(data).isEqualTo("{\"gavel\":{\"limits\":{\"big\":123456789012345678901234567890,\"max\":1.50},\"tiers\":[\"low\",\"high\"]},"
        + "\"lib\":{\"name\":\"caf\u00e9 <&> \\u2028\"}}");
    assertThat(OpaHash.canonical("data.json", a.file("data.json").get().bytes())).isEqualTo(a.file("data.json").get().bytes());
  }

  @Test
  void aBuiltBundleReadsBackToTheSamePolicy() throws Exception {
    BundleContents c = BundleContents.of(BundleArchive.read(Fixtures.bundle(), BundleLimits.DEFAULT));
    PolicySnapshot back = c.snapshot("gavel.tar.gz");
    assertThat(back.revision()).isEqualTo("rev-1");
    assertThat(back.source()).matches("bundle gavel\\.tar\\.gz sha256:[0-9a-f]{64}");
    assertThat(back.data()).isEqualTo(Fixtures.data());
    assertThat(back.modules()).extracting(PolicySnapshot.Module::path)
        .containsExactlyInAnyOrder("policies/release/gate.rego", "policies/lib/util.rego");
    assertThat(back.modules()).extracting(PolicySnapshot.Module::text).contains(Fixtures.RELEASE, Fixtures.LIB);
  }

  @Test
  void longAndNonAsciiNamesRoundTrip() throws Exception {
    String deep = "p/" + "d".repeat(120) + "/" + "e".repeat(90) + "/x.rego";
    String wide = "p/" + "é".repeat(200) + ".rego";
    PolicySnapshot s = new PolicySnapshot(List.of(new PolicySnapshot.Module(deep, "package p\n"),
        new PolicySnapshot.Module(wide, "package p\n\nx := 1\n")), Json.read("{}"), "r", "t");
    BundleArchive a = BundleArchive.read(BundleBuilder.build(s, null), BundleLimits.DEFAULT);
    assertThat(a.files()).extracting(BundleArchive.File::path).contains(deep, wide);
  }
}
