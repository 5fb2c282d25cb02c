package dev.gavel.embedded;

import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicyTester;
import dev.gavel.core.port.TimeSource;
import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.test.PolicyTestRunner;
import dev.gavel.rego.test.TestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A snapshot's test_ rules run with the embedded engine, as `gavel policy test` runs them. */
public final class EmbeddedPolicyTests implements PolicyTester {
  private final EmbeddedEvaluator evaluator;
  private final TimeSource clock;

  public EmbeddedPolicyTests(EmbeddedEvaluator evaluator, TimeSource clock) {
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Summary test(PolicySnapshot snapshot) throws PolicyEvaluationException {
    PolicyTestRunner.Outcome outcome = new PolicyTestRunner(evaluator.rego(snapshot), EvalOptions.at(clock.now())).run();
    int passed = 0;
    int failed = 0;
    int errors = 0;
    int skipped = 0;
    List<String> failures = new ArrayList<>();
    for (TestResult t : outcome.results()) {
      switch (t.status()) {
        case PASS -> passed++;
        case SKIPPED -> skipped++;
        case FAIL, ERROR -> {
          if (t.status() == TestResult.Status.FAIL) {
            failed++;
          } else {
            errors++;
          }
          failures.add(t.location() + ": " + t.name() + ": " + t.status() + (t.error() == null ? "" : " (" + t.error() + ")"));
        }
        default -> { }
      }
    }
    return new Summary(passed, failed, errors, skipped, failures);
  }
}
