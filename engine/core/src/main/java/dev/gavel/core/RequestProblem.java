package dev.gavel.core;

/** One thing wrong with a release request: a JSON path ({@code $.model.artifacts[0]}) and a message. */
public record RequestProblem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
