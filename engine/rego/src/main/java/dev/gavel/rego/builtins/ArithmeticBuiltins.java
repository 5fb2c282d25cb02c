package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Arithmetic on arbitrary-precision numbers: integer results stay exact at any size; a division
 * that does not terminate is rounded to 16 significant digits, as OPA prints it.
 */
public final class ArithmeticBuiltins implements BuiltinFamily {
  private static final MathContext DIVISION = MathContext.DECIMAL64;
  private static final Type NUMBER_OR_SET = Type.anyOf(Type.NUMBER, Type.setOf(Type.ANY));

  @Override
  public void register(BuiltinRegistry r) {
    binary(r, "plus", "+", (a, b) -> a.add(b));
    binary(r, "mul", "*", (a, b) -> a.multiply(b));
    r.register(BuiltinDecl.of("minus", NUMBER_OR_SET, Param.of("x", NUMBER_OR_SET).described("number", "set"),
            Param.of("y", NUMBER_OR_SET).described("number", "set")).asInfix("-"),
        (ctx, args) -> minus(args.get(0), args.get(1)));
    binary(r, "div", "/", ArithmeticBuiltins::divide);
    binary(r, "rem", "%", ArithmeticBuiltins::remainder);
    unary(r, "abs", BigDecimal::abs);
    unary(r, "round", d -> d.setScale(0, RoundingMode.HALF_UP));
    unary(r, "ceil", d -> d.setScale(0, RoundingMode.CEILING));
    unary(r, "floor", d -> d.setScale(0, RoundingMode.FLOOR));
    r.register(BuiltinDecl.of("numbers.range", Type.arrayOf(Type.NUMBER), Param.of("a", Type.NUMBER), Param.of("b", Type.NUMBER)),
        (ctx, args) -> range(ctx, args.get(0), args.get(1), BigInteger.ONE));
    r.register(BuiltinDecl.of("numbers.range_step", Type.arrayOf(Type.NUMBER),
            Param.of("a", Type.NUMBER), Param.of("b", Type.NUMBER), Param.of("step", Type.NUMBER)),
        (ctx, args) -> {
          NumberValue step = (NumberValue) args.get(2);
          if (!step.isInteger() || step.value().signum() <= 0) {
            throw new BuiltinException("step must be a positive integer");
          }
          return range(ctx, args.get(0), args.get(1), step.value().toBigIntegerExact());
        });
  }

  private interface Op {
    BigDecimal apply(BigDecimal a, BigDecimal b);
  }

  private static void binary(BuiltinRegistry r, String name, String infix, Op op) {
    r.register(BuiltinDecl.of(name, Type.NUMBER, Param.of("x", Type.NUMBER), Param.of("y", Type.NUMBER)).asInfix(infix),
        (ctx, args) -> NumberValue.of(op.apply(((NumberValue) args.get(0)).value(), ((NumberValue) args.get(1)).value())));
  }

  private static void unary(BuiltinRegistry r, String name, java.util.function.UnaryOperator<BigDecimal> op) {
    r.register(BuiltinDecl.of(name, Type.NUMBER, Param.of("x", Type.NUMBER)),
        (ctx, args) -> NumberValue.of(op.apply(((NumberValue) args.get(0)).value())));
  }

  private static Value minus(Value a, Value b) {
    if (a instanceof NumberValue x) {
      if (!(b instanceof NumberValue y)) {
        throw BuiltinException.operand(2, "number", b.typeName());
      }
      return NumberValue.of(x.value().subtract(y.value()));
    }
    if (!(b instanceof SetValue y)) {
      throw BuiltinException.operand(2, "set", b.typeName());
    }
    Set<Value> out = new LinkedHashSet<>(((SetValue) a).asSet());
    out.removeAll(y.asSet());
    return SetValue.of(out);
  }

  static BigDecimal divide(BigDecimal a, BigDecimal b) {
    if (b.signum() == 0) {
      throw new BuiltinException("divide by zero");
    }
    try {
      return a.divide(b);
    } catch (ArithmeticException nonTerminating) {
      return a.divide(b, DIVISION);
    }
  }

  private static BigDecimal remainder(BigDecimal a, BigDecimal b) {
    if (!isInteger(a) || !isInteger(b)) {
      throw new BuiltinException("modulo on floating-point number");
    }
    if (b.signum() == 0) {
      throw new BuiltinException("modulo by zero");
    }
    return new BigDecimal(a.toBigIntegerExact().remainder(b.toBigIntegerExact()));
  }

  private static boolean isInteger(BigDecimal d) {
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private static Value range(BuiltinContext ctx, Value av, Value bv, BigInteger step) {
    NumberValue a = (NumberValue) av;
    NumberValue b = (NumberValue) bv;
    if (!a.isInteger()) {
      throw BuiltinException.operand(1, "integer number", "floating-point number");
    }
    if (!b.isInteger()) {
      throw BuiltinException.operand(2, "integer number", "floating-point number");
    }
    BigInteger from = a.value().toBigIntegerExact();
    BigInteger to = b.value().toBigIntegerExact();
    // The size is known before anything is built: numbers.range(1, 1e9) must fail on the element
    // limit, not exhaust the heap on the way there.
    BigInteger count = to.subtract(from).abs().divide(step).add(BigInteger.ONE);
    ctx.charge(count.bitLength() < 63 ? count.longValue() : Long.MAX_VALUE);
    List<Value> out = new ArrayList<>();
    if (from.compareTo(to) <= 0) {
      for (BigInteger x = from; x.compareTo(to) <= 0; x = x.add(step)) {
        out.add(NumberValue.of(x));
      }
    } else {
      for (BigInteger x = from; x.compareTo(to) >= 0; x = x.subtract(step)) {
        out.add(NumberValue.of(x));
      }
    }
    return ArrayValue.of(out);
  }
}
