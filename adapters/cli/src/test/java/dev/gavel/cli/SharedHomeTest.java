package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one $GAVEL_HOME, as pipelines on one runner are, and an auditor who may
 * only read: real child JVMs, a real SQLite file.
 */
class SharedHomeTest {
  @TempDir
  Path home;

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void fourProcessesOnOneNewHomeRecordEveryDecisionOnceInOneValidChain() throws Exception {
    List<Process> children = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      children.add(new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), EvaluateLoop.class.getName(),
          home.toString(), CliRun.repo().resolve("policies").toString(), CliRun.repo().resolve("test-fixtures/trust.json").toString(),
          CliRun.request(p % 2 == 0 ? "allow-minimal-classifier.json" : "deny-unacceptable-tier.json").toString(), "25")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }
    List<String> lines = new ArrayList<>();
    for (Process c : children) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
        in.lines().forEach(lines::add);
      }
      assertThat(c.waitFor(300, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(lines).hasSize(100);
    Set<String> ids = new HashSet<>();
    for (String l : lines) {
      String[] f = l.split(" ", 4);
      assertThat(f[1]).as(l).isIn("0", "1");
      ids.add(f[2]);
    }
    assertThat(ids).as("every decision has its own id").hasSize(100);
    CliRun verify = CliRun.run(home, "ledger", "verify");
    assertThat(verify.exit()).as(verify.out()).isZero();
    // one policy activation (the first process to decide recorded it) and the 100 decisions
    assertThat(verify.out()).startsWith("OK: 101 entries");
    List<String> exported = new ArrayList<>();
    Path f = home.resolve("export.jsonl");
    assertThat(CliRun.run(home, "ledger", "export", "--format", "csv", "-o", f.toString()).exit()).isZero();
    exported.addAll(Files.readAllLines(f));
    for (String id : ids) {
      assertThat(exported.stream().filter(r -> r.contains("," + id + ",")).count()).as(id).isEqualTo(1);
    }
  }

  /**
   * An auditor verifies a ledger they cannot write: the file is 0444 and its directory 0555. As
   * root (who may write anyway) the audit runs as the unprivileged user nobody, with a copy of the
   * classpath nobody can read.
   */
  @Test
  void anAuditorVerifiesADatabaseTheyCannotWrite() throws Exception {
    assertThat(CliRun.evaluate(home, "allow-minimal-classifier.json").exit()).isZero();
    Path pub = home.resolve("pub.txt");
    Files.writeString(pub, CliRun.run(home, "keys", "public").out());
    Path audit = Files.createTempDirectory("gavel-audit");
    Path copy = Files.createDirectories(audit.resolve("home"));
    Files.copy(home.resolve("ledger.db"), copy.resolve("ledger.db"));
    Files.copy(pub, audit.resolve("pub.txt"));
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> cmd = new ArrayList<>();
    String classpath = System.getProperty("java.class.path");
    if (root) {
      Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")),
          "running as root without setpriv: cannot run the audit as another user; skipping");
      classpath = readableCopy(classpath, audit.resolve("cp"));
      cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    Files.setPosixFilePermissions(copy.resolve("ledger.db"), PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r-xr-xr-x"));
    Files.setPosixFilePermissions(audit, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(audit.resolve("pub.txt"), PosixFilePermissions.fromString("rw-r--r--"));
    cmd.addAll(List.of(java(), "-cp", classpath, Main.class.getName(), "ledger", "verify", "--home", copy.toString(),
        "--public-key", audit.resolve("pub.txt").toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).startsWith("OK: 2 entries");
    try (Stream<Path> s = Files.list(copy)) {
      assertThat(s.map(x -> x.getFileName().toString()).toList()).as("nothing created beside the database").containsExactly("ledger.db");
    }
    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwx------"));
  }

  /** Copies every classpath entry into a directory anyone can read; returns the new classpath. */
  static String readableCopy(String classpath, Path dir) throws Exception {
    Files.createDirectories(dir);
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String e : classpath.split(java.io.File.pathSeparator)) {
      Path src = Path.of(e);
      if (!Files.exists(src)) {
        continue;
      }
      Path dst = dir.resolve((n++) + "-" + src.getFileName());
      if (Files.isDirectory(src)) {
        dev.gavel.testkit.Trees.copy(src, dst);
      } else {
        Files.copy(src, dst);
      }
      out.add(dst.toString());
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path x : s.toList()) {
        Files.setPosixFilePermissions(x, Files.isDirectory(x) ? PosixFilePermissions.fromString("rwxr-xr-x")
            : Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
      }
    }
    return String.join(java.io.File.pathSeparator, out);
  }
}
