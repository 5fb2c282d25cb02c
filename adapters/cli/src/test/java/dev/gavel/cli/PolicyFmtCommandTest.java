package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.opa.OpaServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gavel policy fmt through the CLI: rewriting, --check for CI, --diff, and refusing what does not parse. */
class PolicyFmtCommandTest {
  static final String MESSY = "package p\nallow = true if { input.user == \"admin\"; input.ok }\nx = 1\n";
  static final String FORMATTED = "package p\n\nallow if {\n\tinput.user == \"admin\"\n\tinput.ok\n}\n\nx := 1\n";

  @TempDir
  Path home;

  @TempDir
  Path dir;

  @Test
  void rewritesFilesThatChangeAndListsThem() throws Exception {
    Path messy = Files.writeString(dir.resolve("messy.rego"), MESSY);
    Files.createDirectories(dir.resolve("sub"));
    Path tidy = Files.writeString(dir.resolve("sub/tidy.rego"), FORMATTED, StandardCharsets.UTF_8);
    CliRun r = CliRun.run(home, "policy", "fmt", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(messy + "\n");
    assertThat(Files.readString(messy)).isEqualTo(FORMATTED);
    assertThat(Files.readString(tidy)).isEqualTo(FORMATTED);
    assertThat(CliRun.run(home, "policy", "fmt", "--check", dir.toString()).exit()).isZero();
  }

  @Test
  void checkExitsOneWhenAFileWouldChangeAndWritesNothing() throws Exception {
    Path messy = Files.writeString(dir.resolve("messy.rego"), MESSY);
    Files.writeString(dir.resolve("tidy.rego"), FORMATTED);
    CliRun r = CliRun.run(home, "policy", "fmt", "--check", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEqualTo(messy + "\n");
    assertThat(Files.readString(messy)).isEqualTo(MESSY);
    CliRun tidy = CliRun.run(home, "policy", "fmt", "--check", dir.resolve("tidy.rego").toString());
    assertThat(tidy.exit()).isZero();
    assertThat(tidy.out()).isEmpty();
  }

  @Test
  void diffShowsTheChangeAndWritesNothing() throws Exception {
    Path messy = Files.writeString(dir.resolve("messy.rego"), MESSY);
    CliRun r = CliRun.run(home, "policy", "fmt", "--diff", messy.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("--- " + messy + "\n+++ " + messy + " (formatted)\n"
        + "@@ -1,3 +1,8 @@\n package p\n-allow = true if { input.user == \"admin\"; input.ok }\n-x = 1\n+\n+allow if {\n"
        + "+\tinput.user == \"admin\"\n+\tinput.ok\n+}\n+\n+x := 1\n");
    assertThat(Files.readString(messy)).isEqualTo(MESSY);
    assertThat(CliRun.run(home, "policy", "fmt", "--diff", "--check", messy.toString()).exit()).isEqualTo(1);
  }

  @Test
  void aFileThatDoesNotParseChangesNothing() throws Exception {
    Path messy = Files.writeString(dir.resolve("a.rego"), MESSY);
    Path bad = Files.writeString(dir.resolve("b.rego"), "package p\n\np if {\n");
    CliRun r = CliRun.run(home, "policy", "fmt", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(bad + ":").contains("rego_parse_error").contains("nothing written");
    assertThat(Files.readString(messy)).isEqualTo(MESSY);
  }

  @Test
  void aMissingPathIsBadInput() {
    CliRun r = CliRun.run(home, "policy", "fmt", dir.resolve("nope.rego").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no such file or directory").contains("nope.rego");
  }

  /** The repository's policies, formatted by gavel and by a real opa fmt (skipped without an OPA binary). */
  @Test
  void formatsTheRepositoryPoliciesAsOpaFmtDoes() throws Exception {
    String opa = OpaServer.binary();
    Path ours = dir.resolve("ours");
    Path theirs = dir.resolve("theirs");
    copy(CliRun.repo().resolve("policies"), ours);
    copy(CliRun.repo().resolve("policies"), theirs);
    List<String> listed = new ArrayList<>();
    for (String line : run(opa, "fmt", "--list", theirs.toString()).split("\n")) {
      if (!line.isBlank()) {
        listed.add(theirs.relativize(Path.of(line.strip())).toString());
      }
    }
    CliRun check = CliRun.run(home, "policy", "fmt", "--check", ours.toString());
    List<String> ourList = new ArrayList<>();
    for (String line : check.out().split("\n")) {
      if (!line.isBlank()) {
        ourList.add(ours.relativize(Path.of(line)).toString());
      }
    }
    assertThat(ourList).as("files --check reports, against opa fmt --list").containsExactlyInAnyOrderElementsOf(listed);
    assertThat(check.exit()).isEqualTo(listed.isEmpty() ? 0 : 1);
    assertThat(CliRun.run(home, "policy", "fmt", ours.toString()).exit()).isZero();
    run(opa, "fmt", "-w", theirs.toString());
    try (Stream<Path> s = Files.walk(ours)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".rego")).toList()) {
        assertThat(Files.readString(p)).as(p.toString()).isEqualTo(Files.readString(theirs.resolve(ours.relativize(p))));
      }
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
