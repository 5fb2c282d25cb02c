package dev.gavel.rego.builtins.template;

import java.math.BigInteger;
import java.util.function.BiFunction;

/** Go constants inside template actions: interpreted strings and characters, and numbers. */
final class GoLiterals {
  private GoLiterals() {}

  /** The value of a "quoted" string or 'c' character literal with Go's escapes. */
  static String unquote(String lit, int pos, BiFunction<Integer, String, TemplateException> error) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < lit.length() - 1; i++) {
      char c = lit.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = lit.charAt(++i);
      switch (e) {
        case 'a' -> sb.append((char) 7);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'v' -> sb.append((char) 11);
        case '\\', '\'', '"' -> sb.append(e);
        case 'x' -> {
          sb.append((char) Integer.parseInt(lit.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case 'u' -> {
          sb.appendCodePoint(Integer.parseInt(lit.substring(i + 1, i + 5), 16));
          i += 4;
        }
        case 'U' -> {
          sb.appendCodePoint(Integer.parseInt(lit.substring(i + 1, i + 9), 16));
          i += 8;
        }
        default -> {
          if (e >= '0' && e <= '7') {
            sb.append((char) Integer.parseInt(lit.substring(i, i + 3), 8));
            i += 2;
          } else {
            throw error.apply(pos, "invalid syntax");
          }
        }
      }
    }
    return sb.toString();
  }

  /** An integer constant is a Long (Go int), anything else a Double (float64). */
  static Object number(String text, int pos, BiFunction<Integer, String, TemplateException> error) {
    String t = text.replace("_", "");
    boolean negative = t.startsWith("-");
    String digits = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
    try {
      BigInteger v = null;
      if (digits.matches("0[xX][0-9a-fA-F]+")) {
        v = new BigInteger(digits.substring(2), 16);
      } else if (digits.matches("0[bB][01]+")) {
        v = new BigInteger(digits.substring(2), 2);
      } else if (digits.matches("0[oO][0-7]+")) {
        v = new BigInteger(digits.substring(2), 8);
      } else if (digits.matches("0[0-7]+")) {
        v = new BigInteger(digits.substring(1), 8);
      } else if (digits.matches("[0-9]+")) {
        v = new BigInteger(digits);
      }
      if (v != null) {
        v = negative ? v.negate() : v;
        if (v.bitLength() < 64) {
          return v.longValue();
        }
        return v.doubleValue();
      }
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw error.apply(pos, "bad number syntax: \"" + text + "\"");
    }
  }
}
