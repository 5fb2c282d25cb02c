package dev.gavel.http;

import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicySourceException;
import java.util.concurrent.CompletionException;

/**
 * The one place where failures become HTTP answers (the server's counterpart of the CLI's
 * Failures): bad input is 400 naming every JSON path; a refusal by the handler 403 or 404; a full
 * worker pool or an unusable ledger or policy 503 (never an allow; nothing recorded); an evaluation
 * that fails or hits a limit 500. Internal details that could leak secrets are not echoed: only
 * the messages of Gavel's own exceptions, which name files, paths and rules, never keys or tokens.
 */
final class Failure {
  private Failure() {}

  /** A refusal a handler decided on (the status and problem are final). */
  static final class Refusal extends Exception {
    final Problem problem;

    Refusal(Problem problem) {
      super(problem.detail());
      this.problem = problem;
    }
  }

  static Refusal refuse(int status, String slug, String title, String detail) {
    return new Refusal(Problem.of(status, slug, title, detail));
  }

  /** The problem for {@code t}, and the reason recorded in metrics and the access log. */
  static Problem problem(Throwable t) {
    if (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof Refusal r) {
      return r.problem;
    }
    if (t instanceof InvalidRequestException e) {
      return Problem.invalid("the request is not a valid ReleaseRequest (nothing was evaluated or recorded)", e.problems());
    }
    if (t instanceof BlockingPool.Busy b) {
      return Problem.of(503, "overloaded", "Server busy", b.getMessage() + "; retry later (nothing was evaluated or recorded)");
    }
    if (t instanceof PolicyEvaluationException e) {
      return switch (e.kind()) {
        case POLICY_INVALID -> Problem.of(503, "policy-unusable", "Policy unusable",
            "the active policy does not compile; nothing was decided or recorded: " + e.getMessage());
        case UNAVAILABLE -> Problem.of(503, "evaluator-unavailable", "Evaluator unavailable", e.getMessage());
        case LIMIT_EXCEEDED -> Problem.of(500, "evaluation-limit", "Evaluation limit exceeded",
            "cannot decide (fail closed, nothing recorded): " + e.getMessage());
        default -> Problem.of(500, "evaluation-failed", "Evaluation failed",
            "cannot decide (fail closed, nothing recorded): " + e.getMessage());
      };
    }
    if (t instanceof PolicySourceException e) {
      return Problem.of(503, "policy-unusable", "Policy unusable", "the active policy cannot be read: " + e.getMessage());
    }
    if (t instanceof LedgerException e) {
      return Problem.of(503, "ledger-unusable", "Ledger unusable", "the ledger cannot record or be read (fail closed, "
          + "nothing acknowledged): " + e.getMessage());
    }
    if (t instanceof OutOfMemoryError || t instanceof StackOverflowError) {
      return Problem.of(500, "internal", "Internal error", "cannot decide (fail closed, nothing recorded): "
          + t.getClass().getSimpleName());
    }
    return Problem.of(500, "internal", "Internal error", "internal error (" + t.getClass().getSimpleName() + ")");
  }
}
