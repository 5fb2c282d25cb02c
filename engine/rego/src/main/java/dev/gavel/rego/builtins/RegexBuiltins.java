package dev.gavel.rego.builtins;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/** regex.* with RE2 semantics (linear time, Go syntax) via re2j; compiled patterns are cached per query. */
public final class RegexBuiltins implements BuiltinFamily {
  private static final Type S = Type.STRING;
  private static final int CACHE_LIMIT = 1024;

  /** Compiled patterns shared by every query of this registry: policies reuse a few patterns. */
  private final java.util.concurrent.ConcurrentHashMap<String, Pattern> compiled = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("regex.match", Type.BOOLEAN, Param.of("pattern", S), Param.of("value", S)),
        (ctx, a) -> BooleanValue.of(compile(ctx, a.get(0)).matcher(str(a.get(1))).find()));
    r.register(BuiltinDecl.of("regex.is_valid", Type.BOOLEAN, Param.of("pattern", Type.STRING).unchecked()), (ctx, a) -> {
      if (!(a.get(0) instanceof StringValue s)) {
        return BooleanValue.FALSE;
      }
      try {
        Pattern.compile(s.value());
        return BooleanValue.TRUE;
      } catch (PatternSyntaxException e) {
        return BooleanValue.FALSE;
      }
    });
    r.register(BuiltinDecl.of("regex.template_match", Type.BOOLEAN, Param.of("template", S), Param.of("value", S),
            Param.of("delimiter_start", S), Param.of("delimiter_end", S)),
        (ctx, a) -> templateMatch(ctx, str(a.get(0)), str(a.get(1)), str(a.get(2)), str(a.get(3))));
    r.register(BuiltinDecl.of("regex.globs_match", Type.BOOLEAN, Param.of("glob1", S), Param.of("glob2", S)),
        (ctx, a) -> BooleanValue.of(GlobIntersection.nonEmpty(str(a.get(0)), str(a.get(1)))));
    r.register(BuiltinDecl.of("regex.split", Type.arrayOf(S), Param.of("pattern", S), Param.of("value", S)),
        (ctx, a) -> split(compile(ctx, a.get(0)), str(a.get(1))));
    r.register(BuiltinDecl.of("regex.replace", S, Param.of("s", S), Param.of("pattern", S), Param.of("value", S)),
        (ctx, a) -> StringValue.of(compile(ctx, a.get(1)).matcher(str(a.get(0))).replaceAll(goTemplate(str(a.get(2))))));
    r.register(BuiltinDecl.of("regex.find_n", Type.arrayOf(S), Param.of("pattern", S), Param.of("value", S), Param.of("number", Type.NUMBER)),
        (ctx, a) -> {
          int n = Operands.integer(3, a.get(2));
          Matcher m = compile(ctx, a.get(0)).matcher(str(a.get(1)));
          List<Value> out = new ArrayList<>();
          while ((n < 0 || out.size() < n) && m.find()) {
            out.add(StringValue.of(m.group()));
          }
          return ArrayValue.of(out);
        });
    r.register(BuiltinDecl.of("regex.find_all_string_submatch_n", Type.arrayOf(Type.arrayOf(S)),
            Param.of("pattern", S), Param.of("value", S), Param.of("number", Type.NUMBER)),
        (ctx, a) -> {
          int n = Operands.integer(3, a.get(2));
          Matcher m = compile(ctx, a.get(0)).matcher(str(a.get(1)));
          List<Value> out = new ArrayList<>();
          while ((n < 0 || out.size() < n) && m.find()) {
            List<Value> groups = new ArrayList<>();
            for (int g = 0; g <= m.groupCount(); g++) {
              String s = m.group(g);
              groups.add(StringValue.of(s == null ? "" : s));
            }
            out.add(ArrayValue.of(groups));
          }
          return ArrayValue.of(out);
        });
  }

  /**
   * regex.template_match: a template whose parts between the delimiters are regular expressions
   * and whose other text is literal, matched as a whole against the value.
   */
  private Value templateMatch(BuiltinContext ctx, String template, String value, String start, String end) {
    if (start.getBytes(java.nio.charset.StandardCharsets.UTF_8).length != 1) {
      throw new BuiltinException("start delimiter has to be exactly one character long but is " + utf8Length(start) + " long");
    }
    if (end.getBytes(java.nio.charset.StandardCharsets.UTF_8).length != 1) {
      // OPA reports the start delimiter's length here; kept so messages agree.
      throw new BuiltinException("end delimiter has to be exactly one character long but is " + utf8Length(start) + " long");
    }
    char open = start.charAt(0);
    char close = end.charAt(0);
    List<int[]> spans = new ArrayList<>();
    int level = 0;
    int from = 0;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == open) {
        if (++level == 1) {
          from = i;
        }
      } else if (c == close) {
        if (--level == 0) {
          spans.add(new int[] {from, i + 1});
        } else if (level < 0) {
          throw new BuiltinException("unbalanced braces in " + dev.gavel.json.JsonStrings.quote(template));
        }
      }
    }
    if (level != 0) {
      throw new BuiltinException("unbalanced braces in " + dev.gavel.json.JsonStrings.quote(template));
    }
    StringBuilder pattern = new StringBuilder("^");
    int last = 0;
    for (int[] span : spans) {
      String part = template.substring(span[0] + 1, span[1] - 1);
      compile(ctx, StringValue.of("^" + part + "$"));
      pattern.append(quoteMeta(template.substring(last, span[0]))).append('(').append(part).append(')');
      last = span[1];
    }
    pattern.append(quoteMeta(template.substring(last))).append('$');
    return BooleanValue.of(compile(ctx, StringValue.of(pattern.toString())).matcher(value).find());
  }

  private static int utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /** Go's regexp.QuoteMeta: every RE2 metacharacter escaped. */
  static String quoteMeta(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static String str(Value v) {
    return ((StringValue) v).value();
  }

  private Pattern compile(BuiltinContext ctx, Value pattern) {
    String p = str(pattern);
    Pattern cached = compiled.get(p);
    if (cached != null) {
      return cached;
    }
    try {
      Pattern pat = Pattern.compile(p);
      if (compiled.size() >= CACHE_LIMIT) {
        compiled.clear();
      }
      compiled.put(p, pat);
      return pat;
    } catch (PatternSyntaxException e) {
      throw new BuiltinException(e.getMessage());
    }
  }

  /** Go's Regexp.Split with n = -1. */
  private static Value split(Pattern p, String s) {
    List<Value> out = new ArrayList<>();
    Matcher m = p.matcher(s);
    int last = 0;
    while (m.find()) {
      if (m.end() == 0 && m.start() == 0 && s.isEmpty()) {
        break;
      }
      if (m.start() == m.end() && m.start() == 0) {
        continue;
      }
      out.add(StringValue.of(s.substring(last, m.start())));
      last = m.end();
    }
    out.add(StringValue.of(s.substring(last)));
    return ArrayValue.of(out);
  }

  /** Go expands $1 and ${name} in replacements; re2j uses the same $ syntax, so only escape stray backslashes. */
  private static String goTemplate(String t) {
    return t.replace("\\", "\\\\");
  }
}
