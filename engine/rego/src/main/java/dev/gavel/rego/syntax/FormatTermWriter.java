package dev.gavel.rego.syntax;

import dev.gavel.rego.syntax.FormatTree.Comment;
import dev.gavel.rego.syntax.FormatTree.Expr;
import dev.gavel.rego.syntax.FormatTree.Span;
import dev.gavel.rego.syntax.FormatTree.Term;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints terms for {@link FormatWriter}: references, calls and infix operators, collections (one
 * line, or one line per source line with a trailing comma), comprehensions; a term meeting two
 * comments that would end one line is written as it was.
 */
abstract class FormatTermWriter extends FormatOutput {
  static final Map<String, String> INFIX = Map.ofEntries(Map.entry("eq", "="), Map.entry("assign", ":="),
      Map.entry("equal", "=="), Map.entry("neq", "!="), Map.entry("lt", "<"), Map.entry("lte", "<="),
      Map.entry("gt", ">"), Map.entry("gte", ">="), Map.entry("or", "|"), Map.entry("and", "&"),
      Map.entry("plus", "+"), Map.entry("minus", "-"), Map.entry("mul", "*"), Map.entry("div", "/"),
      Map.entry("rem", "%"), Map.entry("internal.member_2", "in"), Map.entry("internal.member_3", "in"));

  static final Set<String> KEYWORDS = Set.of("as", "contains", "default", "else", "every", "false", "if",
      "import", "in", "not", "null", "package", "some", "true", "with");

  /** A call used as an expression: infix operators without parentheses around their operands. */
  void call(Term.Call c) {
    String name = c.name();
    if ("internal.member_2".equals(name) || "internal.member_3".equals(name)) {
      in(false, c.args());
      return;
    }
    String infix = name == null ? null : INFIX.get(name);
    if (infix == null) {
      plainCall(c);
      return;
    }
    if (c.args().size() == 2) {
      term(c.args().get(0));
      write(" " + infix + " ");
      term(c.args().get(1));
    } else if (c.args().size() == 3) {
      term(c.args().get(2));
      write(" = ");
      term(c.args().get(0));
      write(" " + infix + " ");
      term(c.args().get(1));
    } else {
      plainCall(c);
    }
  }

  void plainCall(Term.Call c) {
    if (c.op() != null) {
      termParens(false, c.op());
    } else {
      write(c.name());
    }
    write("(");
    Span opSpan = c.op() != null ? c.op().span() : c.span();
    iterable(new ArrayList<>(c.args()), opSpan, c.close(), false, false);
    write(")");
  }

  void in(boolean parens, List<Term> operands) {
    if (operands.size() == 2) {
      termParens(true, operands.get(0));
      write(" in ");
      inOperand(operands.get(1));
      return;
    }
    if (parens) {
      write("(");
    }
    inOperand(operands.get(0));
    write(", ");
    inOperand(operands.get(1));
    write(" in ");
    inOperand(operands.get(2));
    if (parens) {
      write(")");
    }
  }

  /**
   * An operand of {@code in} that is itself an {@code x in y} gets parentheses where the grammar
   * would otherwise read it differently ({@code a, (b in c) in d}, {@code a in (b in c)}). opa fmt
   * drops them there and so changes what the expression means; we keep them.
   */
  void inOperand(Term t) {
    boolean member2 = t instanceof Term.Call c && "internal.member_2".equals(c.name());
    write(member2 ? "(" : "");
    termParens(true, t);
    write(member2 ? ")" : "");
  }

  // ---- terms --------------------------------------------------------------------------------

  /** A term; when two comments would end one line inside it, it is written as it was. */
  void term(Term t) {
    if (comments.isEmpty()) {
      termParens(false, t);
      return;
    }
    int len = buf.length();
    int lvl = level;
    boolean wasInline = inline;
    List<Comment> saved = new ArrayList<>(comments);
    try {
      termParens(false, t);
    } catch (UnexpectedComment e) {
      buf.setLength(len);
      level = lvl;
      inline = wasInline;
      if (beforeEnd != null && beforeEnd.line() >= t.span().line() && beforeEnd.line() <= t.span().endLine()) {
        beforeEnd = null;
      }
      unformatted(t.span(), saved);
    }
  }

  void unformatted(Span s, List<Comment> saved) {
    String text = src.substring(s.start(), s.end());
    write(text);
    int lastRow = s.endLine();
    List<Comment> keep = new ArrayList<>();
    for (Comment c : saved) {
      if (commentOnFinalLine && c.line() == lastRow) {
        write(" " + c.render());
        continue;
      }
      if (c.line() < lastRow) {
        continue;
      }
      keep.add(c);
    }
    comments = keep;
  }

  void termParens(boolean parens, Term t) {
    insertComments(t.span().line());
    if (!inline) {
      startLine();
    }
    if (t instanceof Term.Ref r) {
      ref(r);
    } else if (t instanceof Term.Obj o) {
      write("{");
      iterable(new ArrayList<>(o.items()), o.span(), o.close(), true, false);
      write("}");
    } else if (t instanceof Term.Array a) {
      write("[");
      iterable(new ArrayList<>(a.items()), a.span(), a.close(), false, true);
      write("]");
    } else if (t instanceof Term.SetTerm s) {
      if (s.items().isEmpty()) {
        write("set()");
        insertComments(s.close());
      } else {
        write("{");
        iterable(new ArrayList<>(s.items()), s.span(), s.close(), false, true);
        write("}");
      }
    } else if (t instanceof Term.ArrayCompr c) {
      write("[");
      comprehension(c.head(), c.body(), c.span(), c.close(), false);
      write("]");
    } else if (t instanceof Term.SetCompr c) {
      write("{");
      comprehension(c.head(), c.body(), c.span(), c.close(), false);
      write("}");
    } else if (t instanceof Term.ObjCompr c) {
      write("{");
      boolean paren = isUnion(c.key());
      write(paren ? "(" : "");
      term(c.key());
      write(paren ? ")" : "");
      write(": ");
      comprehension(c.value(), c.body(), c.span(), c.close(), true);
      write("}");
    } else if (t instanceof Term.Scalar s) {
      write(s.text());
    } else if (t instanceof Term.Template) {
      write(src.substring(t.span().start(), t.span().end()));
    } else if (t instanceof Term.Var v) {
      write(v.name());
    } else {
      termCall(parens, (Term.Call) t);
    }
    if (!inline) {
      startLine();
    }
  }

  /** A call inside a term: nested infix calls are parenthesized. */
  void termCall(boolean parens, Term.Call c) {
    String infix = c.name() == null ? null : INFIX.get(c.name());
    if (infix == null) {
      plainCall(c);
      return;
    }
    if (infix.equals("in")) {
      in(true, c.args());
      return;
    }
    if (c.args().size() != 2) {
      plainCall(c);
      return;
    }
    if (parens) {
      write("(");
    }
    termParens(true, c.args().get(0));
    write(" " + infix + " ");
    termParens(true, c.args().get(1));
    if (parens) {
      write(")");
    }
  }

  void ref(Term t) {
    if (!(t instanceof Term.Ref r)) {
      termParens(false, t);
      return;
    }
    termParens(r.head() instanceof Term.Call c && (c.parens() || c.infix() != null), r.head());
    for (int k = 0; k < r.path().size(); k++) {
      Term p = r.path().get(k);
      boolean dotted = r.dotted().get(k);
      if (p instanceof Term.Scalar s && (dotted || s.isString())) {
        String name = dotted ? s.text() : stringValue(s);
        boolean quoted = !dotted && s.text().startsWith("\"");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || KEYWORDS.contains(name) && quoted) {
          write("[" + quote(name) + "]");
        } else {
          write("." + name);
        }
      } else if (p instanceof Term.Var v) {
        write("[" + v.name() + "]");
      } else {
        write("[");
        term(p);
        write("]");
      }
    }
  }

  void comprehension(Term head, List<Expr> body, Span compr, int close, boolean objectValue) {
    if (!objectValue && head.span().line() - compr.line() >= 1) {
      endLine();
      startLine();
    }
    boolean parens = head instanceof Term.Call && (isUnion(head) || head.parens());
    termParens(parens, head);
    write(" |");
    Span termSpan = objectValue ? new Span(head.span().start(), head.span().end(), compr.line(), head.span().col(),
        head.span().endLine()) : head.span();
    comprehensionBody(body, termSpan, close);
  }

  void comprehensionBody(List<Expr> body, Span term, int close) {
    int groups = 1;
    for (int k = 1; k < body.size(); k++) {
      if (body.get(k).span().line() > body.get(k - 1).span().line()) {
        groups++;
      }
    }
    if (body.get(0).span().line() - term.line() > 0 || groups > 1) {
      endLine();
      up();
      body(body);
      insertComments(close);
      down();
      startLine();
      return;
    }
    write(" ");
    for (int k = 0; k < body.size(); k++) {
      if (k > 0) {
        write("; ");
      }
      expr(body.get(k), false);
    }
    insertComments(close);
  }

  static boolean isUnion(Term t) {
    return t instanceof Term.Call c && "or".equals(c.name()) && c.args().size() == 2;
  }

  /**
   * Elements of a collection or call: on one line unless they started on several lines (or the
   * first started below the opening bracket); then one line per source line, with a trailing comma.
   */
  void iterable(List<Object> elements, Span last, int close, boolean object, boolean parenUnion) {
    elements.sort(Comparator.comparingInt(e -> spanOf(e).start()));
    List<List<Object>> lines = new ArrayList<>();
    int prevRow = last.line();
    for (int k = 0; k < elements.size(); k++) {
      int row = spanOf(elements.get(k)).line();
      if (k == 0 || row > prevRow) {
        lines.add(new ArrayList<>());
      }
      prevRow = endOf(elements.get(k));
      last(lines).add(elements.get(k));
    }
    if (lines.isEmpty()) {
      lines.add(new ArrayList<>());
    }
    boolean newlineFirst = false;
    if (lines.size() == 1) {
      for (Comment c : comments) {
        if (c.line() > last.line() && c.line() < close) {
          throw new UnexpectedComment();
        }
      }
      if (!elements.isEmpty()) {
        Span first = spanOf(elements.get(0));
        if (first.start() > last.start() && first.start() < last.end()) {
          newlineFirst = src.substring(last.start(), first.start()).indexOf('\n') > 0;
        }
      }
    }
    boolean multiline = lines.size() > 1 || newlineFirst;
    if (multiline) {
      delay = true;
      endLine();
      up();
      startLine();
    }
    for (int k = 0; k < lines.size(); k++) {
      List<Object> line = lines.get(k);
      for (int j = 0; j < line.size(); j++) {
        if (j > 0) {
          write(", ");
        }
        element(line.get(j), object, parenUnion);
      }
      if (k < lines.size() - 1) {
        write(",");
        endLine();
        startLine();
      }
    }
    if (multiline) {
      write(",");
      endLine();
      insertComments(close);
      down();
      startLine();
    }
  }

  /** The line an element ends on: a later element starting there continues its line. */
  static int endOf(Object e) {
    return e instanceof Term[] kv ? kv[1].span().endLine() : ((Term) e).span().endLine();
  }

  static Span spanOf(Object e) {
    return e instanceof Term[] kv ? kv[0].span() : ((Term) e).span();
  }

  void element(Object e, boolean object, boolean parenUnion) {
    if (object) {
      Term[] kv = (Term[]) e;
      boolean paren = isUnion(kv[0]);
      write(paren ? "(" : "");
      term(kv[0]);
      write(paren ? ")" : "");
      write(": ");
      boolean pv = isUnion(kv[1]);
      write(pv ? "(" : "");
      term(kv[1]);
      write(pv ? ")" : "");
      return;
    }
    Term t = (Term) e;
    boolean paren = isUnion(t) && (parenUnion || t.parens());
    write(paren ? "(" : "");
    term(t);
    write(paren ? ")" : "");
  }

  // ---- strings ------------------------------------------------------------------------------

  /** The value of a string literal (quoted with JSON escapes, or raw). */
  static String stringValue(Term.Scalar s) {
    String t = s.text();
    if (t.startsWith("`")) {
      return t.substring(1, t.length() - 1);
    }
    if (!t.startsWith("\"")) {
      return t;
    }
    try {
      return dev.gavel.rego.value.JsonValues.MAPPER.readTree(t).textValue();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return t.substring(1, t.length() - 1);
    }
  }

  static String quote(String s) {
    return dev.gavel.json.JsonStrings.quote(s);
  }

  FormatTermWriter(String src) {
    super(src);
  }

  /** A braced body, one expression per line. */
  abstract void body(List<Expr> body);

  /** One expression, with its with-modifiers. */
  abstract void expr(Expr e, boolean parens);
}
