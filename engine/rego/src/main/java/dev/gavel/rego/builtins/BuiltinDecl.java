package dev.gavel.rego.builtins;

import java.util.List;
import java.util.Objects;

/**
 * A builtin's declared, typed, named signature, in the shape of an entry of OPA's capabilities
 * file. {@code relation} builtins (like {@code walk}) yield several outputs: their implementation
 * returns an ArrayValue of outputs and the evaluator enumerates it. {@code nondeterministic}
 * builtins (time.now_ns, rand.intn, http.send) are cached per query so repeated calls agree.
 * {@code result} is null for builtins that yield nothing (print); {@code variadic}, when not null,
 * is the type of every operand of a builtin taking any number of them. {@code infix} is the
 * operator that is sugar for the call ({@code +} for plus), and {@code deprecated} builtins are
 * declared so that calls to them are reported as OPA reports them, not as unknown.
 */
public record BuiltinDecl(
    String name, List<Param> params, Type result, boolean relation, boolean nondeterministic,
    Type variadic, String infix, boolean deprecated) {

  public BuiltinDecl {
    Objects.requireNonNull(name, "name");
    params = List.copyOf(params);
    if (variadic != null && !params.isEmpty()) {
      throw new IllegalArgumentException(name + ": a variadic builtin declares no fixed operands");
    }
  }

  public static BuiltinDecl of(String name, Type result, Param... params) {
    Objects.requireNonNull(result, "result");
    return new BuiltinDecl(name, List.of(params), result, false, false, null, null, false);
  }

  /** A builtin with operands but no result (internal.print). */
  public static BuiltinDecl returningNothing(String name, Param... params) {
    return new BuiltinDecl(name, List.of(params), null, false, false, null, null, false);
  }

  /** A builtin taking any number of operands of one type and returning nothing (print). */
  public static BuiltinDecl variadic(String name, Type each) {
    return new BuiltinDecl(name, List.of(), null, false, false, Objects.requireNonNull(each, "each"), null, false);
  }

  public BuiltinDecl asRelation() {
    return new BuiltinDecl(name, params, result, true, nondeterministic, variadic, infix, deprecated);
  }

  public BuiltinDecl asNondeterministic() {
    return new BuiltinDecl(name, params, result, relation, true, variadic, infix, deprecated);
  }

  public BuiltinDecl asInfix(String operator) {
    return new BuiltinDecl(name, params, result, relation, nondeterministic, variadic,
        Objects.requireNonNull(operator, "operator"), deprecated);
  }

  public BuiltinDecl asDeprecated() {
    return new BuiltinDecl(name, params, result, relation, nondeterministic, variadic, infix, true);
  }

  public int arity() {
    return params.size();
  }

  /**
   * A named, typed operand. {@code described}, when not null, is the wording of the expected type
   * in operand errors, for builtins whose OPA message lists the types in its own order.
   * {@code checked} is false for operands the builtin takes of any type at run time although OPA
   * declares a narrower one (regex.is_valid answers false for a number rather than failing).
   */
  public record Param(String name, Type type, String described, boolean checked) {
    public Param {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }

    public static Param of(String name, Type type) {
      return new Param(name, type, null, true);
    }

    /** The same operand, described in errors as {@code one of {WORDS...}} in the given order. */
    public Param described(String... words) {
      return new Param(name, type, words.length == 1 ? words[0] : "one of {" + String.join(", ", words) + "}", checked);
    }

    /** The same operand, not checked against its declared type before the builtin runs. */
    public Param unchecked() {
      return new Param(name, type, described, false);
    }

    /** What operand errors say this operand must be. */
    public String expected() {
      return described != null ? described : type.describe();
    }
  }
}
