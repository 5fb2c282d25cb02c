package dev.gavel.opa.differential;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.embedded.EmbeddedEvaluator;
import dev.gavel.opa.OpaEvaluator;
import dev.gavel.opa.OpaServer;
import dev.gavel.testkit.SharedFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;

/**
 * bench/differential.sh's Java side: runs the differential parts against one real OPA and prints a
 * summary. Usage: {@code DifferentialMain [--variants N] [--programs N] [--seed S] [--record]
 * [--conformance DIR] [--sample N]}; {@code --record} stores new minimal disagreements as
 * regression cases in the repository.
 */
public final class DifferentialMain {
  private DifferentialMain() {}

  public static void main(String[] args) throws Exception {
    int variants = 100_000;
    int programs = 20_000;
    long seed = 1;
    boolean record = false;
    Path conformance = null;
    int sample = 0;
    int maxShrinks = Integer.MAX_VALUE;
    boolean raw = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--variants" -> variants = Integer.parseInt(args[++i]);
        case "--programs" -> programs = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--record" -> record = true;
        case "--conformance" -> conformance = Path.of(args[++i]);
        case "--sample" -> sample = Integer.parseInt(args[++i]);
        case "--max-shrinks" -> maxShrinks = Integer.parseInt(args[++i]);
        case "--raw" -> raw = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    for (int i = 0; i < sample; i++) {
      System.out.println("# program " + i + " (seed " + seed + ")\n" + ProgramGenerator.module(seed, i).render());
      System.out.println("# input " + ProgramInputs.input(seed, i, 0) + "\n");
    }
    if (sample > 0) {
      return;
    }
    Path repo = SharedFiles.repo();
    try (OpaServer server = OpaServer.start()) {
      System.out.println("OPA " + OpaServer.binary() + " on " + server.url());
      if (variants > 0) {
        policy(repo, server, variants, seed);
      }
      if (programs > 0) {
        programs(repo, server, programs, seed, record, maxShrinks, raw);
      }
      if (conformance != null) {
        ConformanceThroughOpa.report(conformance, OpaServer.binary(), System.out);
      }
    }
  }

  static void policy(Path repo, OpaServer server, int variants, long seed) throws Exception {
    PolicySnapshot policy = PolicyDifferential.shippedPolicy(repo);
    Map<String, ObjectNode> fixtures = PolicyDifferential.fixtureInputs(repo, policy);
    PolicyDifferential diff = new PolicyDifferential(policy, new EmbeddedEvaluator(Duration.ofSeconds(10)),
        new OpaEvaluator(server.url(), null, null, Duration.ofSeconds(10), 3));
    long t0 = System.nanoTime();
    PolicyDifferential.Summary f = diff.compare(fixtures);
    PolicyDifferential.Summary v = diff.compareVariants(new PolicyVariants(new ArrayList<>(fixtures.values()), seed), 0, variants);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("default policy: %d fixture inputs + %d variants (seed %d) in %.1f s%n", f.inputs(), v.inputs(), seed, ms / 1000.0);
    System.out.printf("  fixtures: %d disagreements; variants: %d disagreements, %d allowed, %d denied, %d errors on both%n",
        f.disagreements().size(), v.disagreements().size(), v.allowed(), v.inputs() - v.allowed() - v.errors()
            - v.disagreements().size(), v.errors());
    System.out.println("  reason codes reached by the variants (decisions): " + v.codes());
    v.disagreements().stream().limit(5).forEach(d -> System.out.println("  DISAGREE " + d.name() + "\n    embedded " + d.left()
        + "\n    opa      " + d.right()));
  }

  static void programs(Path repo, OpaServer server, int programs, long seed, boolean record, int maxShrinks, boolean raw) {
    RegressionCases cases = RegressionCases.inRepository(repo);
    try (Engines.Embedded embedded = new Engines.Embedded(Duration.ofSeconds(10))) {
      ProgramDifferential diff = new ProgramDifferential(embedded, new Engines.Opa(server.url(), Duration.ofSeconds(10)), 1500,
          maxShrinks);
      if (raw) {
        diff.showRaw(System.out::println);
      }
      ProgramDifferential.Summary s = diff.run(seed, 0, programs, cases);
      System.out.printf("random programs: %d programs (seed %d), %d evaluations by each engine in %.1f s%n", s.programs(), seed,
          s.questions(), s.millis() / 1000.0);
      System.out.println("  agreed: " + s.agreed());
      System.out.printf("  disagreements: %d (%d explained by recorded cases); the others shrunk to %d distinct minimal cases%s%n",
          s.disagreements(), s.explained(), s.minimal().size(), s.unshrunk() > 0 ? " (" + s.unshrunk() + " not shrunk)" : "");
      s.categories().forEach((c, n) -> System.out.printf("  %6d  %s%n", n, c));
      for (ProgramDifferential.Minimal m : s.minimal()) {
        String id = cases.find(m.module(), m.input(), m.strict()).orElse(null);
        if (record) {
          id = cases.record(m) + (id == null ? " (new, recorded)" : " (origins recorded)");
        }
        System.out.println("  --- " + (id == null ? "NEW (not recorded; rerun with --record)" : "case " + id) + ", " + m.found()
            + ", " + m.checks() + " shrink checks, " + m.origins().size() + " disagreement(s), " + m.category() + "\n  "
            + m.describe().replace("\n", "\n  "));
      }
    }
  }
}
