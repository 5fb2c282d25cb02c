package dev.gavel.rego.test;

import dev.gavel.rego.Location;

/** The outcome of one test rule, named as OPA names it ({@code data.pkg.test_name}). */
public record TestResult(String name, Location location, Status status, String error, long nanos) {
  public enum Status {
    PASS,
    FAIL,
    ERROR,
    SKIPPED
  }
}
