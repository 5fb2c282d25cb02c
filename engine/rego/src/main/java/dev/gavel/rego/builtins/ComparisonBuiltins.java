package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.BooleanValue;
import java.util.function.IntPredicate;

/** {@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=} over OPA's total order of values. */
public final class ComparisonBuiltins implements BuiltinFamily {
  @Override
  public void register(BuiltinRegistry r) {
    compare(r, "equal", "==", c -> c == 0);
    compare(r, "neq", "!=", c -> c != 0);
    compare(r, "lt", "<", c -> c < 0);
    compare(r, "lte", "<=", c -> c <= 0);
    compare(r, "gt", ">", c -> c > 0);
    compare(r, "gte", ">=", c -> c >= 0);
  }

  private static void compare(BuiltinRegistry r, String name, String infix, IntPredicate test) {
    r.register(BuiltinDecl.of(name, Type.BOOLEAN, Param.of("x", Type.ANY), Param.of("y", Type.ANY)).asInfix(infix),
        (ctx, args) -> {
          int c = args.get(0).equals(args.get(1)) ? 0 : args.get(0).compareTo(args.get(1));
          return BooleanValue.of(test.test(c));
        });
  }
}
