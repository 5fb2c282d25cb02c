package dev.gavel.rego;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by parsing, compiling or evaluating; carries one or more errors (never empty). */
public class RegoException extends RuntimeException {
  private final List<RegoError> errors;

  public RegoException(List<RegoError> errors) {
    super(errors.stream().map(RegoError::headline).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a RegoException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public RegoException(RegoError error) {
    this(List.of(error));
  }

  public RegoException(String code, Location location, String message) {
    this(new RegoError(code, location, message));
  }

  public List<RegoError> errors() {
    return errors;
  }

  /** The code of the first error. */
  public String code() {
    return errors.get(0).code();
  }

  /** All errors rendered with source lines and carets. */
  public String render() {
    return errors.stream().map(RegoError::render).collect(Collectors.joining("\n"));
  }
}
