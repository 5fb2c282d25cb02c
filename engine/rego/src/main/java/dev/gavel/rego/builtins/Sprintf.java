package dev.gavel.rego.builtins;

import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import dev.gavel.rego.value.ValueText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Go fmt-style formatting as OPA's sprintf applies it: strings print raw, integers exactly,
 * other numbers as Go floats, and composite values as Rego text.
 */
final class Sprintf {
  private Sprintf() {}

  /** Formats; output characters are charged to {@code ctx}'s element budget as they are produced. */
  static String format(BuiltinContext ctx, String fmt, List<Value> args) {
    MeteredText out = new MeteredText(ctx);
    int argi = 0;
    int i = 0;
    while (i < fmt.length()) {
      char c = fmt.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      GoVerb v = GoVerb.parse(fmt, i + 1);
      if (v == null) {
        out.append("%!(NOVERB)");
        break;
      }
      i = v.end();
      char verb = v.verb();
      int width = v.width();
      int precision = v.precision();
      boolean minus = v.has('-');
      boolean plus = v.has('+');
      boolean zero = v.has('0');
      boolean space = v.has(' ');
      boolean sharp = v.has('#');
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (argi >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Value arg = args.get(argi++);
      if (precision > 0 && "fFeEgG".indexOf(verb) >= 0) {
        // %.999999999f would build a billion digits before anything could count them.
        out.charge(precision);
      }
      String s = verb(verb, arg, precision, plus, space, sharp);
      pad(out, s, width, minus, zero && !minus && "dfeEgGxXob".indexOf(verb) >= 0);
    }
    if (argi < args.size()) {
      out.append("%!(EXTRA ");
      for (int k = argi; k < args.size(); k++) {
        if (k > argi) {
          out.append(", ");
        }
        out.append(goType(args.get(k))).append('=').append(plain(args.get(k)));
      }
      out.append(')');
    }
    return out.toString();
  }

  /** Appends {@code s} padded to {@code width}; the padding is charged before it is built. */
  private static void pad(MeteredText out, String s, int width, boolean left, boolean zeros) {
    int len = s.codePointCount(0, s.length());
    if (width <= len) {
      out.append(s);
      return;
    }
    char fill = zeros ? '0' : ' ';
    if (left) {
      out.append(s).repeat(fill, width - len);
    } else if (zeros && (s.startsWith("-") || s.startsWith("+"))) {
      out.append(s.charAt(0)).repeat(fill, width - len).append(s.substring(1));
    } else {
      out.repeat(fill, width - len).append(s);
    }
  }

  private static String verb(char verb, Value v, int prec, boolean plus, boolean space, boolean sharp) {
    switch (verb) {
      case 'v':
      case 's': {
        String s = plain(v);
        return prec >= 0 && v instanceof StringValue && prec < s.length() ? s.substring(0, prec) : s;
      }
      case 'q':
        return v instanceof StringValue sv ? ValueText.quote(sv.value()) : bad(verb, v);
      case 't':
        return v instanceof BooleanValue ? v.toString() : bad(verb, v);
      case 'T':
        return goType(v);
      case 'd':
        if (v instanceof NumberValue n && n.isInteger()) {
          String d = n.value().toBigInteger().toString();
          return sign(d, plus, space);
        }
        return bad(verb, v);
      case 'x':
      case 'X': {
        String r;
        if (v instanceof StringValue s) {
          r = HexFormat.of().formatHex(s.value().getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof NumberValue n && n.isInteger()) {
          BigInteger bi = n.value().toBigInteger();
          r = (bi.signum() < 0 ? "-" : "") + (sharp ? "0x" : "") + bi.abs().toString(16);
        } else {
          return bad(verb, v);
        }
        return verb == 'X' ? r.toUpperCase(Locale.ROOT) : r;
      }
      case 'o':
        return v instanceof NumberValue n && n.isInteger() ? n.value().toBigInteger().toString(8) : bad(verb, v);
      case 'b':
        return v instanceof NumberValue n && n.isInteger() ? n.value().toBigInteger().toString(2) : bad(verb, v);
      case 'f':
      case 'F':
        if (v instanceof NumberValue n) {
          BigDecimal d = n.value().setScale(prec < 0 ? 6 : prec, java.math.RoundingMode.HALF_EVEN);
          return sign(d.toPlainString(), plus, space);
        }
        return bad(verb, v);
      case 'e':
      case 'E':
        if (v instanceof NumberValue n) {
          String e = String.format(Locale.ROOT, "%." + (prec < 0 ? 6 : prec) + "e", n.doubleValue());
          e = goExponent(e);
          return sign(verb == 'E' ? e.toUpperCase(Locale.ROOT) : e, plus, space);
        }
        return bad(verb, v);
      case 'g':
      case 'G':
        if (v instanceof NumberValue n) {
          String g = prec < 0 ? goFloat(n.doubleValue(), 21) : goPrecisionG(n.doubleValue(), prec);
          return sign(verb == 'G' ? g.toUpperCase(Locale.ROOT) : g, plus, space);
        }
        return bad(verb, v);
      default:
        return "%!" + verb + "(" + goType(v) + "=" + plain(v) + ")";
    }
  }

  private static String sign(String s, boolean plus, boolean space) {
    if (s.startsWith("-")) {
      return s;
    }
    return plus ? "+" + s : space ? " " + s : s;
  }

  private static String bad(char verb, Value v) {
    return "%!" + verb + "(" + goType(v) + "=" + plain(v) + ")";
  }

  /** How %v prints an operand. */
  static String plain(Value v) {
    if (v instanceof StringValue s) {
      return s.value();
    }
    if (v instanceof NumberValue n) {
      // OPA passes a number written without fraction or exponent as an integer, any other as a
      // float64, and one beyond float64 as its text.
      if (n.isInteger() && n.value().scale() >= 0) {
        return n.value().toBigInteger().toString();
      }
      double d = n.doubleValue();
      if (Double.isInfinite(d)) {
        return scientific(n.value());
      }
      return goFloat(d, 21);
    }
    if (v instanceof NullValue) {
      return "null";
    }
    return ValueText.rego(v);
  }

  /** A number's text in exponent form: 2e308, 1.5e400. */
  static String scientific(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    String digits = s.unscaledValue().abs().toString();
    long exp = (long) s.precision() - s.scale() - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (s.signum() < 0 ? "-" : "") + mantissa + "e" + exp;
  }

  private static String goType(Value v) {
    if (v instanceof StringValue) {
      return "string";
    }
    if (v instanceof NumberValue n) {
      return n.isInteger() ? "int" : "float64";
    }
    if (v instanceof BooleanValue) {
      return "bool";
    }
    return v.typeName();
  }

  /** Go's shortest %v/%g rendering of a float64: exponent form outside [1e-4, 1e{limit}). */
  static String goFloat(double d, int limit) {
    if (d == 0) {
      return "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exp = bd.precision() - bd.scale() - 1;
    if (exp < -4 || exp >= limit) {
      String digits = bd.unscaledValue().abs().toString();
      StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      String e = Integer.toString(Math.abs(exp));
      sb.append(e.length() < 2 ? "0" + e : e);
      return sb.toString();
    }
    return bd.toPlainString();
  }

  private static String goPrecisionG(double d, int prec) {
    if (prec == 0) {
      prec = 1;
    }
    BigDecimal bd = new BigDecimal(d).round(new java.math.MathContext(prec)).stripTrailingZeros();
    int exp = bd.precision() - bd.scale() - 1;
    if (exp < -4 || exp >= prec) {
      return goExponent(String.format(Locale.ROOT, "%." + Math.max(0, bd.precision() - 1) + "e", bd.doubleValue()));
    }
    return bd.toPlainString();
  }

  /** Java prints exponents as e+5 or e+05 depending on platform; Go always uses at least two digits. */
  private static String goExponent(String s) {
    int e = s.indexOf('e');
    if (e < 0) {
      return s;
    }
    String mant = s.substring(0, e);
    String exp = s.substring(e + 1);
    char sign = exp.charAt(0) == '-' ? '-' : '+';
    String digits = exp.replaceFirst("^[+-]", "").replaceFirst("^0+(?=\\d\\d)", "");
    if (digits.length() < 2) {
      digits = "0" + digits;
    }
    return mant + "e" + sign + digits;
  }
}
