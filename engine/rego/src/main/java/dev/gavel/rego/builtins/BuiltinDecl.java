package dev.gavel.rego.builtins;

import java.util.List;
import java.util.Objects;

/**
 * A builtin's declared, typed, named signature. {@code relation} builtins (like {@code walk}) yield
 * several outputs: their implementation returns an ArrayValue of outputs and the evaluator
 * enumerates it. {@code nondeterministic} builtins (time.now_ns, rand.intn, http.send) are cached
 * per query so repeated calls agree.
 */
public record BuiltinDecl(
    String name, List<Param> params, Type result, boolean relation, boolean nondeterministic) {

  public BuiltinDecl {
    Objects.requireNonNull(name, "name");
    params = List.copyOf(params);
    Objects.requireNonNull(result, "result");
  }

  public static BuiltinDecl of(String name, Type result, Param... params) {
    return new BuiltinDecl(name, List.of(params), result, false, false);
  }

  public BuiltinDecl asRelation() {
    return new BuiltinDecl(name, params, result, true, nondeterministic);
  }

  public BuiltinDecl asNondeterministic() {
    return new BuiltinDecl(name, params, result, relation, true);
  }

  public int arity() {
    return params.size();
  }

  /** A named, typed operand. */
  public record Param(String name, Type type) {
    public static Param of(String name, Type type) {
      return new Param(name, type);
    }
  }
}
