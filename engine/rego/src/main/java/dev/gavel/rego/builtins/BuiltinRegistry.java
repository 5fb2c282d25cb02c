package dev.gavel.rego.builtins;

import dev.gavel.rego.value.Value;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The builtins known to one engine instance. There is no global registry: callers build one (usually
 * {@link StandardBuiltins#registry()}) and may add their own families.
 */
public final class BuiltinRegistry {
  private final Map<String, Builtin> byName = new TreeMap<>();

  /**
   * A declaration with its implementation; {@code function} is null for the language's own
   * operators ({@code =}, {@code :=}, {@code print}) that the evaluator implements itself.
   */
  public record Builtin(BuiltinDecl decl, BuiltinFunction function) {
    /** True for a declaration whose semantics live in the evaluator, not in a function. */
    public boolean evaluatedByEngine() {
      return function == null;
    }

    /** Checks operand types against the declaration, then runs the implementation. */
    public Value call(BuiltinContext ctx, List<Value> args) {
      if (function == null) {
        throw new IllegalStateException(decl.name() + " is evaluated by the engine, not called");
      }
      List<BuiltinDecl.Param> params = decl.params();
      for (int i = 0; i < params.size() && i < args.size(); i++) {
        BuiltinDecl.Param p = params.get(i);
        Value a = args.get(i);
        if (p.checked() && !p.type().accepts(a)) {
          throw BuiltinException.operand(i + 1, p.expected(), a.typeName());
        }
      }
      return function.apply(ctx, args);
    }
  }

  /** Registers a builtin; a name may be registered once. */
  public BuiltinRegistry register(BuiltinDecl decl, BuiltinFunction function) {
    Objects.requireNonNull(decl, "decl");
    Objects.requireNonNull(function, "function");
    if (byName.putIfAbsent(decl.name(), new Builtin(decl, function)) != null) {
      throw new IllegalStateException("builtin registered twice: " + decl.name());
    }
    return this;
  }

  /**
   * Declares one of the language's operators that the evaluator implements itself (unification
   * for {@code eq} and {@code assign}, {@code print} with its undefined operands), so the catalogue
   * lists it with OPA's signature.
   */
  public BuiltinRegistry declareOperator(BuiltinDecl decl) {
    Objects.requireNonNull(decl, "decl");
    if (byName.putIfAbsent(decl.name(), new Builtin(decl, null)) != null) {
      throw new IllegalStateException("builtin registered twice: " + decl.name());
    }
    return this;
  }

  public BuiltinRegistry register(BuiltinFamily family) {
    family.register(this);
    return this;
  }

  /** The builtin of that name, or null. */
  public Builtin lookup(String name) {
    return byName.get(name);
  }

  public Map<String, Builtin> all() {
    return Collections.unmodifiableMap(byName);
  }
}
