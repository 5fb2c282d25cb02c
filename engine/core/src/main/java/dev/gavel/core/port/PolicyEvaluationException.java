package dev.gavel.core.port;

import java.util.Objects;

/** The policy could not be evaluated; the gate treats this as an error, never an allow. */
public class PolicyEvaluationException extends Exception {
  /** Why: the policy itself is broken, or this evaluation failed, or a limit ended it, or the evaluator is unreachable. */
  public enum Kind { POLICY_INVALID, EVALUATION_FAILED, LIMIT_EXCEEDED, UNAVAILABLE }

  private final Kind kind;

  public PolicyEvaluationException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public PolicyEvaluationException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** An evaluation failure. */
  public PolicyEvaluationException(String message) {
    this(Kind.EVALUATION_FAILED, message);
  }

  public Kind kind() {
    return kind;
  }
}
