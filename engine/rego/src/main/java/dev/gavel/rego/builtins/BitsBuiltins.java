package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.Value;
import java.math.BigInteger;
import java.util.function.BinaryOperator;

/** bits.and/or/xor/negate/lsh/rsh on arbitrary-size integers. */
public final class BitsBuiltins implements BuiltinFamily {
  @Override
  public void register(BuiltinRegistry r) {
    binary(r, "bits.and", BigInteger::and);
    binary(r, "bits.or", BigInteger::or);
    binary(r, "bits.xor", BigInteger::xor);
    binary(r, "bits.lsh", (x, s) -> x.shiftLeft(shift(s)));
    binary(r, "bits.rsh", (x, s) -> x.shiftRight(shift(s)));
    r.register(BuiltinDecl.of("bits.negate", Type.NUMBER, Param.of("x", Type.NUMBER)),
        (ctx, a) -> NumberValue.of(integer(1, a.get(0)).not()));
  }

  private static void binary(BuiltinRegistry r, String name, BinaryOperator<BigInteger> op) {
    r.register(BuiltinDecl.of(name, Type.NUMBER, Param.of("x", Type.NUMBER), Param.of("y", Type.NUMBER)),
        (ctx, a) -> NumberValue.of(op.apply(integer(1, a.get(0)), integer(2, a.get(1)))));
  }

  private static int shift(BigInteger s) {
    if (s.signum() < 0) {
      throw BuiltinException.operand(2, "an unsigned integer number", "a negative integer");
    }
    if (s.bitLength() > 16) {
      throw new BuiltinException("shift too large");
    }
    return s.intValue();
  }

  private static BigInteger integer(int position, Value v) {
    NumberValue n = (NumberValue) v;
    if (!n.isInteger()) {
      throw BuiltinException.operand(position, "integer number", "floating-point number");
    }
    return n.value().toBigIntegerExact();
  }
}
