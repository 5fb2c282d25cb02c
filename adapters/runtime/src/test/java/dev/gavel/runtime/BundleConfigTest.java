package dev.gavel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.bundles.BundleLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gavel.yaml bundle keys, and how the policy source is chosen when flags, environment and file disagree. */
class BundleConfigTest {
  @TempDir
  Path home;

  GavelConfig resolve(GavelConfig.Flags flags, Map<String, String> env) throws ConfigurationException {
    return GavelConfig.resolve(flags, env);
  }

  GavelConfig.Flags flags(List<Path> policies, Path bundle, Path key) {
    return new GavelConfig.Flags(home, policies, List.of(), null, null, bundle, key);
  }

  @Test
  void gavelYamlNamesABundleItsKeyAndLimits() throws Exception {
    Files.writeString(home.resolve("gavel.yaml"), "bundle: gavel.tar.gz\nbundle-public-key: keys/bundle.pub\n"
        + "bundle-limits: {entries: 50, entry-bytes: 1024, total-bytes: 4096}\n");
    GavelConfig c = resolve(flags(List.of(), null, null), Map.of());
    assertThat(c.bundle()).isEqualTo(home.resolve("gavel.tar.gz"));
    assertThat(c.bundlePublicKey()).isEqualTo(home.resolve("keys/bundle.pub"));
    assertThat(c.bundleLimits()).isEqualTo(new BundleLimits(50, 1024, 4096));
  }

  @Test
  void aConfiguredKeyWithADirectorySourceFailsClosed() throws Exception {
    Files.writeString(home.resolve("gavel.yaml"), "bundle: gavel.tar.gz\nbundle-public-key: keys/bundle.pub\n");
    // GAVEL_POLICIES outranks the file, but a configured key must not be bypassed by it.
    assertThatThrownBy(() -> resolve(flags(List.of(), null, null), Map.of("GAVEL_POLICIES", "/srv/policies")))
        .hasMessageContaining("a bundle public key is configured but the policy source is a directory");
    assertThatThrownBy(() -> resolve(flags(List.of(Path.of("p")), null, null), Map.of()))
        .hasMessageContaining("a configured key means policies must come from a signed bundle");
  }

  @Test
  void twoSourcesAtOneLevelAreAnError() throws Exception {
    assertThatThrownBy(() -> resolve(flags(List.of(Path.of("p")), Path.of("b.tar.gz"), null), Map.of()))
        .hasMessage("--policies, --bundle and --policy-repo name different policy sources: give one");
    Files.writeString(home.resolve("gavel.yaml"), "bundle: b.tar.gz\npolicies: [p]\n");
    assertThatThrownBy(() -> resolve(flags(List.of(), null, null), Map.of())).hasMessageContaining("policies, bundle and policy-repo name different policy sources");
  }

  @Test
  void aBundleFlagOutranksTheEnvironment() throws Exception {
    GavelConfig c = resolve(flags(List.of(), Path.of("b.tar.gz"), null), Map.of("GAVEL_POLICIES", "/srv/policies"));
    assertThat(c.bundle()).isEqualTo(Path.of("b.tar.gz"));
    assertThat(c.policies()).isEmpty();
  }

  @Test
  void badBundleLimitsNameTheLine() throws Exception {
    Files.writeString(home.resolve("gavel.yaml"), "store: x\nbundle-limits: {entries: 0}\n");
    assertThatThrownBy(() -> resolve(flags(List.of(), null, null), Map.of())).hasMessageContaining("gavel.yaml:2:1:")
        .hasMessageContaining("bundle-limits.entries must be a whole number of at least 1");
    Files.writeString(home.resolve("gavel.yaml"), "bundle-limits: {files: 3}\n");
    assertThatThrownBy(() -> resolve(flags(List.of(), null, null), Map.of())).hasMessageContaining("unknown key bundle-limits.files");
  }
}
