package dev.gavel.rego.builtins.template;

import dev.gavel.rego.builtins.template.TemplateParser.Action;
import dev.gavel.rego.builtins.template.TemplateParser.Arg;
import dev.gavel.rego.builtins.template.TemplateParser.Command;
import dev.gavel.rego.builtins.template.TemplateParser.Control;
import dev.gavel.rego.builtins.template.TemplateParser.Include;
import dev.gavel.rego.builtins.template.TemplateParser.Loop;
import dev.gavel.rego.builtins.template.TemplateParser.Node;
import dev.gavel.rego.builtins.template.TemplateParser.Pipe;
import dev.gavel.rego.builtins.template.TemplateParser.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a parsed template over data, as Go's text/template executes it: a missing map key is
 * "no value", numbers from the data are json.Number (string-kinded, so {@code if} tests their
 * text), truth is Go's (false, 0, nil and empty are false), and errors say where
 * ({@code template: template:1:3: executing "template" at <index .a 5>: ...}).
 */
final class TemplateExec {
  /** Go's invalid reflect.Value: what a missing map key yields; prints as {@code <no value>}. */
  static final Object NO_VALUE = new Object() {
    @Override
    public String toString() {
      return "<no value>";
    }
  };

  private static final int MAX_DEPTH = 1000;
  private final String source;
  private final Map<String, List<Node>> defined;
  private final StringBuilder out;
  private final long outputLimit;
  private final List<Map<String, Object>> vars = new ArrayList<>();
  private int depth;

  private static final class Break extends RuntimeException {
    final boolean isContinue;

    Break(boolean isContinue) {
      super(null, null, false, false);
      this.isContinue = isContinue;
    }
  }

  TemplateExec(String source, Map<String, List<Node>> defined, StringBuilder out, long outputLimit) {
    this.source = source;
    this.defined = defined;
    this.out = out;
    this.outputLimit = outputLimit;
  }

  void run(List<Node> nodes, Object data) {
    Map<String, Object> top = new HashMap<>();
    top.put("$", data);
    vars.add(top);
    walk(nodes, data);
  }

  private TemplateException error(int pos, String node, String message) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < pos && i < source.length(); i++) {
      if (source.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new TemplateException("template: template:" + line + ":" + (pos - lineStart) + ": executing \"template\" at <"
        + node + ">: " + message);
  }

  private void emit(String s) {
    out.append(s);
    if (out.length() > outputLimit) {
      throw new TemplateException("template output exceeds " + outputLimit + " characters");
    }
  }

  private void walk(List<Node> nodes, Object dot) {
    for (Node n : nodes) {
      walk(n, dot);
    }
  }

  private void walk(Node n, Object dot) {
    if (n instanceof Text t) {
      emit(t.text());
    } else if (n instanceof Action a) {
      Object v = pipeline(a.pipe(), dot);
      if (a.pipe().vars().isEmpty()) {
        emit(printed(v));
      }
    } else if (n instanceof Control c) {
      control(c, dot);
    } else if (n instanceof Include inc) {
      List<Node> body = defined.get(inc.name());
      if (body == null) {
        throw error(inc.pos(), "template \"" + inc.name() + "\"", "no such template \"" + inc.name() + "\"");
      }
      Object newDot = inc.pipe() == null ? null : pipeline(inc.pipe(), dot);
      // Go allows 100000 nested calls; the JVM's stack allows fewer, so the limit here is lower.
      if (++depth > MAX_DEPTH) {
        throw error(inc.pos(), "template \"" + inc.name() + "\"", "exceeded maximum template depth (" + MAX_DEPTH + ")");
      }
      vars.add(new HashMap<>(Map.of("$", newDot == null ? NO_VALUE : newDot)));
      try {
        walk(body, newDot);
      } finally {
        vars.remove(vars.size() - 1);
        depth--;
      }
    } else if (n instanceof Loop l) {
      throw new Break(l.word().equals("continue"));
    }
  }

  private void control(Control c, Object dot) {
    vars.add(new HashMap<>());
    try {
      Object v = pipeline(c.pipe(), dot);
      switch (c.kind()) {
        case "if" -> walk(truth(v) ? c.body() : c.otherwise(), dot);
        case "with" -> {
          if (truth(v)) {
            walk(c.body(), v);
          } else {
            walk(c.otherwise(), dot);
          }
        }
        default -> range(c, v, dot);
      }
    } finally {
      vars.remove(vars.size() - 1);
    }
  }

  private void range(Control c, Object v, Object dot) {
    List<Object[]> entries = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        entries.add(new Object[] {(long) i, l.get(i)});
      }
    } else if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        entries.add(new Object[] {e.getKey(), e.getValue()});
      }
    } else if (v instanceof Long n) {
      for (long i = 0; i < n; i++) {
        entries.add(new Object[] {i, i});
      }
    } else if (v != null && v != NO_VALUE) {
      throw error(c.pos(), c.pipe().toString(), "range can't iterate over " + GoFmt.value(v));
    }
    if (entries.isEmpty()) {
      walk(c.otherwise(), dot);
      return;
    }
    List<String> names = c.pipe().vars();
    for (Object[] e : entries) {
      if (names.size() == 1) {
        set(names.get(0), e[1]);
      } else if (names.size() == 2) {
        set(names.get(0), e[0]);
        set(names.get(1), e[1]);
      }
      try {
        walk(c.body(), e[1]);
      } catch (Break b) {
        if (!b.isContinue) {
          break;
        }
      }
    }
  }

  private void set(String name, Object v) {
    vars.get(vars.size() - 1).put(name, v);
  }

  private Object lookup(String name) {
    for (int i = vars.size() - 1; i >= 0; i--) {
      if (vars.get(i).containsKey(name)) {
        return vars.get(i).get(name);
      }
    }
    return NO_VALUE;
  }

  private void assign(String name, Object v) {
    for (int i = vars.size() - 1; i >= 0; i--) {
      if (vars.get(i).containsKey(name)) {
        vars.get(i).put(name, v);
        return;
      }
    }
  }

  private Object pipeline(Pipe p, Object dot) {
    Object value = null;
    boolean hasFinal = false;
    for (Command c : p.commands()) {
      value = command(c, dot, hasFinal ? value : NO_FINAL);
      hasFinal = true;
    }
    for (String v : p.vars()) {
      if (p.assign()) {
        assign(v, value);
      } else {
        set(v, value);
      }
    }
    return value;
  }

  /** Marks "no value piped in" for a pipeline's first command. */
  private static final Object NO_FINAL = new Object();

  private Object command(Command c, Object dot, Object fin) {
    Arg first = c.args().get(0);
    List<Arg> rest = c.args().subList(1, c.args().size());
    if (first instanceof Arg.Function f) {
      return Functions.call(this, f, c, rest, dot, fin);
    }
    if (!rest.isEmpty() || fin != NO_FINAL) {
      List<String> names = first instanceof Arg.Field f ? f.names() : first instanceof Arg.Variable v ? v.names()
          : first instanceof Arg.Sub s ? s.names() : List.of();
      if (names.isEmpty()) {
        throw error(first.pos(), first.toString(), "can't give argument to non-function " + first);
      }
      // Maps have no methods: a field with arguments is never callable.
      throw error(first.pos(), first.toString(), names.get(names.size() - 1) + " is not a method but has arguments");
    }
    if (first instanceof Arg.Nil) {
      throw error(first.pos(), "nil", "nil is not a command");
    }
    return arg(first, dot);
  }

  /** The value of one operand. */
  Object arg(Arg a, Object dot) {
    if (a instanceof Arg.Dot) {
      return dot;
    } else if (a instanceof Arg.Nil) {
      return null;
    } else if (a instanceof Arg.Literal l) {
      return l.value();
    } else if (a instanceof Arg.Field f) {
      return fields(a, dot, f.names());
    } else if (a instanceof Arg.Variable v) {
      return fields(a, lookup(v.name()), v.names());
    } else if (a instanceof Arg.Sub s) {
      return fields(a, pipeline(s.pipe(), dot), s.names());
    } else if (a instanceof Arg.Function f) {
      throw error(f.pos(), f.name(), "can't use a function as a value: " + f.name());
    }
    throw new IllegalStateException("unknown operand " + a);
  }

  private Object fields(Arg node, Object receiver, List<String> names) {
    Object cur = receiver;
    boolean fromData = !(node instanceof Arg.Sub);
    for (String name : names) {
      if (cur instanceof Map<?, ?> m) {
        cur = m.containsKey(name) ? m.get(name) : NO_VALUE;
        fromData = true;
        continue;
      }
      if (cur == null || cur == NO_VALUE) {
        throw error(node.pos(), node.toString(), "nil pointer evaluating interface {}." + name);
      }
      throw error(node.pos(), node.toString(), "can't evaluate field " + name + " in type "
          + (fromData ? "interface {}" : GoFmt.type(cur)));
    }
    return cur;
  }

  TemplateException errorAt(Arg node, Command c, String message) {
    return error(node.pos(), c.toString(), message);
  }

  /** Go's truth: false, zero numbers, nil, and empty strings, slices and maps are false. */
  static boolean truth(Object v) {
    if (v == null || v == NO_VALUE) {
      return false;
    } else if (v instanceof Boolean b) {
      return b;
    } else if (v instanceof String s) {
      return !s.isEmpty();
    } else if (v instanceof GoFmt.JsonNumber n) {
      return !n.text().isEmpty();
    } else if (v instanceof Long l) {
      return l != 0;
    } else if (v instanceof Double d) {
      return d != 0;
    } else if (v instanceof List<?> l) {
      return !l.isEmpty();
    } else if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  /** What an action prints: {@code <no value>} for a missing value, else fmt's %v. */
  static String printed(Object v) {
    return v == NO_VALUE || v == null ? "<no value>" : GoFmt.value(v);
  }

  static Object finalMarker() {
    return NO_FINAL;
  }
}
