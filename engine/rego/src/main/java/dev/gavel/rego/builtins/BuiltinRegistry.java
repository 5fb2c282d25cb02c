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

  /** A declaration with its implementation. */
  public record Builtin(BuiltinDecl decl, BuiltinFunction function) {
    /** Checks operand types against the declaration, then runs the implementation. */
    public Value call(BuiltinContext ctx, List<Value> args) {
      List<BuiltinDecl.Param> params = decl.params();
      for (int i = 0; i < params.size() && i < args.size(); i++) {
        Type t = params.get(i).type();
        Value a = args.get(i);
        if (!t.accepts(a)) {
          throw BuiltinException.operand(i + 1, t.describe(), a.typeName());
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
