package dev.gavel.opa.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.opa.OpaServer;
import dev.gavel.testkit.SharedFiles;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 2,000 random programs (seed 1; bench/differential.sh runs more) evaluated by the embedded engine
 * and a real OPA, each over two inputs. Every disagreement must be explained by a regression case
 * in engine/rego/src/test/resources/differential: a check only one engine makes by its category,
 * any other by where it was found (origins.txt). An unexplained one is shrunk and shown, with how
 * to record it.
 */
class RandomProgramDifferentialTest {
  static final long SEED = 1;
  static final int PROGRAMS = 2_000;

  @Test
  void everyDisagreementOnTwoThousandRandomProgramsIsARecordedCase() throws Exception {
    OpaServer.binary();
    RegressionCases cases = RegressionCases.inRepository(SharedFiles.repo());
    try (OpaServer opa = OpaServer.start(); Engines.Embedded embedded = new Engines.Embedded(Duration.ofSeconds(10))) {
      ProgramDifferential diff = new ProgramDifferential(embedded, new Engines.Opa(opa.url(), Duration.ofSeconds(10)), 600, 10);
      ProgramDifferential.Summary s = diff.run(SEED, 0, PROGRAMS, cases);
      System.out.printf("random programs: %d programs, %d evaluations by each engine in %.1f s; agreed %s; %d disagreements, %d explained"
          + " by recorded cases%n", s.programs(), s.questions(), s.millis() / 1000.0, s.agreed(), s.disagreements(), s.explained());
      String unexplained = s.minimal().stream().map(m -> m.found() + " [" + m.category() + "]\n  " + m.describe().replace("\n", "\n  "))
          .collect(Collectors.joining("\n"));
      assertThat(s.minimal()).as("disagreements no recorded case explains (record them with bench/differential.sh --programs %d --seed %d"
          + " --record, then explain each in known.txt):\n%s", PROGRAMS, SEED, unexplained).isEmpty();
      assertThat(s.unshrunk()).isZero();
      assertThat(s.explained()).isEqualTo(s.disagreements());
      // The programs mostly compile and evaluate alike: they test evaluation, not only the compilers.
      int agreed = s.agreed().values().stream().mapToInt(Integer::intValue).sum();
      assertThat(agreed).isGreaterThan(s.questions() * 6 / 10);
      assertThat(s.agreed().getOrDefault("value", 0)).isGreaterThan(s.questions() / 2);
      assertThat(s.agreed().getOrDefault("eval_error", 0)).isGreaterThan(s.questions() / 20);
    }
  }
}
