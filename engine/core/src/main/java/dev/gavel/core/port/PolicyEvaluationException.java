package dev.gavel.core.port;

/** The policy could not be evaluated; the gate treats this as an error, never an allow. */
public class PolicyEvaluationException extends Exception {
  public PolicyEvaluationException(String message) {
    super(message);
  }

  public PolicyEvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
