package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** count, sum, product, max, min, sort. */
public final class AggregateBuiltins implements BuiltinFamily {
  private static final Type COLLECTION = Type.anyOf(Type.arrayOf(Type.ANY), Type.setOf(Type.ANY));
  private static final Type NUMBERS = Type.anyOf(Type.setOf(Type.NUMBER), Type.arrayOf(Type.NUMBER));

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("count", Type.NUMBER, Param.of("collection",
            Type.anyOf(Type.STRING, Type.arrayOf(Type.ANY), Type.objectOf(Type.ANY, Type.ANY), Type.setOf(Type.ANY)))
            .described("array", "object", "set", "string")),
        (ctx, args) -> NumberValue.of(size(args.get(0))));
    r.register(BuiltinDecl.of("sum", Type.NUMBER, Param.of("collection", NUMBERS).described("set", "array")),
        (ctx, args) -> {
          BigDecimal s = BigDecimal.ZERO;
          for (Value v : numbers(args.get(0))) {
            s = s.add(((NumberValue) v).value());
          }
          return NumberValue.of(s);
        });
    r.register(BuiltinDecl.of("product", Type.NUMBER, Param.of("collection", NUMBERS).described("set", "array")),
        (ctx, args) -> {
          BigDecimal p = BigDecimal.ONE;
          for (Value v : numbers(args.get(0))) {
            p = p.multiply(((NumberValue) v).value());
          }
          return NumberValue.of(p);
        });
    r.register(BuiltinDecl.of("max", Type.ANY, Param.of("collection", COLLECTION).described("set", "array")),
        (ctx, args) -> extreme(args.get(0), 1));
    r.register(BuiltinDecl.of("min", Type.ANY, Param.of("collection", COLLECTION).described("set", "array")),
        (ctx, args) -> extreme(args.get(0), -1));
    r.register(BuiltinDecl.of("sort", Type.arrayOf(Type.ANY), Param.of("collection", COLLECTION).described("set", "array")),
        (ctx, args) -> {
          List<Value> els = new ArrayList<>(Operands.elements(1, args.get(0)));
          els.sort(null);
          return ArrayValue.of(els);
        });
  }

  static long size(Value v) {
    if (v instanceof StringValue s) {
      return s.value().codePointCount(0, s.value().length());
    }
    if (v instanceof ArrayValue a) {
      return a.size();
    }
    if (v instanceof ObjectValue o) {
      return o.size();
    }
    return ((SetValue) v).size();
  }

  private static List<Value> numbers(Value coll) {
    List<Value> els = Operands.elements(1, coll);
    for (Value v : els) {
      if (!(v instanceof NumberValue)) {
        throw BuiltinException.operand(1, coll.typeName() + " of numbers", coll.typeName() + " containing " + v.typeName());
      }
    }
    return els;
  }

  private static Value extreme(Value coll, int sign) {
    Value best = null;
    for (Value v : Operands.elements(1, coll)) {
      if (best == null || Integer.signum(v.compareTo(best)) == sign) {
        best = v;
      }
    }
    return best;
  }
}
