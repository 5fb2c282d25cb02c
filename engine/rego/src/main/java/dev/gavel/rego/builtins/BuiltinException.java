package dev.gavel.rego.builtins;

/**
 * A builtin failed. {@code typeError} marks operand type errors (OPA's eval_type_error); others
 * are eval_builtin_error. The message excludes the builtin name: the evaluator prefixes it, giving
 * e.g. {@code strings.replace_n: operand 2 must be string but got number}.
 */
public class BuiltinException extends RuntimeException {
  private final boolean typeError;

  public BuiltinException(String message) {
    this(message, false);
  }

  public BuiltinException(String message, boolean typeError) {
    super(message);
    this.typeError = typeError;
  }

  public BuiltinException(String message, Throwable cause) {
    super(message, cause);
    this.typeError = false;
  }

  public boolean isTypeError() {
    return typeError;
  }

  /** {@code operand N must be EXPECTED but got ACTUAL}, an eval_type_error. */
  public static BuiltinException operand(int position, String expected, String actual) {
    return new BuiltinException(
        "operand " + position + " must be " + expected + " but got " + actual, true);
  }
}
