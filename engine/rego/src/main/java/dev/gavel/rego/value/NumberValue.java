package dev.gavel.rego.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An arbitrary-precision number. Equality and hashing are numeric ({@code 1 == 1.0}), which is why
 * this is a final class rather than a record over BigDecimal.
 */
public final class NumberValue implements Value {
  public static final NumberValue ZERO = new NumberValue(BigDecimal.ZERO);
  public static final NumberValue ONE = new NumberValue(BigDecimal.ONE);

  private final BigDecimal value;
  private int hash;

  private NumberValue(BigDecimal value) {
    this.value = value;
  }

  public static NumberValue of(BigDecimal value) {
    return new NumberValue(Objects.requireNonNull(value, "value"));
  }

  public static NumberValue of(long value) {
    return new NumberValue(BigDecimal.valueOf(value));
  }

  public static NumberValue of(BigInteger value) {
    return new NumberValue(new BigDecimal(value));
  }

  /** A finite double; callers must reject NaN and infinities before calling. */
  public static NumberValue of(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("number must be finite but got " + value);
    }
    return new NumberValue(new BigDecimal(Double.toString(value)));
  }

  /** Parses a JSON/Rego number literal; throws NumberFormatException on bad text. */
  public static NumberValue parse(String text) {
    return new NumberValue(new BigDecimal(text));
  }

  public BigDecimal value() {
    return value;
  }

  /** True when the number has no fractional part. */
  public boolean isInteger() {
    return value.signum() == 0 || value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0;
  }

  /** The value as an int when it is an integer that fits, otherwise empty. */
  public java.util.OptionalInt asInt() {
    if (!isInteger()) {
      return java.util.OptionalInt.empty();
    }
    try {
      return java.util.OptionalInt.of(value.intValueExact());
    } catch (ArithmeticException e) {
      return java.util.OptionalInt.empty();
    }
  }

  /** The value as a long when it is an integer that fits, otherwise empty. */
  public java.util.OptionalLong asLong() {
    if (!isInteger()) {
      return java.util.OptionalLong.empty();
    }
    try {
      return java.util.OptionalLong.of(value.longValueExact());
    } catch (ArithmeticException e) {
      return java.util.OptionalLong.empty();
    }
  }

  public double doubleValue() {
    return value.doubleValue();
  }

  @Override
  public int typeRank() {
    return 2;
  }

  @Override
  public String typeName() {
    return "number";
  }

  @Override
  public int compareSameType(Value other) {
    return value.compareTo(((NumberValue) other).value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumberValue n && value.compareTo(n.value) == 0;
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = value.signum() == 0 ? 1 : value.stripTrailingZeros().hashCode();
      hash = h;
    }
    return h;
  }

  /** JSON text of the number: integers without a fraction, others in plain or E notation. */
  @Override
  public String toString() {
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal s = value.stripTrailingZeros();
    if (s.scale() <= 0) {
      if (s.precision() - s.scale() <= 400) {
        return s.toBigInteger().toString();
      }
      return s.toString().replace("E+", "e+");
    }
    String plain = s.toPlainString();
    if (plain.length() <= 40) {
      return plain;
    }
    return s.toString().replace("E", "e");
  }
}
