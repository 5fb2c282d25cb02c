package dev.gavel.rego.builtins.template;

import dev.gavel.rego.builtins.GoVerb;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Go's fmt for the values a template sees: {@code String}, {@link JsonNumber} (numbers from the
 * data keep their text, as Go's json.Number does), {@code Long} (int constants), {@code Double}
 * (float64 constants), {@code Boolean}, {@code null} (nil), {@code List} ([]interface {}) and
 * {@code Map} (map[string]interface {}, keys printed in order).
 */
final class GoFmt {
  private GoFmt() {}

  /** A number from JSON data: a string-kinded value whose text is the number as written. */
  record JsonNumber(String text) {}

  /** Go's type name, as %T and error messages print it. */
  static String type(Object v) {
    if (v == null) {
      return "<nil>";
    } else if (v instanceof String) {
      return "string";
    } else if (v instanceof JsonNumber) {
      return "json.Number";
    } else if (v instanceof Long) {
      return "int";
    } else if (v instanceof Double) {
      return "float64";
    } else if (v instanceof Boolean) {
      return "bool";
    } else if (v instanceof List) {
      return "[]interface {}";
    }
    return "map[string]interface {}";
  }

  /** True for Go's string kind (string and json.Number). */
  static boolean isString(Object v) {
    return v instanceof String || v instanceof JsonNumber;
  }

  /** %v */
  static String value(Object v) {
    if (v == null) {
      return "<nil>";
    } else if (v instanceof String s) {
      return s;
    } else if (v instanceof JsonNumber n) {
      return n.text();
    } else if (v instanceof Double d) {
      return floatV(d);
    } else if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(' ');
        }
        sb.append(value(l.get(i)));
      }
      return sb.append(']').toString();
    } else if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("map[");
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(' ');
        }
        first = false;
        sb.append(e.getKey()).append(':').append(value(e.getValue()));
      }
      return sb.append(']').toString();
    }
    return String.valueOf(v);
  }

  /** fmt.Sprint: operands concatenated, with a space between two operands neither of which is a string. */
  static String sprint(List<Object> args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0 && !isString(args.get(i)) && !isString(args.get(i - 1))) {
        sb.append(' ');
      }
      sb.append(value(args.get(i)));
    }
    return sb.toString();
  }

  /** fmt.Sprintln: operands separated by spaces, then a newline. */
  static String sprintln(List<Object> args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(value(args.get(i)));
    }
    return sb.append('\n').toString();
  }

  /** %v for float64: shortest representation, exponent form below 1e-4 or from 1e21. */
  static String floatV(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exp = b.precision() - b.scale() - 1;
    if (exp < -4 || exp >= 21) {
      String digits = b.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    return b.toPlainString();
  }

  /** fmt.Sprintf with the common verbs and flags. */
  static String sprintf(String format, List<Object> args) {
    StringBuilder out = new StringBuilder();
    int argi = 0;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      GoVerb v = GoVerb.parse(format, i + 1);
      if (v == null) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = v.verb();
      i = v.end() - 1;
      String flags = v.flags();
      int width = v.width();
      int precision = v.precision();
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (argi >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Object arg = args.get(argi++);
      out.append(pad(verb(verb, arg, flags, precision), width, flags));
    }
    if (argi < args.size()) {
      out.append("%!(EXTRA ");
      for (int k = argi; k < args.size(); k++) {
        if (k > argi) {
          out.append(", ");
        }
        out.append(type(args.get(k))).append('=').append(value(args.get(k)));
      }
      out.append(')');
    }
    return out.toString();
  }

  private static String verb(char verb, Object arg, String flags, int precision) {
    switch (verb) {
      case 'v':
        return value(arg);
      case 'T':
        return type(arg);
      case 's':
        if (isString(arg)) {
          String s = value(arg);
          return precision >= 0 && precision < s.length() ? s.substring(0, precision) : s;
        }
        break;
      case 'q':
        if (isString(arg)) {
          return dev.gavel.json.JsonStrings.quote(value(arg));
        }
        break;
      case 't':
        if (arg instanceof Boolean b) {
          return b.toString();
        }
        break;
      case 'd':
        if (arg instanceof Long l) {
          return (flags.contains("+") && l >= 0 ? "+" : "") + l;
        }
        break;
      case 'x':
      case 'X':
        if (arg instanceof Long l) {
          String h = Long.toHexString(Math.abs(l));
          return (l < 0 ? "-" : "") + (verb == 'X' ? h.toUpperCase(java.util.Locale.ROOT) : h);
        }
        if (isString(arg)) {
          StringBuilder sb = new StringBuilder();
          for (byte b : value(arg).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(String.format(verb == 'X' ? "%02X" : "%02x", b & 0xff));
          }
          return sb.toString();
        }
        break;
      case 'o':
        if (arg instanceof Long l) {
          return Long.toOctalString(l);
        }
        break;
      case 'b':
        if (arg instanceof Long l) {
          return Long.toBinaryString(l);
        }
        break;
      case 'c':
        if (arg instanceof Long l) {
          return new String(Character.toChars(l.intValue()));
        }
        break;
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G':
        if (arg instanceof Double dv) {
          double d = dv;
          int p = precision < 0 ? 6 : precision;
          String s = switch (Character.toLowerCase(verb)) {
            case 'f' -> String.format(java.util.Locale.ROOT, "%." + p + "f", d);
            case 'e' -> goExponent(String.format(java.util.Locale.ROOT, "%." + p + "e", d));
            default -> precision < 0 ? floatV(d) : goExponent(String.format(java.util.Locale.ROOT, "%." + p + "g", d));
          };
          s = Character.isUpperCase(verb) ? s.toUpperCase(java.util.Locale.ROOT) : s;
          return (flags.contains("+") && d >= 0 ? "+" : "") + s;
        }
        break;
      default:
        break;
    }
    return "%!" + verb + "(" + type(arg) + "=" + value(arg) + ")";
  }

  /** Java writes exponents as e+5; Go writes at least two digits: e+05. */
  private static String goExponent(String s) {
    return s.replaceAll("e([+-])(\\d)$", "e$10$2");
  }

  private static String pad(String s, int width, String flags) {
    if (width < 0 || s.codePointCount(0, s.length()) >= width) {
      return s;
    }
    String fill = " ".repeat(width - s.codePointCount(0, s.length()));
    if (flags.contains("-")) {
      return s + fill;
    }
    if (flags.contains("0") && !s.isEmpty() && (Character.isDigit(s.charAt(s.length() - 1)))) {
      String zeros = "0".repeat(fill.length());
      return s.startsWith("-") || s.startsWith("+") ? s.charAt(0) + zeros + s.substring(1) : zeros + s;
    }
    return fill + s;
  }
}
