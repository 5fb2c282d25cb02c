package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `gavel serve` refuses a bad configuration before it listens or records anything, naming the flag or key. */
class ServeCommandTest {
  @TempDir
  Path home;

  @Test
  void badSettingsAreNamedAndNothingStarts() throws Exception {
    CliRun remote = CliRun.run(home, "serve", "--listen", "0.0.0.0:0", "--plaintext");
    assertThat(remote.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(remote.err()).contains("loopback", "--allow-remote-plaintext");
    CliRun size = CliRun.run(home, "serve", "--plaintext", "--listen", "127.0.0.1:0", "--max-body", "lots");
    assertThat(size.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(size.err()).contains("--max-body must be a size");
    CliRun noTls = CliRun.run(home, "serve", "--listen", "127.0.0.1:0");
    assertThat(noTls.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(noTls.err()).contains("--tls-cert and --tls-key");
    Files.writeString(home.resolve("gavel.yaml"), "serve:\n  listen: 127.0.0.1:0\n  plaintext: true\n  rate-limt: 5\n");
    CliRun unknown = CliRun.run(home, "serve");
    assertThat(unknown.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(unknown.err()).contains("serve.rate-limt");
    Files.writeString(home.resolve("gavel.yaml"), "serve:\n  listen: 127.0.0.1:0\n  plaintext: true\n  workers: -3\n");
    CliRun workers = CliRun.run(home, "serve");
    assertThat(workers.exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(workers.err()).contains("gavel.yaml serve.workers");
    assertThat(Files.exists(home.resolve("ledger.db"))).as("nothing recorded").isFalse();
    CliRun help = CliRun.run(home, "serve", "--help");
    assertThat(help.out()).contains("--tls-cert", "--client-ca", "--max-body", "gavel.yaml");
  }
}
