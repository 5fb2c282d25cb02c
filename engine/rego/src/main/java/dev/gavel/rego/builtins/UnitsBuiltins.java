package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.StringValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * units.parse (SI and IEC suffixes, "m" is milli) and units.parse_bytes (byte amounts, "m" is
 * mega). Amounts are exact decimals; an "e" counts as an exponent only when digits follow it.
 */
public final class UnitsBuiltins implements BuiltinFamily {
  private static final BigDecimal K = BigDecimal.valueOf(1000);
  private static final BigDecimal KI = BigDecimal.valueOf(1024);
  private static final int MAX_EXPONENT = 1000;

  private static final Map<String, BigDecimal> BYTES = Map.ofEntries(
      Map.entry("", BigDecimal.ONE), Map.entry("b", BigDecimal.ONE),
      Map.entry("k", K), Map.entry("kb", K), Map.entry("ki", KI), Map.entry("kib", KI),
      Map.entry("m", K.pow(2)), Map.entry("mb", K.pow(2)), Map.entry("mi", KI.pow(2)), Map.entry("mib", KI.pow(2)),
      Map.entry("g", K.pow(3)), Map.entry("gb", K.pow(3)), Map.entry("gi", KI.pow(3)), Map.entry("gib", KI.pow(3)),
      Map.entry("t", K.pow(4)), Map.entry("tb", K.pow(4)), Map.entry("ti", KI.pow(4)), Map.entry("tib", KI.pow(4)),
      Map.entry("p", K.pow(5)), Map.entry("pb", K.pow(5)), Map.entry("pi", KI.pow(5)), Map.entry("pib", KI.pow(5)),
      Map.entry("e", K.pow(6)), Map.entry("eb", K.pow(6)), Map.entry("ei", KI.pow(6)), Map.entry("eib", KI.pow(6)));

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("units.parse", Type.NUMBER, Param.of("x", Type.STRING)),
        (ctx, a) -> NumberValue.of(parse(((StringValue) a.get(0)).value(), false)));
    r.register(BuiltinDecl.of("units.parse_bytes", Type.NUMBER, Param.of("x", Type.STRING)),
        (ctx, a) -> NumberValue.of(parse(((StringValue) a.get(0)).value(), true).setScale(0, RoundingMode.DOWN)));
  }

  static BigDecimal parse(String raw, boolean bytes) {
    String s = raw;
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.chars().anyMatch(Character::isWhitespace)) {
      throw new BuiltinException("spaces not allowed in resource strings");
    }
    int end = numberEnd(s);
    String amount = s.substring(0, end);
    String unit = s.substring(end);
    if (amount.isEmpty() || amount.equals("-") || amount.equals("+")) {
      throw new BuiltinException(bytes ? "no byte amount provided" : "no amount provided");
    }
    BigDecimal n;
    try {
      n = new BigDecimal(amount);
    } catch (NumberFormatException e) {
      throw new BuiltinException(bytes ? "could not parse byte amount to a number" : "could not parse amount to a number");
    }
    if (Math.abs((long) n.precision() - n.scale() - 1) > MAX_EXPONENT) {
      throw new BuiltinException("exponent too large");
    }
    BigDecimal factor = bytes ? BYTES.get(unit.toLowerCase(Locale.ROOT)) : siFactor(unit);
    if (factor == null) {
      throw new BuiltinException(bytes ? "byte unit " + unit + " not recognized" : "unit " + unit + " not recognized");
    }
    return n.multiply(factor);
  }

  /** Where the numeric part ends: digits, one dot, and an exponent only when digits follow it. */
  private static int numberEnd(String s) {
    int i = 0;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < s.length() && (s.charAt(j) == '-' || s.charAt(j) == '+')) {
        j++;
      }
      if (j < s.length() && Character.isDigit(s.charAt(j))) {
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
          j++;
        }
        i = j;
      }
    }
    return i;
  }

  private static BigDecimal siFactor(String unit) {
    if (unit.isEmpty()) {
      return BigDecimal.ONE;
    }
    if (unit.equals("m")) {
      return new BigDecimal("0.001");
    }
    String u = unit.toLowerCase(Locale.ROOT);
    boolean binary = u.length() == 2 && u.charAt(1) == 'i';
    if (u.length() != 1 && !binary) {
      return null;
    }
    int power = "kmgtpe".indexOf(u.charAt(0)) + 1;
    if (power == 0) {
      return null;
    }
    return (binary ? KI : K).pow(power);
  }
}
