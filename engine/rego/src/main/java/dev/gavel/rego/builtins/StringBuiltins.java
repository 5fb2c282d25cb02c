package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The strings family. Positions and lengths count Unicode code points, as OPA does. */
public final class StringBuiltins implements BuiltinFamily {
  private static final Type S = Type.STRING;
  /** Templates can loop; their output is bounded so a runaway template fails instead of filling the heap. */
  private static final long TEMPLATE_OUTPUT_LIMIT = 1 << 24;
  private static final Type STRINGS = Type.anyOf(Type.arrayOf(S), Type.setOf(S));
  private static final Type STRING_OR_STRINGS = Type.anyOf(S, Type.setOf(S), Type.arrayOf(S));

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("concat", S, Param.of("delimiter", S), Param.of("collection", STRINGS).described("set", "array")),
        (ctx, a) -> StringValue.of(String.join(str(a.get(0)), strings(2, a.get(1)))));
    pred(r, "contains", (x, y) -> x.contains(y));
    pred(r, "startswith", (x, y) -> x.startsWith(y));
    pred(r, "endswith", (x, y) -> x.endsWith(y));
    r.register(BuiltinDecl.of("lower", S, Param.of("x", S)), (ctx, a) -> StringValue.of(str(a.get(0)).toLowerCase(Locale.ROOT)));
    r.register(BuiltinDecl.of("upper", S, Param.of("x", S)), (ctx, a) -> StringValue.of(str(a.get(0)).toUpperCase(Locale.ROOT)));
    r.register(BuiltinDecl.of("replace", S, Param.of("x", S), Param.of("old", S), Param.of("new", S)),
        (ctx, a) -> StringValue.of(replaceAll(ctx, str(a.get(0)), str(a.get(1)), str(a.get(2)))));
    r.register(BuiltinDecl.of("split", Type.arrayOf(S), Param.of("x", S), Param.of("delimiter", S)),
        (ctx, a) -> split(str(a.get(0)), str(a.get(1)), -1));
    r.register(BuiltinDecl.of("strings.split_n", Type.arrayOf(S), Param.of("x", S), Param.of("delimiter", S), Param.of("n", Type.NUMBER)),
        (ctx, a) -> {
          // All parts, then the first n (n > 0) or the last -n (n < 0).
          List<Value> parts = ((ArrayValue) split(str(a.get(0)), str(a.get(1)), -1)).elements();
          int n = Operands.integer(3, a.get(2));
          int k = Math.min(Math.abs(n), parts.size());
          return ArrayValue.of(n >= 0 ? parts.subList(0, k) : parts.subList(parts.size() - k, parts.size()));
        });
    r.register(BuiltinDecl.of("sprintf", S, Param.of("format", S), Param.of("values", Type.arrayOf(Type.ANY))),
        (ctx, a) -> StringValue.of(Sprintf.format(ctx, str(a.get(0)), ((ArrayValue) a.get(1)).elements())));
    r.register(BuiltinDecl.of("substring", S, Param.of("value", S), Param.of("offset", Type.NUMBER), Param.of("length", Type.NUMBER)),
        (ctx, a) -> substring(str(a.get(0)), Operands.integer(2, a.get(1)), Operands.integer(3, a.get(2))));
    r.register(BuiltinDecl.of("indexof", Type.NUMBER, Param.of("haystack", S), Param.of("needle", S)),
        (ctx, a) -> {
          String h = str(a.get(0));
          String n = str(a.get(1));
          if (n.isEmpty()) {
            // OPA refuses an empty needle (found by the differential testing against OPA v1.22.3)
            throw new BuiltinException("empty search character");
          }
          int i = h.indexOf(n);
          return NumberValue.of(i < 0 ? -1 : h.codePointCount(0, i));
        });
    r.register(BuiltinDecl.of("indexof_n", Type.arrayOf(Type.NUMBER), Param.of("haystack", S), Param.of("needle", S)),
        (ctx, a) -> {
          String h = str(a.get(0));
          String n = str(a.get(1));
          List<Value> out = new ArrayList<>();
          for (int i = h.indexOf(n); i >= 0 && !n.isEmpty(); i = h.indexOf(n, i + 1)) {
            out.add(NumberValue.of(h.codePointCount(0, i)));
          }
          return ArrayValue.of(out);
        });
    r.register(BuiltinDecl.of("format_int", S, Param.of("number", Type.NUMBER), Param.of("base", Type.NUMBER)),
        (ctx, a) -> {
          int base = Operands.integer(2, a.get(1));
          if (base != 2 && base != 8 && base != 10 && base != 16) {
            throw new BuiltinException("operand 2 must be one of {2, 8, 10, 16}", true);
          }
          BigInteger i = ((NumberValue) a.get(0)).value().setScale(0, RoundingMode.DOWN).toBigInteger();
          return StringValue.of(i.toString(base));
        });
    trims(r);
    r.register(BuiltinDecl.of("strings.render_template", S, Param.of("value", S), Param.of("vars", Type.objectOf(S, Type.ANY))),
        (ctx, a) -> {
          try {
            return StringValue.of(dev.gavel.rego.builtins.template.GoTemplate.render(str(a.get(0)), (ObjectValue) a.get(1),
                TEMPLATE_OUTPUT_LIMIT));
          } catch (dev.gavel.rego.builtins.template.TemplateException e) {
            throw new BuiltinException(e.getMessage());
          }
        });
    r.register(BuiltinDecl.of("strings.reverse", S, Param.of("x", S)),
        (ctx, a) -> StringValue.of(new StringBuilder(str(a.get(0))).reverse().toString()));
    r.register(BuiltinDecl.of("strings.count", Type.NUMBER, Param.of("search", S), Param.of("substring", S)),
        (ctx, a) -> NumberValue.of(count(str(a.get(0)), str(a.get(1)))));
    r.register(BuiltinDecl.of("strings.any_prefix_match", Type.BOOLEAN, Param.of("search", STRING_OR_STRINGS).described("string", "set", "array"),
            Param.of("base", STRING_OR_STRINGS).described("string", "set", "array")),
        (ctx, a) -> BooleanValue.of(anyMatch(stringsOf(1, a.get(0)), stringsOf(2, a.get(1)), true)));
    r.register(BuiltinDecl.of("strings.any_suffix_match", Type.BOOLEAN, Param.of("search", STRING_OR_STRINGS).described("string", "set", "array"),
            Param.of("base", STRING_OR_STRINGS).described("string", "set", "array")),
        (ctx, a) -> BooleanValue.of(anyMatch(stringsOf(1, a.get(0)), stringsOf(2, a.get(1)), false)));
    r.register(BuiltinDecl.of("strings.replace_n", S, Param.of("patterns", Type.objectOf(S, S)), Param.of("value", S)),
        (ctx, a) -> replaceN(ctx, (ObjectValue) a.get(0), a.get(1)));
  }

  private interface StringTest {
    boolean test(String x, String y);
  }

  private static void pred(BuiltinRegistry r, String name, StringTest t) {
    r.register(BuiltinDecl.of(name, Type.BOOLEAN, Param.of("x", S), Param.of("y", S)),
        (ctx, a) -> BooleanValue.of(t.test(str(a.get(0)), str(a.get(1)))));
  }

  private static void trims(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("trim", S, Param.of("value", S), Param.of("cutset", S)),
        (ctx, a) -> StringValue.of(trimRight(trimLeft(str(a.get(0)), str(a.get(1))), str(a.get(1)))));
    r.register(BuiltinDecl.of("trim_left", S, Param.of("value", S), Param.of("cutset", S)),
        (ctx, a) -> StringValue.of(trimLeft(str(a.get(0)), str(a.get(1)))));
    r.register(BuiltinDecl.of("trim_right", S, Param.of("value", S), Param.of("cutset", S)),
        (ctx, a) -> StringValue.of(trimRight(str(a.get(0)), str(a.get(1)))));
    r.register(BuiltinDecl.of("trim_prefix", S, Param.of("value", S), Param.of("prefix", S)),
        (ctx, a) -> {
          String v = str(a.get(0));
          String p = str(a.get(1));
          return StringValue.of(v.startsWith(p) ? v.substring(p.length()) : v);
        });
    r.register(BuiltinDecl.of("trim_suffix", S, Param.of("value", S), Param.of("suffix", S)),
        (ctx, a) -> {
          String v = str(a.get(0));
          String p = str(a.get(1));
          return StringValue.of(v.endsWith(p) ? v.substring(0, v.length() - p.length()) : v);
        });
    r.register(BuiltinDecl.of("trim_space", S, Param.of("value", S)),
        (ctx, a) -> StringValue.of(str(a.get(0)).strip()));
  }

  static String str(Value v) {
    return ((StringValue) v).value();
  }

  private static List<String> strings(int position, Value coll) {
    List<String> out = new ArrayList<>();
    for (Value v : Operands.elements(position, coll)) {
      if (!(v instanceof StringValue s)) {
        throw BuiltinException.operand(position, coll.typeName() + " of strings", coll.typeName() + " containing " + v.typeName());
      }
      out.add(s.value());
    }
    return out;
  }

  private static List<String> stringsOf(int position, Value v) {
    if (v instanceof StringValue s) {
      return List.of(s.value());
    }
    return strings(position, v);
  }

  private static boolean anyMatch(List<String> search, List<String> base, boolean prefix) {
    for (String s : search) {
      for (String b : base) {
        if (prefix ? s.startsWith(b) : s.endsWith(b)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Go's strings.Replace semantics: an empty old string inserts between code points. The output
   * can be far longer than the input (one character becoming a long string), so it is metered.
   */
  private static String replaceAll(BuiltinContext ctx, String x, String old, String neu) {
    MeteredText out = new MeteredText(ctx);
    if (!old.isEmpty()) {
      int from = 0;
      for (int at = x.indexOf(old); at >= 0; at = x.indexOf(old, from)) {
        out.append(x.substring(from, at)).append(neu);
        from = at + old.length();
      }
      return out.append(x.substring(from)).toString();
    }
    out.append(neu);
    x.codePoints().forEach(cp -> out.appendCodePoint(cp).append(neu));
    return out.toString();
  }

  /** Go's strings.SplitN: an empty delimiter splits into code points; n < 0 means all. */
  private static Value split(String x, String d, int n) {
    List<Value> out = new ArrayList<>();
    if (n == 0) {
      return ArrayValue.EMPTY;
    }
    if (d.isEmpty()) {
      int[] cps = x.codePoints().toArray();
      for (int i = 0; i < cps.length; i++) {
        if (n > 0 && out.size() == n - 1) {
          out.add(StringValue.of(new String(cps, i, cps.length - i)));
          break;
        }
        out.add(StringValue.of(new String(cps, i, 1)));
      }
      return ArrayValue.of(out);
    }
    int from = 0;
    while (n < 0 || out.size() < n - 1) {
      int i = x.indexOf(d, from);
      if (i < 0) {
        break;
      }
      out.add(StringValue.of(x.substring(from, i)));
      from = i + d.length();
    }
    out.add(StringValue.of(x.substring(from)));
    return ArrayValue.of(out);
  }

  private static Value substring(String s, int offset, int length) {
    if (offset < 0) {
      throw new BuiltinException("negative offset");
    }
    int[] cps = s.codePoints().toArray();
    if (offset >= cps.length) {
      return StringValue.EMPTY;
    }
    int end = length < 0 ? cps.length : (int) Math.min((long) offset + length, cps.length);
    return StringValue.of(new String(cps, offset, end - offset));
  }

  private static String trimLeft(String s, String cutset) {
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (cutset.indexOf(cp) < 0) {
        break;
      }
      i += Character.charCount(cp);
    }
    return s.substring(i);
  }

  private static String trimRight(String s, String cutset) {
    int i = s.length();
    while (i > 0) {
      int cp = s.codePointBefore(i);
      if (cutset.indexOf(cp) < 0) {
        break;
      }
      i -= Character.charCount(cp);
    }
    return s.substring(0, i);
  }

  private static long count(String s, String sub) {
    if (sub.isEmpty()) {
      return s.codePointCount(0, s.length()) + 1L;
    }
    long n = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
      n++;
    }
    return n;
  }

  /** Replaces every pattern key by its value in one left-to-right pass; earlier (sorted) keys win ties. */
  private static Value replaceN(BuiltinContext ctx, ObjectValue patterns, Value value) {
    if (!(value instanceof StringValue sv)) {
      throw BuiltinException.operand(2, "string", value.typeName());
    }
    TreeMap<String, String> pats = new TreeMap<>();
    for (Map.Entry<Value, Value> e : patterns.asMap().entrySet()) {
      if (!(e.getKey() instanceof StringValue k)) {
        throw new BuiltinException("operand 1 non-string key found in pattern object", true);
      }
      if (!(e.getValue() instanceof StringValue v)) {
        throw new BuiltinException("operand 1 non-string value found in pattern object", true);
      }
      pats.put(k.value(), v.value());
    }
    String s = sv.value();
    // Like Go's strings.Replacer: an empty key inserts its value at every position, including the end.
    String empty = pats.get("");
    MeteredText out = new MeteredText(ctx);
    int i = 0;
    outer:
    while (i <= s.length()) {
      if (empty != null) {
        out.append(empty);
      }
      if (i == s.length()) {
        break;
      }
      for (Map.Entry<String, String> p : pats.entrySet()) {
        if (!p.getKey().isEmpty() && s.startsWith(p.getKey(), i)) {
          out.append(p.getValue());
          i += p.getKey().length();
          continue outer;
        }
      }
      int cp = s.codePointAt(i);
      out.appendCodePoint(cp);
      i += Character.charCount(cp);
    }
    return StringValue.of(out.toString());
  }

}
