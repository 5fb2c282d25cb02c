package dev.gavel.rego.builtins.template;

import dev.gavel.rego.builtins.template.TemplateLexer.Item;
import dev.gavel.rego.builtins.template.TemplateLexer.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses Go text/template syntax into {@link Node}s: text, actions with pipelines, if/else,
 * range, with, define/template/block, break and continue. Functions must be known and variables
 * declared, as Go's parser requires; errors read like Go's ("template: template:1: unexpected EOF").
 */
final class TemplateParser {
  static final Set<String> FUNCTIONS = Set.of("and", "or", "not", "len", "index", "slice", "print", "printf", "println",
      "eq", "ne", "lt", "le", "gt", "ge", "html", "js", "urlquery", "call");

  private final List<Item> items;
  private final String source;
  private int at;
  private final List<List<String>> scopes = new ArrayList<>();
  final Map<String, List<Node>> defined = new HashMap<>();
  private int rangeDepth;

  private TemplateParser(String src) {
    this.items = TemplateLexer.lex(src);
    this.source = src;
  }

  /** The parsed main template; {@code defined} receives the named ones. */
  static TemplateParser parse(String src, List<Node> into) {
    TemplateParser p = new TemplateParser(src);
    p.scopes.add(new ArrayList<>(List.of("$")));
    List<Node> main = p.list(true);
    into.addAll(main);
    return p;
  }

  // ---- nodes ----------------------------------------------------------------------------------

  sealed interface Node permits Text, Action, Control, Include, Loop {}

  record Text(String text) implements Node {}

  record Action(int pos, Pipe pipe) implements Node {}

  /** if, range and with; {@code otherwise} holds the else branch (an else-if is a nested Control). */
  record Control(String kind, int pos, Pipe pipe, List<Node> body, List<Node> otherwise) implements Node {}

  record Include(int pos, String name, Pipe pipe) implements Node {}

  /** break or continue. */
  record Loop(int pos, String word) implements Node {}

  record Pipe(int pos, List<String> vars, boolean assign, List<Command> commands) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (!vars.isEmpty()) {
        sb.append(String.join(", ", vars)).append(assign ? " = " : " := ");
      }
      for (int i = 0; i < commands.size(); i++) {
        if (i > 0) {
          sb.append(" | ");
        }
        sb.append(commands.get(i));
      }
      return sb.toString();
    }
  }

  record Command(int pos, List<Arg> args) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) {
          sb.append(' ');
        }
        Arg a = args.get(i);
        sb.append(a instanceof Arg.Sub s ? "(" + s.pipe() + ")" : a.toString());
      }
      return sb.toString();
    }
  }

  /** One operand of a command. */
  sealed interface Arg {
    int pos();

    /** .a.b: fields of dot. */
    record Field(int pos, List<String> names) implements Arg {
      public String toString() {
        return "." + String.join(".", names);
      }
    }

    /** $x.a.b */
    record Variable(int pos, String name, List<String> names) implements Arg {
      public String toString() {
        return names.isEmpty() ? name : name + "." + String.join(".", names);
      }
    }

    record Dot(int pos) implements Arg {
      public String toString() {
        return ".";
      }
    }

    record Function(int pos, String name) implements Arg {
      public String toString() {
        return name;
      }
    }

    /** A constant: Long (int), Double (float64), String, Boolean; {@code text} as written. */
    record Literal(int pos, Object value, String text) implements Arg {
      public String toString() {
        return text;
      }
    }

    record Nil(int pos) implements Arg {
      public String toString() {
        return "nil";
      }
    }

    /** (pipeline), optionally followed by fields. */
    record Sub(int pos, Pipe pipe, List<String> names) implements Arg {
      public String toString() {
        return "(" + pipe + ")" + (names.isEmpty() ? "" : "." + String.join(".", names));
      }
    }
  }

  // ---- parsing --------------------------------------------------------------------------------

  private TemplateException error(int pos, String message) {
    int line = 1;
    for (int i = 0; i < pos && i < source.length(); i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return new TemplateException("template: template:" + line + ": " + message);
  }

  private Item peek() {
    return items.get(at);
  }

  private Item next() {
    return items.get(at++);
  }

  private Item nextNonSpace() {
    Item i = next();
    while (i.kind() == Kind.SPACE) {
      i = next();
    }
    return i;
  }

  private Item peekNonSpace() {
    int save = at;
    Item i = nextNonSpace();
    at = save;
    return i;
  }

  /**
   * Nodes up to {@code {{end}}} or {@code {{else}}} (left for the caller to read), or to the end
   * of the input when {@code top}.
   */
  private List<Node> list(boolean top) {
    List<Node> out = new ArrayList<>();
    while (true) {
      Item i = peek();
      if (i.kind() == Kind.EOF) {
        if (!top) {
          throw error(i.pos(), "unexpected EOF");
        }
        return out;
      }
      if (i.kind() == Kind.TEXT) {
        next();
        out.add(new Text(i.text()));
        continue;
      }
      int save = at;
      next();
      Item word = nextNonSpace();
      if (word.kind() == Kind.IDENTIFIER && (word.text().equals("end") || word.text().equals("else"))) {
        if (top) {
          throw error(word.pos(), "unexpected {{" + word.text() + "}}");
        }
        at = save;
        return out;
      }
      at = save;
      next();
      Node n = action();
      if (n != null) {
        out.add(n);
      }
    }
  }

  /** After {{: one action. */
  private Node action() {
    Item word = peekNonSpace();
    if (word.kind() == Kind.IDENTIFIER) {
      switch (word.text()) {
        case "if", "range", "with" -> {
          nextNonSpace();
          return control(word);
        }
        case "define" -> {
          nextNonSpace();
          define(word);
          return null;
        }
        case "template" -> {
          nextNonSpace();
          return include(word, false);
        }
        case "block" -> {
          nextNonSpace();
          return include(word, true);
        }
        case "break", "continue" -> {
          nextNonSpace();
          if (rangeDepth == 0) {
            throw error(word.pos(), "{{" + word.text() + "}} outside {{range}}");
          }
          expectRight(word.text());
          return new Loop(word.pos(), word.text());
        }
        default -> { }
      }
    }
    return new Action(word.pos(), pipeline("command", Kind.RIGHT));
  }

  private void expectRight(String context) {
    Item i = nextNonSpace();
    if (i.kind() != Kind.RIGHT) {
      throw error(i.pos(), "unexpected " + describe(i) + " in " + context);
    }
  }

  private Control control(Item word) {
    scopes.add(new ArrayList<>());
    if (word.text().equals("range")) {
      rangeDepth++;
    }
    Pipe pipe = pipeline(word.text(), Kind.RIGHT);
    List<Node> body = list(false);
    if (word.text().equals("range")) {
      rangeDepth--;
    }
    List<Node> otherwise = List.of();
    next();
    Item kw = nextNonSpace();
    if (kw.text().equals("else")) {
      Item after = peekNonSpace();
      if ((word.text().equals("if") || word.text().equals("with")) && after.kind() == Kind.IDENTIFIER
          && after.text().equals(word.text())) {
        nextNonSpace();
        otherwise = List.of(control(after));
        scopes.remove(scopes.size() - 1);
        return new Control(word.text(), word.pos(), pipe, body, otherwise);
      }
      expectRight("else");
      otherwise = list(false);
      next();
      nextNonSpace();
    }
    expectRight("end");
    scopes.remove(scopes.size() - 1);
    return new Control(word.text(), word.pos(), pipe, body, otherwise);
  }

  private String name(String context) {
    Item n = nextNonSpace();
    if (n.kind() != Kind.STRING && n.kind() != Kind.RAW_STRING) {
      throw error(n.pos(), "unexpected " + describe(n) + " in " + context + " clause");
    }
    return (String) literal(n).value();
  }

  private void define(Item word) {
    String name = name("define");
    expectRight("define clause");
    List<List<String>> saved = new ArrayList<>(scopes);
    scopes.clear();
    scopes.add(new ArrayList<>(List.of("$")));
    List<Node> body = list(false);
    scopes.clear();
    scopes.addAll(saved);
    next();
    nextNonSpace();
    expectRight("end");
    defined.put(name, body);
  }

  private Include include(Item word, boolean block) {
    String name = name(word.text());
    Pipe pipe = null;
    if (peekNonSpace().kind() != Kind.RIGHT) {
      pipe = pipeline(word.text(), Kind.RIGHT);
    } else {
      nextNonSpace();
    }
    if (block) {
      List<List<String>> saved = new ArrayList<>(scopes);
      scopes.clear();
      scopes.add(new ArrayList<>(List.of("$")));
      List<Node> body = list(false);
      scopes.clear();
      scopes.addAll(saved);
      next();
      nextNonSpace();
      expectRight("end");
      defined.putIfAbsent(name, body);
    }
    return new Include(word.pos(), name, pipe);
  }

  /** A pipeline ending at {@code end} (consumed): optional declarations, then commands joined by |. */
  private Pipe pipeline(String context, Kind end) {
    int pos = peekNonSpace().pos();
    List<String> vars = new ArrayList<>();
    boolean assign = false;
    int save = at;
    Item v = nextNonSpace();
    if (v.kind() == Kind.VARIABLE) {
      List<String> names = new ArrayList<>(List.of(v.text()));
      Item op = nextNonSpace();
      if (op.kind() == Kind.COMMA && context.equals("range")) {
        Item second = nextNonSpace();
        if (second.kind() != Kind.VARIABLE) {
          throw error(second.pos(), "range can only initialize variables");
        }
        names.add(second.text());
        op = nextNonSpace();
      }
      if (op.kind() == Kind.DECLARE || op.kind() == Kind.ASSIGN) {
        assign = op.kind() == Kind.ASSIGN;
        vars = names;
        if (assign) {
          for (String n : names) {
            if (!declared(n)) {
              throw error(v.pos(), "undefined variable \"" + n + "\"");
            }
          }
        }
      } else {
        at = save;
      }
    } else {
      at = save;
    }
    List<Command> commands = new ArrayList<>();
    while (true) {
      Item i = peekNonSpace();
      if (i.kind() == end) {
        nextNonSpace();
        break;
      }
      if (i.kind() == Kind.EOF) {
        throw error(i.pos(), "unclosed action");
      }
      commands.add(command(end));
      Item sep = peekNonSpace();
      if (sep.kind() == Kind.PIPE) {
        nextNonSpace();
      }
    }
    if (commands.isEmpty()) {
      throw error(pos, "missing value for " + context);
    }
    for (int i = 1; i < commands.size(); i++) {
      Arg head = commands.get(i).args().get(0);
      if (head instanceof Arg.Literal || head instanceof Arg.Dot || head instanceof Arg.Nil) {
        throw error(pos, "non executable command in pipeline stage " + (i + 1));
      }
    }
    if (!assign) {
      scopes.get(scopes.size() - 1).addAll(vars);
    }
    return new Pipe(pos, vars, assign, commands);
  }

  private boolean declared(String name) {
    for (List<String> s : scopes) {
      if (s.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private Command command(Kind end) {
    int pos = peekNonSpace().pos();
    List<Arg> args = new ArrayList<>();
    while (true) {
      Item i = peekNonSpace();
      if (i.kind() == end || i.kind() == Kind.PIPE) {
        break;
      }
      if (i.kind() == Kind.EOF) {
        throw error(i.pos(), "unclosed action");
      }
      args.add(operand());
      Item after = peek();
      if (after.kind() != Kind.SPACE && after.kind() != end && after.kind() != Kind.PIPE && after.kind() != Kind.RIGHT_PAREN
          && after.kind() != Kind.RIGHT) {
        throw error(after.pos(), "unexpected " + describe(after) + " in operand");
      }
    }
    if (args.isEmpty()) {
      throw error(pos, "empty command");
    }
    return new Command(pos, args);
  }

  private Arg operand() {
    Item t = nextNonSpace();
    Arg base = switch (t.kind()) {
      case IDENTIFIER -> {
        if (!FUNCTIONS.contains(t.text())) {
          throw error(t.pos(), "function \"" + t.text() + "\" not defined");
        }
        yield new Arg.Function(t.pos(), t.text());
      }
      case DOT -> new Arg.Dot(t.pos());
      case NIL -> new Arg.Nil(t.pos());
      case VARIABLE -> {
        if (!declared(t.text())) {
          throw error(t.pos(), "undefined variable \"" + t.text() + "\"");
        }
        yield new Arg.Variable(t.pos(), t.text(), List.of());
      }
      case FIELD -> new Arg.Field(t.pos(), List.of(t.text().substring(1)));
      case BOOL, NUMBER, CHAR, STRING, RAW_STRING -> literal(t);
      case LEFT_PAREN -> new Arg.Sub(t.pos(), pipeline("parenthesized pipeline", Kind.RIGHT_PAREN), List.of());
      default -> throw error(t.pos(), "unexpected " + describe(t) + " in operand");
    };
    if (peek().kind() != Kind.FIELD) {
      return base;
    }
    int chainPos = peek().pos();
    List<String> names = new ArrayList<>();
    while (peek().kind() == Kind.FIELD) {
      names.add(next().text().substring(1));
    }
    if (base instanceof Arg.Field f) {
      List<String> all = new ArrayList<>(f.names());
      all.addAll(names);
      return new Arg.Field(chainPos, all);
    }
    if (base instanceof Arg.Variable v) {
      return new Arg.Variable(chainPos, v.name(), names);
    }
    if (base instanceof Arg.Sub s) {
      return new Arg.Sub(chainPos, s.pipe(), names);
    }
    throw error(chainPos, "unexpected . after term \"" + base + "\"");
  }

  private Arg.Literal literal(Item t) {
    String x = t.text();
    return switch (t.kind()) {
      case BOOL -> new Arg.Literal(t.pos(), x.equals("true"), x);
      case RAW_STRING -> new Arg.Literal(t.pos(), x.substring(1, x.length() - 1), x);
      case STRING -> new Arg.Literal(t.pos(), GoLiterals.unquote(x, t.pos(), this::error), x);
      case CHAR -> new Arg.Literal(t.pos(), (long) GoLiterals.unquote(x, t.pos(), this::error).codePointAt(0), x);
      default -> new Arg.Literal(t.pos(), GoLiterals.number(x, t.pos(), this::error), x);
    };
  }

  private static String describe(Item i) {
    return switch (i.kind()) {
      case EOF -> "EOF";
      case RIGHT -> "\"}}\"";
      case RIGHT_PAREN -> "\")\"";
      case LEFT_PAREN -> "\"(\"";
      default -> "<" + i.text() + ">";
    };
  }
}
