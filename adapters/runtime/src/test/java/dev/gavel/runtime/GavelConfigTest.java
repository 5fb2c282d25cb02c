package dev.gavel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.rego.EvalLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration precedence: defaults, then gavel.yaml, then the environment, then flags. */
class GavelConfigTest {
  @TempDir
  Path home;

  @Test
  void flagsBeatTheEnvironmentWhichBeatsTheFile() throws Exception {
    Files.writeString(home.resolve("gavel.yaml"), "policies: [from-file]\nstore: jdbc:sqlite:/tmp/file.db\n"
        + "evaluation-timeout: 250ms\nevaluation-limits: {steps: 1000}\ncheckpoint-every: 64\n");
    GavelConfig fileOnly = GavelConfig.resolve(new GavelConfig.Flags(home, List.of(), List.of(), null, null), Map.of());
    assertThat(fileOnly.policies()).containsExactly(home.resolve("from-file"));
    assertThat(fileOnly.store()).isEqualTo("jdbc:sqlite:/tmp/file.db");
    assertThat(fileOnly.evaluationTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(fileOnly.evaluationLimits()).isEqualTo(EvalLimits.DEFAULT.withMaxSteps(1000));
    assertThat(fileOnly.checkpointEvery()).isEqualTo(64);
    GavelConfig env = GavelConfig.resolve(new GavelConfig.Flags(home, List.of(), List.of(), null, null),
        Map.of("GAVEL_POLICIES", "/from/env"));
    assertThat(env.policies()).containsExactly(Path.of("/from/env"));
    GavelConfig flags = GavelConfig.resolve(new GavelConfig.Flags(home, List.of(Path.of("/from/flag")), List.of(), null,
        "jdbc:sqlite:/tmp/flag.db"), Map.of("GAVEL_POLICIES", "/from/env"));
    assertThat(flags.policies()).containsExactly(Path.of("/from/flag"));
    assertThat(flags.store()).isEqualTo("jdbc:sqlite:/tmp/flag.db");
  }

  @Test
  void withoutAFileTheDefaultsHoldAndNothingIsCreated() throws Exception {
    Path missing = home.resolve("not-yet");
    GavelConfig c = GavelConfig.resolve(new GavelConfig.Flags(missing, List.of(), List.of(), null, null), Map.of());
    assertThat(c.store()).endsWith("not-yet/ledger.db");
    assertThat(c.evaluationLimits()).isEqualTo(EvalLimits.DEFAULT);
    assertThat(c.policies()).isEmpty();
    assertThat(Files.exists(missing)).isFalse();
  }

  @Test
  void theServeMappingIsHandedToTheServerAndMustBeAMapping() throws Exception {
    Files.writeString(home.resolve("gavel.yaml"), "store: jdbc:sqlite:/tmp/x.db\nserve:\n  listen: 0.0.0.0:8443\n  max-body: 1MiB\n");
    assertThat(GavelConfig.serveSection(home).path("listen").asText()).isEqualTo("0.0.0.0:8443");
    assertThat(GavelConfig.resolve(new GavelConfig.Flags(home, List.of(), List.of(), null, null), Map.of()).store())
        .isEqualTo("jdbc:sqlite:/tmp/x.db");
    Files.writeString(home.resolve("gavel.yaml"), "serve: 8443\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GavelConfig.serveSection(home))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("gavel.yaml:1:1: serve must be a mapping");
    Files.delete(home.resolve("gavel.yaml"));
    assertThat(GavelConfig.serveSection(home)).isNull();
  }
}
