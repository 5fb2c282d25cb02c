package dev.gavel.cli.bench;

import dev.gavel.bundles.PolicyFiles;
import dev.gavel.core.Decision;
import dev.gavel.core.DecisionReplay;
import dev.gavel.core.ReleaseGate;
import dev.gavel.core.ReleaseRequest;
import dev.gavel.core.ReleaseRequestParser;
import dev.gavel.core.governance.ImpactAnalysis;
import dev.gavel.core.governance.ImpactReport;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicyTester;
import dev.gavel.embedded.EmbeddedEvaluator;
import dev.gavel.embedded.EmbeddedPolicyTests;
import dev.gavel.git.GitPolicySource;
import dev.gavel.git.TestRepo;
import dev.gavel.json.Json;
import dev.gavel.runtime.Gavel;
import dev.gavel.runtime.GavelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Governance speed, with same-run baselines: impact analysis over 10,000 recorded decisions (read
 * from the ledger, parsed, re-verified and re-evaluated) next to re-deciding the same decisions
 * already in memory (plain evaluation: request validation, evidence verification, policy
 * evaluation); and the gates of an activation (read a 1,000-file revision from Git, compile it,
 * run its tests) next to loading the same files from a directory and compiling them. Run with
 * {@code bench/governance.sh}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(1)
public class GovernanceBench {
  static final int DECISIONS = 10_000;
  static final int FILES = 1_000;

  /** A ledger of 10,000 decisions of the 27 demo requests, and the policy they were made with. */
  @State(Scope.Benchmark)
  public static class Recorded {
    Path home;
    Gavel gavel;
    PolicySnapshot policy;
    List<Decision> decisions = new ArrayList<>();
    DecisionReplay replay;

    @Setup(Level.Trial)
    public void record() throws Exception {
      Path repo = dev.gavel.testkit.SharedFiles.repo();
      home = Files.createTempDirectory("gavel-governance-bench");
      Files.writeString(home.resolve("gavel.yaml"), "checkpoint-every: 4096\n");
      gavel = Gavel.start(GavelConfig.resolve(new GavelConfig.Flags(home, List.of(repo.resolve("policies")),
          List.of(repo.resolve("test-fixtures/trust.json")), null, null), Map.of()));
      ReleaseGate gate = gavel.releaseGate();
      policy = gavel.policySource().active();
      List<ReleaseRequest> requests = new ArrayList<>();
      ReleaseRequestParser parser = new ReleaseRequestParser();
      try (Stream<Path> s = Files.list(repo.resolve("test-fixtures/requests"))) {
        for (Path p : s.filter(p -> p.getFileName().toString().matches("(allow|deny)-.*\\.json")).sorted().toList()) {
          requests.add(parser.parse(Files.readString(p)));
        }
      }
      Instant at = Instant.parse("2026-12-01T12:00:00Z");
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int w = t;
        Thread th = new Thread(() -> {
          for (int i = w; i < DECISIONS; i += 8) {
            try {
              gate.decide(requests.get(i % requests.size()), at);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
        ts.add(th);
        th.start();
      }
      for (Thread th : ts) {
        th.join();
      }
      gavel.reader().query(EntryQuery.decisions(null, null, null, null), row -> {
        try {
          decisions.add(Decision.fromEntry(Json.read(row.canonical()), row.entryHash()));
        } catch (Json.ParseException e) {
          throw new IllegalStateException(e);
        }
      });
      replay = gavel.replay();
    }

    @TearDown(Level.Trial)
    public void remove() throws Exception {
      gavel.close();
      delete(home);
    }
  }

  /** Decisions replayed per second, read from the ledger. */
  @Benchmark
  @OperationsPerInvocation(DECISIONS)
  public ImpactReport impactAnalysis(Recorded r) throws Exception {
    ImpactReport report = new ImpactAnalysis(r.gavel.reader(), r.gavel.evaluator()).run(r.policy, null, DECISIONS);
    if (!report.changed().isEmpty() || report.replayed() != DECISIONS) {
      throw new IllegalStateException("the recorded policy must reproduce every decision: " + report.toText());
    }
    return report;
  }

  /** Baseline: the same decisions re-decided from memory (no ledger read, no JSON parsing). */
  @Benchmark
  @OperationsPerInvocation(DECISIONS)
  public int plainEvaluation(Recorded r) {
    int same = 0;
    for (Decision d : r.decisions) {
      if (r.replay.replay(d, r.policy).status() == DecisionReplay.Status.IDENTICAL) {
        same++;
      }
    }
    return same;
  }

  /** A revision of 1,000 policy files in Git and the same files in a directory. */
  @State(Scope.Benchmark)
  public static class Revision {
    Path dir;
    TestRepo repo;
    String commit;

    @Setup(Level.Trial)
    public void build() throws Exception {
      dir = Files.createTempDirectory("gavel-governance-files");
      Map<String, String> files = new HashMap<>();
      for (int i = 0; i < FILES; i++) {
        files.put("policies/rules/r" + i + ".rego", "package gavel.rules.r" + i + "\n\nimport rego.v1\n\n"
            + "deny contains {\"code\": \"rule." + i + "\", \"message\": \"rule " + i + "\"} if input.kind == \"kind-" + i + "\"\n\n"
            + "test_rule_" + i + " if count(deny) == 0 with input as {\"kind\": \"other\"}\n");
      }
      repo = TestRepo.init(Files.createDirectories(dir.resolve("repo")));
      commit = repo.commit("dana@example.com", "1,000 rules", files);
    }

    @TearDown(Level.Trial)
    public void remove() throws Exception {
      repo.close();
      delete(dir);
    }
  }

  /** Activation gates per second: read the revision from Git, compile it, run its 1,000 tests. */
  @Benchmark
  public PolicyTester.Summary activationGates(Revision r) throws Exception {
    try (GitPolicySource git = GitPolicySource.open(r.repo.dir().toString(), "main", null, r.dir.resolve("cache"), dev.gavel.git.RemoteAccess.NONE)) {
      PolicySnapshot s = git.snapshot(r.commit);
      EmbeddedEvaluator e = new EmbeddedEvaluator(Duration.ofSeconds(60));
      e.prepare(s);
      PolicyTester.Summary t = new EmbeddedPolicyTests(e, Instant::now).test(s);
      if (t.passed() != FILES) {
        throw new IllegalStateException("expected " + FILES + " passing tests but got " + t);
      }
      return t;
    }
  }

  /** Baseline: the same files loaded from a directory and compiled (no Git, no tests). */
  @Benchmark
  public PolicySnapshot directoryLoadAndCompile(Revision r) throws Exception {
    PolicySnapshot s = PolicyFiles.load(List.of(r.repo.dir().resolve("policies")), List.of());
    new EmbeddedEvaluator(Duration.ofSeconds(60)).prepare(s);
    return s;
  }

  static void delete(Path dir) throws Exception {
    dev.gavel.testkit.Trees.delete(dir);
  }
}
