package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.List;

/**
 * OPA's deprecated builtins (any, all, the cast_* family, re_match, set_diff, net.cidr_overlap).
 * Rego v1 refuses calls to them at compile time ({@code deprecated built-in function calls in
 * expression: any}); they are declared, with OPA's semantics, so the compiler can say exactly that
 * and the catalogue matches OPA's. Registered after the families they delegate to.
 */
public final class DeprecatedBuiltins implements BuiltinFamily {
  private static final Type COLLECTION = Type.anyOf(Type.arrayOf(Type.ANY), Type.setOf(Type.ANY));
  private static final Type SET = Type.setOf(Type.ANY);

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("any", Type.BOOLEAN, Param.of("collection", COLLECTION).described("array", "set")).asDeprecated(),
        (ctx, a) -> BooleanValue.of(Operands.elements(1, a.get(0)).contains(BooleanValue.TRUE)));
    r.register(BuiltinDecl.of("all", Type.BOOLEAN, Param.of("collection", COLLECTION).described("array", "set")).asDeprecated(),
        (ctx, a) -> BooleanValue.of(Operands.elements(1, a.get(0)).stream().allMatch(BooleanValue.TRUE::equals)));
    r.register(BuiltinDecl.of("cast_array", Type.arrayOf(Type.ANY), Param.of("x", Type.ANY)).asDeprecated(), (ctx, a) -> {
      if (a.get(0) instanceof ArrayValue || a.get(0) instanceof SetValue) {
        return ArrayValue.of(Operands.elements(1, a.get(0)));
      }
      throw BuiltinException.operand(1, "one of {array, set}", a.get(0).typeName());
    });
    r.register(BuiltinDecl.of("cast_set", SET, Param.of("x", Type.ANY)).asDeprecated(), (ctx, a) -> {
      if (a.get(0) instanceof ArrayValue || a.get(0) instanceof SetValue) {
        return SetValue.of(Operands.elements(1, a.get(0)));
      }
      throw BuiltinException.operand(1, "one of {array, set}", a.get(0).typeName());
    });
    identity(r, "cast_string", Type.STRING, StringValue.class);
    identity(r, "cast_boolean", Type.BOOLEAN, BooleanValue.class);
    identity(r, "cast_null", Type.NULL, NullValue.class);
    identity(r, "cast_object", Type.objectOf(Type.ANY, Type.ANY), ObjectValue.class);
    alias(r, "re_match", "regex.match", Type.BOOLEAN, Param.of("pattern", Type.STRING), Param.of("value", Type.STRING));
    alias(r, "net.cidr_overlap", "net.cidr_contains", Type.BOOLEAN, Param.of("cidr", Type.STRING), Param.of("ip", Type.STRING));
    alias(r, "set_diff", "minus", SET, Param.of("a", SET), Param.of("b", SET));
  }

  /** cast_T(x): x itself when it is a T, else an operand error. */
  private static void identity(BuiltinRegistry r, String name, Type result, Class<? extends Value> kind) {
    r.register(BuiltinDecl.of(name, result, Param.of("x", Type.ANY)).asDeprecated(), (ctx, a) -> {
      if (kind.isInstance(a.get(0))) {
        return a.get(0);
      }
      throw BuiltinException.operand(1, result.describe(), a.get(0).typeName());
    });
  }

  /** A deprecated name for a builtin that is still current: the same behaviour under the old name. */
  private static void alias(BuiltinRegistry r, String name, String current, Type result, Param... params) {
    BuiltinRegistry.Builtin target = r.lookup(current);
    if (target == null) {
      throw new IllegalStateException(name + " needs " + current + " registered first");
    }
    r.register(BuiltinDecl.of(name, result, params).asDeprecated(), (ctx, a) -> target.call(ctx, List.copyOf(a)));
  }
}
