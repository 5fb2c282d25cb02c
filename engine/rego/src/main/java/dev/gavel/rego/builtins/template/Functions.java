package dev.gavel.rego.builtins.template;

import dev.gavel.rego.builtins.template.TemplateParser.Arg;
import dev.gavel.rego.builtins.template.TemplateParser.Command;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The predefined functions of Go's text/template, over the values {@link GoFmt} describes. */
final class Functions {
  private Functions() {}

  static Object call(TemplateExec ex, Arg.Function f, Command c, List<Arg> argNodes, Object dot, Object fin) {
    String name = f.name();
    List<Arg> nodes = new ArrayList<>(argNodes);
    boolean piped = fin != TemplateExec.finalMarker();
    int given = nodes.size() + (piped ? 1 : 0);
    if (name.equals("and") || name.equals("or")) {
      if (given == 0) {
        throw ex.errorAt(f, c, "wrong number of args for " + name + ": want at least 1 got 0");
      }
      Object v = null;
      for (int i = 0; i < given; i++) {
        v = i < nodes.size() ? ex.arg(nodes.get(i), dot) : fin;
        boolean t = TemplateExec.truth(v);
        if (name.equals("and") ? !t : t) {
          return v;
        }
      }
      return v;
    }
    List<Object> args = new ArrayList<>();
    for (Arg a : nodes) {
      args.add(ex.arg(a, dot));
    }
    if (piped) {
      args.add(fin);
    }
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) == TemplateExec.NO_VALUE) {
        args.set(i, null);
      }
    }
    try {
      return apply(name, args);
    } catch (Arity a) {
      throw ex.errorAt(f, c, "wrong number of args for " + name + ": want " + a.want + " got " + args.size());
    } catch (CallError e) {
      throw ex.errorAt(f, c, "error calling " + name + ": " + e.getMessage());
    }
  }

  private static final class Arity extends RuntimeException {
    final String want;

    Arity(String want) {
      super(want, null, false, false);
      this.want = want;
    }
  }

  private static final class CallError extends RuntimeException {
    CallError(String message) {
      super(message, null, false, false);
    }
  }

  private static void arity(List<Object> args, int n) {
    if (args.size() != n) {
      throw new Arity(String.valueOf(n));
    }
  }

  private static void atLeast(List<Object> args, int n) {
    if (args.size() < n) {
      throw new Arity("at least " + n);
    }
  }

  private static Object apply(String name, List<Object> args) {
    switch (name) {
      case "not":
        arity(args, 1);
        return !TemplateExec.truth(args.get(0));
      case "len":
        arity(args, 1);
        return len(args.get(0));
      case "index":
        atLeast(args, 1);
        return index(args.get(0), args.subList(1, args.size()));
      case "slice":
        atLeast(args, 1);
        return slice(args.get(0), args.subList(1, args.size()));
      case "print":
        return GoFmt.sprint(args);
      case "println":
        return GoFmt.sprintln(args);
      case "printf":
        atLeast(args, 1);
        if (!(args.get(0) instanceof String fmt)) {
          throw new CallError("wrong type for value; expected string; got " + GoFmt.type(args.get(0)));
        }
        return GoFmt.sprintf(fmt, args.subList(1, args.size()));
      case "eq":
        atLeast(args, 1);
        for (Object other : args.subList(1, args.size())) {
          if (compare(args.get(0), other, true) == 0) {
            return true;
          }
        }
        if (args.size() == 1) {
          throw new CallError("missing argument for comparison");
        }
        return false;
      case "ne":
        arity(args, 2);
        return compare(args.get(0), args.get(1), true) != 0;
      case "lt":
        arity(args, 2);
        return compare(args.get(0), args.get(1), false) < 0;
      case "le":
        arity(args, 2);
        return compare(args.get(0), args.get(1), false) <= 0;
      case "gt":
        arity(args, 2);
        return compare(args.get(0), args.get(1), false) > 0;
      case "ge":
        arity(args, 2);
        return compare(args.get(0), args.get(1), false) >= 0;
      case "html":
        return html(text(args));
      case "js":
        return js(text(args));
      case "urlquery":
        return urlquery(text(args));
      default:
        atLeast(args, 1);
        throw new CallError("non-function " + GoFmt.value(args.get(0)) + " of type " + GoFmt.type(args.get(0)));
    }
  }

  private static Object len(Object v) {
    if (v instanceof String s) {
      return (long) s.getBytes(StandardCharsets.UTF_8).length;
    } else if (v instanceof GoFmt.JsonNumber n) {
      return (long) n.text().length();
    } else if (v instanceof List<?> l) {
      return (long) l.size();
    } else if (v instanceof Map<?, ?> m) {
      return (long) m.size();
    }
    throw new CallError("len of type " + GoFmt.type(v));
  }

  private static Object index(Object item, List<Object> keys) {
    Object cur = item;
    if (cur == null) {
      throw new CallError("index of untyped nil");
    }
    for (Object k : keys) {
      if (cur instanceof List<?> l) {
        if (!(k instanceof Long i)) {
          throw new CallError("cannot index slice/array with type " + GoFmt.type(k));
        }
        if (i < 0 || i >= l.size()) {
          throw new CallError("index out of range: " + i);
        }
        cur = l.get(i.intValue());
      } else if (cur instanceof Map<?, ?> m) {
        if (!(k instanceof String key)) {
          throw new CallError("value has type " + GoFmt.type(k) + "; should be string");
        }
        cur = m.containsKey(key) ? m.get(key) : null;
      } else if (cur instanceof String s) {
        if (!(k instanceof Long i)) {
          throw new CallError("cannot index slice/array with type " + GoFmt.type(k));
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (i < 0 || i >= b.length) {
          throw new CallError("index out of range: " + i);
        }
        cur = (long) (b[i.intValue()] & 0xff);
      } else if (cur == null) {
        throw new CallError("index of nil pointer");
      } else {
        throw new CallError("can't index item of type " + GoFmt.type(cur));
      }
    }
    return cur;
  }

  private static Object slice(Object item, List<Object> idx) {
    if (idx.size() > 3) {
      throw new CallError("too many slice indexes: " + idx.size());
    }
    int len;
    if (item instanceof String s) {
      len = s.getBytes(StandardCharsets.UTF_8).length;
      if (idx.size() == 3) {
        throw new CallError("cannot 3-index slice a string");
      }
    } else if (item instanceof List<?> l) {
      len = l.size();
    } else {
      throw new CallError("can't slice item of type " + GoFmt.type(item));
    }
    int[] bounds = {0, len};
    for (int i = 0; i < Math.min(2, idx.size()); i++) {
      if (!(idx.get(i) instanceof Long n)) {
        throw new CallError("cannot index slice/array with type " + GoFmt.type(idx.get(i)));
      }
      if (n < 0 || n > len) {
        throw new CallError("index out of range: " + n);
      }
      bounds[i] = n.intValue();
    }
    if (bounds[0] > bounds[1]) {
      throw new CallError("invalid slice index: " + bounds[0] + " > " + bounds[1]);
    }
    if (item instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      return new String(b, bounds[0], bounds[1] - bounds[0], StandardCharsets.UTF_8);
    }
    return new ArrayList<>(((List<?>) item).subList(bounds[0], bounds[1]));
  }

  /** Go's comparison of basic kinds: bool, int, float, string (json.Number counts as a string). */
  private static int compare(Object a, Object b, boolean equality) {
    String ka = kind(a);
    String kb = kind(b);
    if (ka == null || kb == null) {
      if (equality && a == null && b == null) {
        throw new CallError("invalid type for comparison");
      }
      if (equality && (a instanceof List || a instanceof Map || b instanceof List || b instanceof Map)) {
        throw new CallError("non-comparable type " + GoFmt.value(a == null ? b : a) + ": " + GoFmt.type(a == null ? b : a));
      }
      throw new CallError(equality ? "incompatible types for comparison" : "invalid type for comparison");
    }
    if (!ka.equals(kb)) {
      throw new CallError("incompatible types for comparison: " + GoFmt.type(a) + " and " + GoFmt.type(b));
    }
    switch (ka) {
      case "bool":
        if (!equality) {
          throw new CallError("invalid type for comparison");
        }
        return a.equals(b) ? 0 : 1;
      case "int":
        return Long.compare((Long) a, (Long) b);
      case "float":
        return Double.compare((Double) a, (Double) b);
      default:
        return GoFmt.value(a).compareTo(GoFmt.value(b));
    }
  }

  private static String kind(Object v) {
    if (v instanceof Boolean) {
      return "bool";
    } else if (v instanceof Long) {
      return "int";
    } else if (v instanceof Double) {
      return "float";
    } else if (GoFmt.isString(v)) {
      return "string";
    }
    return null;
  }

  /** The escapers' operand: a lone string as it is, else the operands printed. */
  private static String text(List<Object> args) {
    if (args.size() == 1 && args.get(0) instanceof String s) {
      return s;
    }
    return GoFmt.sprint(args);
  }

  private static String html(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '\'' -> sb.append("&#39;");
        case '"' -> sb.append("&#34;");
        case 0 -> sb.append('\uFFFD');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String js(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '"' -> sb.append("\\\"");
        case '<' -> sb.append("\\u003C");
        case '>' -> sb.append("\\u003E");
        case '&' -> sb.append("\\u0026");
        case '=' -> sb.append("\\u003D");
        default -> {
          if (c < ' ') {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** Go's url.QueryEscape. */
  private static String urlquery(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
        sb.append((char) c);
      } else if (c == ' ') {
        sb.append('+');
      } else {
        sb.append('%').append(String.format("%02X", c));
      }
    }
    return sb.toString();
  }
}
