package dev.gavel.rego.builtins;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/** Go's time.ParseDuration: "1h30m", "-1.5s", "300ms", units ns us µs ms s m h. */
final class GoDuration {
  private static final Map<String, BigDecimal> UNITS = Map.of(
      "ns", BigDecimal.ONE,
      "us", BigDecimal.valueOf(1_000),
      "\u00b5s", BigDecimal.valueOf(1_000),
      "\u03bcs", BigDecimal.valueOf(1_000),
      "ms", BigDecimal.valueOf(1_000_000),
      "s", BigDecimal.valueOf(1_000_000_000L),
      "m", BigDecimal.valueOf(60_000_000_000L),
      "h", BigDecimal.valueOf(3_600_000_000_000L));

  private GoDuration() {}

  static BigInteger parse(String s) {
    String orig = s;
    if (s.isEmpty()) {
      throw new BuiltinException("time: invalid duration \"" + orig + "\"");
    }
    boolean neg = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return BigInteger.ZERO;
    }
    if (s.isEmpty()) {
      throw new BuiltinException("time: invalid duration \"" + orig + "\"");
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw new BuiltinException("time: invalid duration \"" + orig + "\"");
      }
      BigDecimal n;
      try {
        n = new BigDecimal(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw new BuiltinException("time: invalid duration \"" + orig + "\"");
      }
      int u = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(u, i);
      BigDecimal f = UNITS.get(unit);
      if (f == null) {
        throw new BuiltinException(unit.isEmpty() ? "time: missing unit in duration \"" + orig + "\""
            : "time: unknown unit \"" + unit + "\" in duration \"" + orig + "\"");
      }
      total = total.add(n.multiply(f));
    }
    BigInteger r = total.toBigInteger();
    if (r.bitLength() > 63) {
      throw new BuiltinException("time: invalid duration \"" + orig + "\"");
    }
    return neg ? r.negate() : r;
  }
}
