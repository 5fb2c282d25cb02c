package dev.gavel.rego.conformance;

/** The outcome of one conformance case; {@code detail} says why it failed or was skipped. */
public record CaseResult(ConformanceCase testCase, Status status, String detail, long millis) {
  public enum Status {
    PASSED,
    FAILED,
    SKIPPED
  }
}
