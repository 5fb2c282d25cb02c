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
    r.register(BuiltinDecl.of("regex.is_valid", Type.BOOLEAN, Param.of("pattern", Type.ANY)), (ctx, a) -> {
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
      throw new BuiltinException("error parsing regexp: " + e.getMessage());
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
