package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * glob.match with the syntax OPA documents: {@code *} (within separators), {@code **} (across
 * them), {@code ?}, {@code [abc]}, {@code [!a-z]}, {@code {a,b}} and backslash escapes. The pattern
 * is translated to an anchored regular expression, cached per query.
 */
public final class GlobBuiltins implements BuiltinFamily {
  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("glob.match", Type.BOOLEAN, Param.of("pattern", Type.STRING),
            Param.of("delimiters", Type.anyOf(Type.arrayOf(Type.STRING), Type.NULL)).described("array", "null"), Param.of("match", Type.STRING)),
        (ctx, a) -> {
          // As OPA behaves: null means no delimiters; an empty array means the default ".".
          List<String> seps = new ArrayList<>();
          if (!(a.get(1) instanceof NullValue)) {
            for (Value v : Operands.elements(2, a.get(1))) {
              if (!(v instanceof StringValue s)) {
                throw BuiltinException.operand(2, "array of strings", "array containing " + v.typeName());
              }
              seps.add(s.value());
            }
            if (seps.isEmpty()) {
              seps.add(".");
            }
          }
          String pattern = ((StringValue) a.get(0)).value();
          List<Object> key = List.of("glob", pattern, seps);
          Pattern p = (Pattern) ctx.cache().get(key);
          if (p == null) {
            p = Pattern.compile(translate(pattern, seps), Pattern.DOTALL);
            ctx.cache().put(key, p);
          }
          return BooleanValue.of(p.matcher(((StringValue) a.get(2)).value()).matches());
        });
    r.register(BuiltinDecl.of("glob.quote_meta", Type.STRING, Param.of("pattern", Type.STRING)), (ctx, a) -> {
      StringBuilder sb = new StringBuilder();
      for (char c : ((StringValue) a.get(0)).value().toCharArray()) {
        if ("*?\\[]{}".indexOf(c) >= 0) {
          sb.append('\\');
        }
        sb.append(c);
      }
      return StringValue.of(sb.toString());
    });
  }

  static String translate(String glob, List<String> seps) {
    String notSep;
    if (seps.isEmpty()) {
      notSep = ".";
    } else {
      StringBuilder cls = new StringBuilder("[^");
      for (String s : seps) {
        for (char c : s.toCharArray()) {
          cls.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
        }
      }
      notSep = cls.append(']').toString();
    }
    StringBuilder out = new StringBuilder();
    int[] i = {0};
    translate(glob, i, out, notSep, false);
    if (i[0] < glob.length()) {
      throw new BuiltinException("unexpected " + glob.charAt(i[0]) + " in glob pattern");
    }
    return out.toString();
  }

  /** Translates until the end, or (inside braces) until an unnested ',' or '}'. */
  private static void translate(String g, int[] i, StringBuilder out, String notSep, boolean inBraces) {
    while (i[0] < g.length()) {
      char c = g.charAt(i[0]);
      if (inBraces && (c == ',' || c == '}')) {
        return;
      }
      i[0]++;
      switch (c) {
        case '*' -> {
          if (i[0] < g.length() && g.charAt(i[0]) == '*') {
            i[0]++;
            out.append(".*");
          } else {
            out.append(notSep).append('*');
          }
        }
        case '?' -> out.append(notSep);
        case '\\' -> {
          if (i[0] >= g.length()) {
            throw new BuiltinException("unexpected end of glob pattern after escape");
          }
          out.append(Pattern.quote(String.valueOf(g.charAt(i[0]++))));
        }
        case '[' -> {
          int end = g.indexOf(']', i[0]);
          if (end < 0) {
            throw new BuiltinException("unterminated [ in glob pattern");
          }
          String body = g.substring(i[0], end);
          i[0] = end + 1;
          boolean negate = body.startsWith("!");
          if (negate) {
            body = body.substring(1);
          }
          StringBuilder cls = new StringBuilder(negate ? "[^" : "[");
          for (char b : body.toCharArray()) {
            cls.append(b == '-' ? "-" : (Character.isLetterOrDigit(b) ? String.valueOf(b) : "\\" + b));
          }
          out.append(cls).append(']');
        }
        case '{' -> {
          out.append("(?:");
          while (true) {
            translate(g, i, out, notSep, true);
            if (i[0] >= g.length()) {
              throw new BuiltinException("unterminated { in glob pattern");
            }
            char d = g.charAt(i[0]++);
            if (d == '}') {
              break;
            }
            out.append('|');
          }
          out.append(')');
        }
        default -> out.append(Pattern.quote(String.valueOf(c)));
      }
    }
  }
}
