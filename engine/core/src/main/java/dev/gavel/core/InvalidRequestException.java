package dev.gavel.core;

import java.util.List;
import java.util.stream.Collectors;

/** The request could not be accepted; nothing was evaluated or recorded. */
public class InvalidRequestException extends Exception {
  private final List<RequestProblem> problems;

  public InvalidRequestException(List<RequestProblem> problems) {
    super(problems.stream().map(RequestProblem::toString).collect(Collectors.joining("; ")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid request needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<RequestProblem> problems() {
    return problems;
  }
}
