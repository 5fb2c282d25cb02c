package dev.gavel.rego.syntax;

import dev.gavel.rego.syntax.FormatTree.Comment;
import dev.gavel.rego.syntax.FormatTree.Expr;
import dev.gavel.rego.syntax.FormatTree.Head;
import dev.gavel.rego.syntax.FormatTree.Import;
import dev.gavel.rego.syntax.FormatTree.Rule;
import dev.gavel.rego.syntax.FormatTree.Span;
import dev.gavel.rego.syntax.FormatTree.Term;
import dev.gavel.rego.syntax.FormatTree.With;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link FormatTree} in OPA's canonical style ({@code opa fmt}, Rego v1): tabs, one
 * expression per line in braced bodies, {@code :=} in heads, imports sorted within their groups,
 * collections kept on one line unless their elements started on several, nested infix calls in
 * parentheses, comments kept where they were (a comment on a line ends the printed line that
 * starts there). Where two comments would end one printed line, the term is kept as written.
 */
final class FormatWriter extends FormatTermWriter {
  private boolean refHeads;

  private FormatWriter(String src) {
    super(src);
  }

  static String write(FormatTree.Module m) {
    FormatWriter w = new FormatWriter(m.source());
    w.comments = new ArrayList<>(m.comments());
    w.comments.sort(Comparator.comparingInt(Comment::line).thenComparingInt(Comment::col));
    for (Rule r : m.rules()) {
      int len = refLength(r.head().ref());
      if (len > 2 || len == 2 && r.head().key() != null && r.head().value() == null) {
        w.refHeads = true;
      }
    }
    w.module(m);
    String out = w.buf.toString();
    int e = out.length();
    while (e > 0 && out.charAt(e - 1) == '\n') {
      e--;
    }
    return out.substring(0, e) + (out.endsWith("\n") ? "\n" : "");
  }

  private static int refLength(Term t) {
    return t instanceof Term.Ref r ? 1 + r.path().size() : 1;
  }

  // ---- module, imports, rules ---------------------------------------------------------------

  private void module(FormatTree.Module m) {
    insertComments(m.pkgSpan().line());
    startLine();
    write("package ");
    ref(m.pkg());
    blankLine();
    List<Object> others = new ArrayList<>();
    boolean regoV1 = false;
    for (Import imp : m.imports()) {
      String path = importPath(imp);
      regoV1 |= path.equals("rego.v1") || path.equals("rego.v2");
    }
    for (Import imp : m.imports()) {
      if (!(regoV1 && importPath(imp).startsWith("future."))) {
        others.add(imp);
      }
    }
    others.addAll(m.rules());
    others.sort(Comparator.comparingInt(FormatWriter::startOf));
    int k = 0;
    while (k < others.size()) {
      List<Import> imports = new ArrayList<>();
      while (k < others.size() && others.get(k) instanceof Import imp) {
        imports.add(imp);
        k++;
      }
      imports(imports);
      List<Rule> rules = new ArrayList<>();
      while (k < others.size() && others.get(k) instanceof Rule r) {
        rules.add(r);
        k++;
      }
      rules(rules);
    }
    for (int c = 0; c < comments.size(); c++) {
      writeLine(comments.get(c).render());
      if (c == comments.size() - 1) {
        write("\n");
      }
    }
    comments.clear();
  }

  private static int startOf(Object o) {
    return o instanceof Import i ? i.span().start() : ((Rule) o).span().start();
  }

  private static String importPath(Import imp) {
    StringBuilder sb = new StringBuilder(imp.path().head() instanceof Term.Var v ? v.name() : "");
    for (Term t : imp.path().path()) {
      sb.append('.').append(t instanceof Term.Scalar s ? s.text() : "?");
    }
    return sb.toString();
  }

  private void imports(List<Import> imports) {
    if (imports.isEmpty()) {
      return;
    }
    Map<Import, Comment> trailing = new HashMap<>();
    for (Comment c : new ArrayList<>(comments)) {
      for (Import imp : imports) {
        if (c.line() == imp.span().line()) {
          trailing.put(imp, c);
          comments.remove(c);
          break;
        }
      }
    }
    List<List<Import>> groups = new ArrayList<>();
    for (Import imp : imports) {
      if (groups.isEmpty() || imp.span().line() - last(groups).get(last(groups).size() - 1).span().line() > 1) {
        groups.add(new ArrayList<>());
      }
      last(groups).add(imp);
    }
    for (List<Import> group : groups) {
      insertComments(group.get(0).span().line());
      List<Import> sorted = new ArrayList<>(group);
      sorted.sort(FormatWriter::compareImports);
      for (Import imp : sorted) {
        startLine();
        write("import ");
        ref(imp.path());
        if (imp.alias() != null) {
          write(" as " + imp.alias());
        }
        Comment c = trailing.get(imp);
        if (c != null) {
          write(" " + c.render());
        }
        endLine();
      }
      blankLine();
    }
  }

  private static int compareImports(Import a, Import b) {
    List<String> x = importParts(a);
    List<String> y = importParts(b);
    for (int k = 0; k < Math.min(x.size(), y.size()); k++) {
      int c = x.get(k).compareTo(y.get(k));
      if (c != 0) {
        return c;
      }
    }
    if (x.size() != y.size()) {
      return Integer.compare(x.size(), y.size());
    }
    return String.valueOf(a.alias() == null ? "" : a.alias()).compareTo(b.alias() == null ? "" : b.alias());
  }

  private static List<String> importParts(Import imp) {
    List<String> out = new ArrayList<>();
    out.add(imp.path().head() instanceof Term.Var v ? v.name() : "");
    for (Term t : imp.path().path()) {
      out.add(t instanceof Term.Scalar s ? stringValue(s) : "");
    }
    return out;
  }

  private void rules(List<Rule> rules) {
    for (int k = 0; k < rules.size(); k++) {
      Rule r = rules.get(k);
      try {
        insertComments(r.span().line());
      } catch (UnexpectedComment e) {
        // kept as written further down
      }
      try {
        rule(r, false);
      } catch (UnexpectedComment e) {
        // the term that met it was written as is
      }
      if (k < rules.size() - 1 && groupableOneLiner(r)) {
        Rule next = rules.get(k + 1);
        if (groupableOneLiner(next) && next.span().line() == r.span().line() + 1) {
          continue;
        }
      }
      blankLine();
    }
  }

  private static boolean groupableOneLiner(Rule r) {
    List<Expr> body = r.body() == null ? List.of() : r.body();
    if (body.size() > 1 || r.isDefault() || r.elseRule() != null) {
      return false;
    }
    return !(body.size() == 1 && isSetTerm(body.get(0)));
  }

  private static boolean isSetTerm(Expr e) {
    return !e.negated() && e.form() instanceof FormatTree.TermForm t && t.term() instanceof Term.SetTerm;
  }

  private void rule(Rule given, boolean isElse) {
    Rule r = withoutTrueBody(given);
    if (!isElse) {
      startLine();
    }
    if (r.isDefault()) {
      write("default ");
    }
    boolean noBody = r.body() == null;
    commentOnFinalLine = noBody;
    head(r.head(), !noBody && !isElse && valueTrueImplied(r.head()));
    if (noBody) {
      endLine();
      return;
    }
    commentOnFinalLine = true;
    write(" if");
    List<Expr> body = r.body();
    if (body.size() == 1 && body.get(0).span().line() == r.head().span().endLine() && !isSetTerm(body.get(0))) {
      write(" ");
      try {
        expr(body.get(0), false);
      } catch (UnexpectedComment e) {
        // written as is
      }
      endLine();
      if (r.elseRule() != null) {
        elseRule(r);
      }
      return;
    }
    write(" {");
    endLine();
    up();
    body(body);
    insertComments(r.close());
    down();
    startLine();
    write("}");
    if (r.elseRule() != null) {
      elseRule(r);
    }
  }

  private void elseRule(Rule r) {
    Rule e = r.elseRule();
    boolean wasInline = e.span().line() > r.span().line() && !r.elseStartsLine();
    boolean commentAbove = !comments.isEmpty() && comments.get(0).line() < e.head().span().line() || beforeEnd != null;
    if (!commentAbove && wasInline) {
      write(" ");
    } else {
      blankLine();
      startLine();
    }
    insertComments(e.head().span().line());
    if (commentAbove && !wasInline) {
      startLine();
    }
    rule(e, true);
  }

  /** OPA prints a body that is just {@code true} as no body at all (it is the body a rule gets without one). */
  private static Rule withoutTrueBody(Rule r) {
    if (r.body() == null || r.body().size() != 1 || r.elseRule() != null) {
      return r;
    }
    Expr e = r.body().get(0);
    boolean isTrue = !e.negated() && e.withs().isEmpty() && e.form() instanceof FormatTree.TermForm t
        && t.term() instanceof Term.Scalar s && s.text().equals("true") && !s.parens();
    if (!isTrue) {
      return r;
    }
    Head h = r.head();
    if (h.value() == null && h.key() == null) {
      h = new Head(h.ref(), h.args(), h.argsClose(), null, new Term.Scalar("true", e.span(), false), ":=", h.span());
    }
    return new Rule(r.isDefault(), h, null, false, 0, null, false, r.span());
  }

  /**
   * With a body, a head's {@code := true} is left out as OPA does, except for {@code p[x] := true}
   * (a two-part ref ending in a variable: an object rule with a key, where the value counts).
   */
  private static boolean valueTrueImplied(Head h) {
    if (h.key() != null || !(h.value() instanceof Term.Scalar s) || !s.text().equals("true") || s.parens()) {
      return false;
    }
    return !(h.ref() instanceof Term.Ref r && r.path().size() == 1 && !(r.path().get(0) instanceof Term.Scalar));
  }

  private void head(Head h, boolean omitValue) {
    Term ref = h.ref();
    if (refHeads || refLength(ref) == 1) {
      ref(ref);
    } else {
      Term.Ref r = (Term.Ref) ref;
      term(r.head());
      write("[");
      Term k = r.path().get(0);
      if (k instanceof Term.Scalar s && s.isString()) {
        write(quote(stringValue(s)));
      } else if (k instanceof Term.Scalar s && r.dotted().get(0)) {
        write(quote(s.text()));
      } else {
        term(k);
      }
      write("]");
    }
    if (h.args() != null) {
      write("(");
      iterable(new ArrayList<>(h.args()), h.span(), h.argsClose(), false, false);
      write(")");
    }
    if (h.key() != null) {
      write(" contains ");
      term(h.key());
    }
    if (h.value() != null && !omitValue) {
      write(" := ");
      term(h.value());
    } else if (ref instanceof Term.Var v && v.name().equals("else")) {
      write(" := true");
    }
  }

  // ---- bodies and expressions ---------------------------------------------------------------

  @Override
  void body(List<Expr> body) {
    insertComments(body.get(0).span().line());
    for (int k = 0; k < body.size(); k++) {
      Expr e = body.get(k);
      if (k > 0 && e.span().line() > body.get(k - 1).span().endLine() + 1) {
        blankLine();
      }
      startLine();
      try {
        expr(e, false);
      } catch (UnexpectedComment x) {
        // written as is
      }
      endLine();
    }
  }

  @Override
  void expr(Expr e, boolean parens) {
    if (e.form() instanceof FormatTree.Raw) {
      insertComments(e.span().line());
      if (!inline) {
        startLine();
      }
      unformatted(e.span(), new ArrayList<>(comments));
      return;
    }
    insertComments(e.span().line());
    if (!inline) {
      startLine();
    }
    if (e.negated()) {
      write("not ");
    }
    if (parens) {
      write("(");
    }
    FormatTree.Form f = e.form();
    if (f instanceof FormatTree.SomeVars s) {
      someVars(s, e.span());
    } else if (f instanceof FormatTree.SomeIn s) {
      write("some ");
      in(false, s.key() == null ? List.of(s.value(), s.collection()) : List.of(s.key(), s.value(), s.collection()));
    } else if (f instanceof FormatTree.Every ev) {
      every(ev, e.span());
    } else if (((FormatTree.TermForm) f).term() instanceof Term.Call c) {
      call(c);
    } else {
      term(((FormatTree.TermForm) f).term());
    }
    if (parens) {
      write(")");
    }
    if (e.withs().isEmpty()) {
      return;
    }
    List<With> withs = e.withs();
    int lastRow = e.termsEndLine();
    int from = 0;
    if (withs.get(0).span().line() == lastRow) {
      with(withs.get(0), false);
      from = 1;
    }
    boolean indented = false;
    for (int k = from; k < withs.size(); k++) {
      With w = withs.get(k);
      boolean indent = w.span().line() > lastRow;
      if (indent) {
        if (!indented) {
          up();
          indented = true;
        }
        endLine();
        startLine();
        lastRow = w.span().line();
      }
      with(w, indent);
    }
    if (indented) {
      down();
    }
  }

  private void with(With w, boolean indented) {
    insertComments(w.span().line());
    if (!indented) {
      write(" ");
    }
    write("with ");
    term(w.target());
    write(" as ");
    term(w.value());
  }

  private void someVars(FormatTree.SomeVars s, Span at) {
    write("some ");
    int row = at.line();
    for (int k = 0; k < s.vars().size(); k++) {
      Term v = s.vars().get(k);
      if (v.span().line() > row) {
        endLine();
        startLine();
        write("\t");
        row = v.span().line();
      } else if (k > 0) {
        write(" ");
      }
      term(v);
      if (k < s.vars().size() - 1) {
        write(",");
      }
    }
  }

  private void every(FormatTree.Every ev, Span at) {
    write("every ");
    if (ev.key() != null) {
      term(ev.key());
      write(", ");
    }
    term(ev.value());
    write(" in ");
    term(ev.domain());
    write(" {");
    comprehensionBody(ev.body(), at, ev.close());
    if (ev.body().size() == 1 && ev.body().get(0).span().line() == at.line()) {
      write(" ");
    }
    write("}");
  }
}
