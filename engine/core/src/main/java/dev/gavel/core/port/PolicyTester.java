package dev.gavel.core.port;

import java.util.List;

/** Runs a snapshot's own tests (its {@code test_} rules, like `opa test`). */
public interface PolicyTester {
  /** The outcome of the tests; throws with kind POLICY_INVALID when the snapshot does not compile. */
  Summary test(PolicySnapshot snapshot) throws PolicyEvaluationException;

  /** Counts, and what failed ({@code file:line: name: status (error)}). */
  record Summary(int passed, int failed, int errors, int skipped, List<String> failures) {
    public Summary {
      failures = List.copyOf(failures);
    }

    public boolean allPassed() {
      return failed == 0 && errors == 0;
    }

    public int total() {
      return passed + failed + errors + skipped;
    }

    @Override
    public String toString() {
      return passed + "/" + total() + " passed" + (failed > 0 ? ", " + failed + " failed" : "") + (errors > 0 ? ", " + errors
          + " errors" : "") + (skipped > 0 ? ", " + skipped + " skipped" : "");
    }
  }
}
