package dev.gavel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.store.StoreCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who the store logs in as: the environment over gavel.yaml (a password only from a file there), never printed. */
class StoreCredentialsConfigTest {
  @TempDir
  Path home;

  GavelConfig resolve(Map<String, String> env) throws ConfigurationException {
    return GavelConfig.resolve(new GavelConfig.Flags(home, List.of(), List.of(), null, null), env);
  }

  @Test
  void theEnvironmentBeatsGavelYamlWhosePasswordComesFromAFile() throws Exception {
    Files.writeString(home.resolve("db.password"), "from-file-pw\nignored second line\n");
    Files.writeString(home.resolve("gavel.yaml"), "store: jdbc:postgresql://db/gavel\nstore-user: yaml-user\n"
        + "store-password-file: db.password\n");
    assertThat(resolve(Map.of()).storeCredentials()).isEqualTo(new StoreCredentials("yaml-user", "from-file-pw"));
    assertThat(resolve(Map.of("GAVEL_STORE_USER", "env-user", "GAVEL_STORE_PASSWORD", "env-pw")).storeCredentials())
        .isEqualTo(new StoreCredentials("env-user", "env-pw"));
    GavelConfig c = resolve(Map.of());
    assertThat(c.toString()).doesNotContain("from-file-pw");
  }

  @Test
  void nothingConfiguredLeavesItToTheUrlAndTheDriver() throws Exception {
    assertThat(resolve(Map.of()).storeCredentials()).isEqualTo(StoreCredentials.NONE);
  }

  @Test
  void aPasswordWithoutAUserOrAnUnreadablePasswordFileIsAConfigurationError() throws Exception {
    assertThatThrownBy(() -> resolve(Map.of("GAVEL_STORE_PASSWORD", "pw"))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no store user").hasMessageNotContaining("pw\"");
    Files.writeString(home.resolve("gavel.yaml"), "store-user: u\nstore-password-file: missing.password\n");
    assertThatThrownBy(() -> resolve(Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("store-password-file").hasMessageContaining("missing.password");
  }
}
