package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gavel keys rotate}: recorded in the ledger, followed by every verification. */
class KeyRotationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path home;

  String publicKey() {
    return CliRun.run(home, "keys", "public").out().lines().findFirst().orElseThrow();
  }

  @Test
  void verificationFollowsTheKeyHistoryFromAnyKeyInIt() throws Exception {
    CliRun.evaluate(home, "allow-high-credit-scorer.json");
    String first = publicKey();
    CliRun rotated = CliRun.run(home, "keys", "rotate");
    assertThat(rotated.exit()).as(rotated.err()).isZero();
    assertThat(rotated.out()).startsWith("rotated at ledger entry 2 (file -> file custody): " + first + " -> ");
    String second = publicKey();
    assertThat(second).isNotEqualTo(first);
    CliRun.evaluate(home, "deny-scan-stale.json");
    assertThat(CliRun.run(home, "keys", "rotate").exit()).isZero();
    CliRun.evaluate(home, "deny-approval-rejected.json");
    String third = publicKey();

    assertThat(CliRun.run(home, "ledger", "verify").out()).startsWith("OK: 6 entries").contains("3 attestations verified");
    Path export = home.resolve("e.jsonl");
    Path cp = home.resolve("cp.txt");
    Path partial = home.resolve("p.jsonl");
    CliRun.run(home, "ledger", "export", "-o", export.toString());
    CliRun.run(home, "ledger", "export", "--outcome", "deny", "-o", partial.toString());
    Files.writeString(cp, CliRun.run(home, "ledger", "checkpoint").out());
    for (String k : List.of(first, second, third)) {
      Path key = home.resolve("k.txt");
      Files.writeString(key, k + "\n");
      CliRun full = CliRun.run(home, "ledger", "verify", "--entries", export.toString(), "--checkpoint", cp.toString(),
          "--public-key", key.toString());
      assertThat(full.exit()).as(full.out()).isZero();
      CliRun part = CliRun.run(home, "ledger", "verify", "--entries", partial.toString(), "--public-key", key.toString());
      assertThat(part.exit()).as(part.out()).isZero();
      assertThat(part.out()).contains("4 entries").contains("2 attestations verified");
    }
  }

  @Test
  void aProcessHoldingTheRetiredKeyIsRefusedAfterTheRotation() throws Exception {
    CliRun.evaluate(home, "allow-high-credit-scorer.json");
    Path keys = home.resolve("keys");
    Files.copy(keys.resolve("ledger.key"), home.resolve("retired.key"));
    assertThat(CliRun.run(home, "keys", "rotate").exit()).isZero();
    String current = CliRun.run(home, "keys", "public").out();
    // A process still holding the retired key tries to append after the rotation: refused, nothing recorded.
    Files.copy(home.resolve("retired.key"), keys.resolve("ledger.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    CliRun stale = CliRun.evaluate(home, "deny-scan-stale.json");
    assertThat(stale.exit()).as(stale.err()).isEqualTo(2);
    assertThat(stale.err()).contains("signing key in force").contains("gavel keys rotate");
    Files.writeString(home.resolve("pub.txt"), current);
    CliRun r = CliRun.run(home, "ledger", "verify", "--public-key", home.resolve("pub.txt").toString());
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).startsWith("OK: 3 entries");
  }

  @Test
  void anInterruptedRotationBlocksSigningUntilResumed() throws Exception {
    CliRun.evaluate(home, "allow-minimal-classifier.json");
    String before = publicKey();
    Files.copy(home.resolve("keys/ledger.key"), home.resolve("keys/ledger.key.next"));
    CliRun blocked = CliRun.evaluate(home, "allow-minimal-classifier.json");
    assertThat(blocked.exit()).isEqualTo(2);
    assertThat(blocked.err()).contains("interrupted `gavel keys rotate`").contains("--resume");
    CliRun resumed = CliRun.run(home, "keys", "rotate", "--resume");
    assertThat(resumed.out()).startsWith("undone: the ledger never recorded the rotation");
    assertThat(publicKey()).isEqualTo(before);
    assertThat(CliRun.evaluate(home, "allow-minimal-classifier.json").exit()).isZero();
  }
}
