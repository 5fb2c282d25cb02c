package dev.gavel.rego;

import java.util.Objects;

/**
 * One error in the single error model: a code (OPA's codes, e.g. {@code rego_parse_error},
 * {@code eval_type_error}), a location and a message. {@code sourceLine} is the text of the line
 * the location points into, when known, used to draw a caret.
 */
public record RegoError(String code, Location location, String message, String sourceLine) {
  public static final String PARSE = "rego_parse_error";
  public static final String COMPILE = "rego_compile_error";
  public static final String UNSAFE_VAR = "rego_unsafe_var_error";
  public static final String RECURSION = "rego_recursion_error";
  public static final String TYPE = "rego_type_error";
  public static final String EVAL_CONFLICT = "eval_conflict_error";
  public static final String EVAL_BUILTIN = "eval_builtin_error";
  public static final String EVAL_TYPE = "eval_type_error";
  public static final String EVAL_CANCEL = "eval_cancel_error";
  /** An {@link EvalLimits} limit was reached; the message names the limit and its value. */
  public static final String EVAL_LIMIT = "eval_limit_exceeded";
  public static final String EVAL_INTERNAL = "eval_internal_error";
  public static final String EVAL_WITH_MERGE = "eval_with_merge_error";

  public RegoError {
    Objects.requireNonNull(code, "code");
    location = location == null ? Location.NONE : location;
    Objects.requireNonNull(message, "message");
  }

  public RegoError(String code, Location location, String message) {
    this(code, location, message, null);
  }

  /** {@code file:line:col: code: message}, the one-line form. */
  public String headline() {
    String where = location.toString();
    return (where.isEmpty() ? "" : where + ": ") + code + ": " + message;
  }

  /** The headline followed, when the source line is known, by that line and a caret under the column. */
  public String render() {
    if (sourceLine == null || location.line() <= 0) {
      return headline();
    }
    StringBuilder caret = new StringBuilder();
    String line = sourceLine.stripTrailing();
    for (int i = 0; i < location.column() - 1 && i < line.length(); i++) {
      caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
    }
    return headline() + "\n\t" + line + "\n\t" + caret + "^";
  }

  @Override
  public String toString() {
    return headline();
  }
}
