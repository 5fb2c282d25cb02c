package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** array.concat, array.slice, array.reverse. */
public final class ArrayBuiltins implements BuiltinFamily {
  private static final Type ARRAY = Type.arrayOf(Type.ANY);

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("array.concat", ARRAY, Param.of("x", ARRAY), Param.of("y", ARRAY)), (ctx, args) -> {
      List<Value> out = new ArrayList<>(((ArrayValue) args.get(0)).elements());
      out.addAll(((ArrayValue) args.get(1)).elements());
      return ArrayValue.of(out);
    });
    r.register(BuiltinDecl.of("array.slice", ARRAY, Param.of("arr", ARRAY),
            Param.of("start", Type.NUMBER), Param.of("stop", Type.NUMBER)),
        (ctx, args) -> {
          List<Value> a = ((ArrayValue) args.get(0)).elements();
          long start = clampIndex((NumberValue) args.get(1), 2);
          long stop = clampIndex((NumberValue) args.get(2), 3);
          start = Math.max(0, start);
          stop = Math.min(a.size(), stop);
          if (start >= stop) {
            return ArrayValue.EMPTY;
          }
          return ArrayValue.of(a.subList((int) start, (int) stop));
        });
    r.register(BuiltinDecl.of("array.reverse", ARRAY, Param.of("arr", ARRAY)), (ctx, args) -> {
      List<Value> out = new ArrayList<>(((ArrayValue) args.get(0)).elements());
      Collections.reverse(out);
      return ArrayValue.of(out);
    });
  }

  private static long clampIndex(NumberValue n, int position) {
    if (!n.isInteger()) {
      throw BuiltinException.operand(position, "integer number", "floating-point number");
    }
    return n.value().max(java.math.BigDecimal.valueOf(Integer.MIN_VALUE))
        .min(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)).longValue();
  }
}
