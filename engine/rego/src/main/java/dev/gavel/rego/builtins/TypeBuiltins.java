package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.function.Predicate;

/** type_name, is_* predicates and to_number. */
public final class TypeBuiltins implements BuiltinFamily {
  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("type_name", Type.STRING, Param.of("x", Type.ANY)),
        (ctx, args) -> StringValue.of(args.get(0).typeName()));
    is(r, "is_number", v -> v instanceof NumberValue);
    is(r, "is_string", v -> v instanceof StringValue);
    is(r, "is_boolean", v -> v instanceof BooleanValue);
    is(r, "is_array", v -> v instanceof ArrayValue);
    is(r, "is_set", v -> v instanceof SetValue);
    is(r, "is_object", v -> v instanceof ObjectValue);
    is(r, "is_null", v -> v instanceof NullValue);
    r.register(BuiltinDecl.of("to_number", Type.NUMBER,
            Param.of("x", Type.anyOf(Type.NULL, Type.BOOLEAN, Type.NUMBER, Type.STRING))
                .described("null", "boolean", "number", "string")),
        (ctx, args) -> toNumber(args.get(0)));
  }

  private static void is(BuiltinRegistry r, String name, Predicate<Value> test) {
    r.register(BuiltinDecl.of(name, Type.BOOLEAN, Param.of("x", Type.ANY)),
        (ctx, args) -> BooleanValue.of(test.test(args.get(0))));
  }

  private static Value toNumber(Value v) {
    if (v instanceof NullValue) {
      return NumberValue.ZERO;
    }
    if (v instanceof BooleanValue b) {
      return b.value() ? NumberValue.ONE : NumberValue.ZERO;
    }
    if (v instanceof NumberValue) {
      return v;
    }
    String s = ((StringValue) v).value();
    if (s.isEmpty() || !s.strip().equals(s) || s.startsWith("+") && s.length() > 1 && s.charAt(1) == '-') {
      throw new BuiltinException("invalid syntax");
    }
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("inf") || lower.contains("nan")) {
      throw BuiltinException.operand(1, "a finite number", "\"" + s + "\"");
    }
    if (lower.startsWith("0x") || s.contains("_")) {
      throw new BuiltinException("invalid syntax");
    }
    try {
      return NumberValue.of(new java.math.BigDecimal(s));
    } catch (NumberFormatException e) {
      throw new BuiltinException("invalid syntax");
    }
  }
}
