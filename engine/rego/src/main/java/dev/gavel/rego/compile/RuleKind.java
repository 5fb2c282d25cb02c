package dev.gavel.rego.compile;

/** How a rule contributes to the document at its path. */
public enum RuleKind {
  /** One value at its path ({@code p := v}, {@code p if ...}, or ref heads with variables: {@code p[k] := v}). */
  SINGLE_VALUE,
  /** A set of values at its path ({@code p contains x}). */
  MULTI_VALUE,
  /** A function ({@code f(x) := y}). */
  FUNCTION
}
