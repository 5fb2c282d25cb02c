package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A revision names one policy: two bundles claiming one revision for different text cannot both decide. */
class PolicyRevisionTest {
  @TempDir
  Path home;

  @TempDir
  Path tmp;

  Path bundle(String name, String rules) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("d.rego"), "package gavel.release\n\n" + rules
        + "\ndecision := {\"allow\": count(deny) == 0, \"deny\": deny}\n");
    Path out = tmp.resolve(name + ".tar.gz");
    CliRun b = CliRun.run(home, "bundle", "build", "--policies", dir.toString(), "--revision", "v1", "-o", out.toString());
    assertThat(b.exit()).as(b.err()).isZero();
    return out;
  }

  @Test
  void aSecondPolicyUnderARecordedRevisionIsRefused() throws Exception {
    Path lenient = bundle("lenient", "deny := set()\n");
    Path strict = bundle("strict", "deny contains \"no\" if true\n");
    assertThat(CliRun.run(home, "evaluate", "--bundle", lenient.toString(), CliRun.request("allow-minimal-classifier.json").toString())
        .exit()).isZero();
    CliRun r = CliRun.run(home, "evaluate", "--bundle", strict.toString(), CliRun.request("allow-minimal-classifier.json").toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("policy revision v1 is already recorded").contains("with other policy text or data");
    assertThat(CliRun.run(home, "ledger", "verify").exit()).isZero();
  }
}
