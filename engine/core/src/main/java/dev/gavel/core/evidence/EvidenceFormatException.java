package dev.gavel.core.evidence;

import dev.gavel.core.RequestProblem;

/**
 * A piece of evidence in the request is structurally unusable (not base64, not JSON, a SARIF
 * version we do not read): the request is rejected as bad input, naming the JSON path.
 */
public final class EvidenceFormatException extends Exception {
  private final RequestProblem problem;

  public EvidenceFormatException(String path, String message) {
    super(path + ": " + message);
    this.problem = new RequestProblem(path, message);
  }

  public RequestProblem problem() {
    return problem;
  }
}
