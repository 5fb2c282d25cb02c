package dev.gavel.rego.syntax;

import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.syntax.FormatTree.Comment;
import dev.gavel.rego.syntax.FormatTree.Expr;
import dev.gavel.rego.syntax.FormatTree.Head;
import dev.gavel.rego.syntax.FormatTree.Import;
import dev.gavel.rego.syntax.FormatTree.Rule;
import dev.gavel.rego.syntax.FormatTree.Span;
import dev.gavel.rego.syntax.FormatTree.Term;
import dev.gavel.rego.syntax.FormatTree.With;
import dev.gavel.rego.syntax.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a module that the evaluator's parser accepted into a {@link FormatTree}: the same grammar
 * ({@link ExprParser}, {@link ModuleParser}), but keeping what was written and where.
 */
final class FormatParser extends FormatTermParser {
  private boolean logicalKeywords;
  private boolean notBodies;

  private FormatParser(String src, Lexer lexer) {
    super(src, lexer);
  }

  static FormatTree.Module parse(String file, String source) {
    Lexer lexer = new Lexer(file, source, 0, 0).run();
    FormatParser p = new FormatParser(source, lexer);
    List<Comment> comments = new ArrayList<>();
    for (Lexer.Comment c : lexer.comments()) {
      comments.add(new Comment(c.line(), c.column(), c.text().stripTrailing()));
    }
    return p.module(comments);
  }

  private FormatTree.Module module(List<Comment> comments) {
    skipNewlines();
    Token pkg = next();
    Token first = peek();
    Term path = parseExpr(ExprParser.PREC_UNARY);
    Term.Ref pkgRef = asRef(path);
    Span pkgSpan = span(pkg);
    List<Import> imports = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    while (true) {
      while (at(Kind.NEWLINE) || at(Kind.SEMICOLON)) {
        next();
      }
      if (at(Kind.EOF)) {
        break;
      }
      if (atWord("import")) {
        imports.add(importStatement());
        continue;
      }
      rules.add(rule());
    }
    return new FormatTree.Module(pkgRef, pkgSpan, imports, rules, comments, src);
  }

  private static Term.Ref asRef(Term t) {
    if (t instanceof Term.Ref r) {
      return r;
    }
    return new Term.Ref(t, List.of(), List.of(), t.span(), false);
  }

  private Import importStatement() {
    Token imp = next();
    Term.Ref path = asRef(parseExpr(ExprParser.PREC_UNARY));
    String alias = null;
    if (peek().isWord("as")) {
      next();
      alias = next().text();
    }
    List<String> names = new ArrayList<>();
    if (path.head() instanceof Term.Var v) {
      names.add(v.name());
    }
    for (Term t : path.path()) {
      names.add(t instanceof Term.Scalar s ? s.text() : "");
    }
    if (names.equals(List.of("rego", "v2")) || names.equals(List.of("future", "keywords"))) {
      logicalKeywords = true;
      notBodies = true;
    } else if (names.size() == 3 && names.get(0).equals("future") && names.get(1).equals("keywords")) {
      logicalKeywords |= names.get(2).equals("and") || names.get(2).equals("or");
      notBodies |= names.get(2).equals("not");
    }
    return new Import(path, alias, span(imp));
  }

  private Rule rule() {
    Token start = peek();
    boolean isDefault = false;
    if (atWord("default")) {
      next();
      isDefault = true;
    }
    Token headStart = peek();
    Term ref = parseExpr(ExprParser.PREC_UNARY);
    List<Term> args = null;
    int argsClose = 0;
    if (ref instanceof Term.Call c && c.infix() == null) {
      args = c.args();
      argsClose = c.close();
      ref = c.op();
    }
    Term key = null;
    Term value = null;
    String op = null;
    if (peek().isWord("contains")) {
      next();
      key = parseExpr(ExprParser.PREC_IN);
    } else if (at(Kind.ASSIGN) || at(Kind.UNIFY)) {
      op = next().text();
      value = parseExpr(ExprParser.PREC_IN);
    }
    Head head = new Head(ref, args, argsClose, key, value, op, span(headStart));
    List<Expr> body = null;
    boolean braced = false;
    int close = 0;
    if (!isDefault && peek().isWord("if")) {
      next();
      Object[] b = ruleBody();
      body = cast(b[0]);
      braced = (Boolean) b[1];
      close = (Integer) b[2];
    }
    Object[] elseOf = elseRule();
    return new Rule(isDefault, head, body, braced, close, (Rule) elseOf[0], (Boolean) elseOf[1], span(start));
  }

  @SuppressWarnings("unchecked")
  private static List<Expr> cast(Object o) {
    return (List<Expr>) o;
  }

  /** {body, braced, closing line}. */
  private Object[] ruleBody() {
    if (at(Kind.LBRACE)) {
      int save = i;
      int saveLast = last;
      try {
        Token open = next();
        List<Expr> exprs = body(Kind.RBRACE);
        if (!exprs.isEmpty()) {
          Token close = expect(Kind.RBRACE);
          return new Object[] {exprs, true, close.line()};
        }
        throw new IllegalStateException("empty body at " + open);
      } catch (RuntimeException notABody) {
        i = save;
        last = saveLast;
      }
    }
    Expr e = literal();
    return new Object[] {List.of(e), false, 0};
  }

  /** {else rule or null, whether else began its line}. */
  private Object[] elseRule() {
    int save = i;
    int saveLast = last;
    int prevEndLine = last >= 0 ? lineOf(end(toks.get(last)) - 1) : 0;
    skipNewlines();
    if (!atWord("else")) {
      i = save;
      last = saveLast;
      return new Object[] {null, false};
    }
    Token e = next();
    boolean startsLine = e.line() > prevEndLine;
    Term value = null;
    String op = null;
    if (at(Kind.ASSIGN) || at(Kind.UNIFY)) {
      op = next().text();
      value = parseExpr(ExprParser.PREC_IN);
    }
    Head head = new Head(new Term.Var("else", span(e), false), null, 0, null, value, op, span(e));
    List<Expr> body = null;
    boolean braced = false;
    int close = 0;
    if (peek().isWord("if")) {
      next();
      Object[] b = ruleBody();
      body = cast(b[0]);
      braced = (Boolean) b[1];
      close = (Integer) b[2];
    }
    Object[] more = elseRule();
    return new Object[] {new Rule(false, head, body, braced, close, (Rule) more[0], (Boolean) more[1], span(e)), startsLine};
  }

  @Override
  List<Expr> body(Kind end) {
    List<Expr> exprs = new ArrayList<>();
    while (true) {
      while (at(Kind.NEWLINE) || at(Kind.SEMICOLON)) {
        next();
      }
      if (at(end) || at(Kind.EOF)) {
        return exprs;
      }
      exprs.add(literal());
      if (!(at(Kind.NEWLINE) || at(Kind.SEMICOLON) || at(end))) {
        throw new IllegalStateException("unexpected " + peek());
      }
    }
  }

  private Expr literal() {
    Token start = peek();
    if ((logicalKeywords || notBodies) && isLogical()) {
      return raw(start);
    }
    boolean negated = false;
    if (atWord("not")) {
      next();
      negated = true;
    }
    FormatTree.Form form;
    if (atWord("some")) {
      form = some();
    } else if (atWord("every")) {
      form = every();
    } else {
      form = new FormatTree.TermForm(exprWithMember());
    }
    int termsEnd = lineOf(end(toks.get(last)) - 1);
    List<With> withs = new ArrayList<>();
    while (atWord("with") || continuesWith()) {
      skipNewlines();
      Token w = next();
      Term target = parseExpr(ExprParser.PREC_UNARY);
      next(); // as
      Term value = parseExpr(ExprParser.PREC_IN);
      withs.add(new With(target, value, span(w)));
    }
    return new Expr(negated, form, withs, span(start), termsEnd);
  }

  private boolean continuesWith() {
    int j = i;
    while (toks.get(j).is(Kind.NEWLINE)) {
      j++;
    }
    Token n = toks.get(Math.min(j + 1, toks.size() - 1));
    return j > i && toks.get(j).isWord("with") && !n.is(Kind.DOT) && !n.is(Kind.LBRACKET);
  }

  /** True when the literal from here uses and/or, or a negated body: it is kept as written. */
  private boolean isLogical() {
    int depth = 0;
    for (int j = i; j < toks.size(); j++) {
      Token t = toks.get(j);
      switch (t.kind()) {
        case LBRACE, LBRACKET, LPAREN -> depth++;
        case RBRACE, RBRACKET, RPAREN -> {
          if (depth == 0) {
            return false;
          }
          depth--;
        }
        case NEWLINE, SEMICOLON -> {
          if (depth == 0) {
            return false;
          }
        }
        case EOF -> {
          return false;
        }
        case IDENT -> {
          Token n = toks.get(Math.min(j + 1, toks.size() - 1));
          boolean name = (n.is(Kind.DOT) || n.is(Kind.LBRACKET) || n.is(Kind.LPAREN)) && n.offset() == end(t);
          if (logicalKeywords && (t.text().equals("and") || t.text().equals("or")) && !name) {
            return true;
          }
          if (notBodies && t.text().equals("not") && n.is(Kind.LBRACE)) {
            return true;
          }
        }
        default -> {
          // keep scanning
        }
      }
    }
    return false;
  }

  /** Skips to the end of the literal at depth 0 and keeps its text. */
  private Expr raw(Token start) {
    int depth = 0;
    while (!at(Kind.EOF)) {
      Token t = peek();
      if (depth == 0 && (t.is(Kind.NEWLINE) || t.is(Kind.SEMICOLON) || t.is(Kind.RBRACE) || t.is(Kind.RBRACKET)
          || t.is(Kind.RPAREN))) {
        break;
      }
      if (t.is(Kind.LBRACE) || t.is(Kind.LBRACKET) || t.is(Kind.LPAREN)) {
        depth++;
      } else if (t.is(Kind.RBRACE) || t.is(Kind.RBRACKET) || t.is(Kind.RPAREN)) {
        depth--;
      }
      next();
    }
    Span s = span(start);
    return new Expr(false, new FormatTree.Raw(), List.of(), s, s.endLine());
  }

  private FormatTree.Form some() {
    next();
    List<Term> terms = new ArrayList<>();
    terms.add(parseExpr(ExprParser.PREC_COMPARE));
    while (at(Kind.COMMA)) {
      next();
      terms.add(parseExpr(ExprParser.PREC_COMPARE));
    }
    if (peek().isWord("in")) {
      next();
      Term coll = parseExpr(ExprParser.PREC_COMPARE);
      return terms.size() == 1 ? new FormatTree.SomeIn(null, terms.get(0), coll)
          : new FormatTree.SomeIn(terms.get(0), terms.get(1), coll);
    }
    return new FormatTree.SomeVars(terms);
  }

  private FormatTree.Form every() {
    next();
    Term first = parseExpr(ExprParser.PREC_COMPARE);
    Term key = null;
    Term value = first;
    if (at(Kind.COMMA)) {
      next();
      key = first;
      value = parseExpr(ExprParser.PREC_COMPARE);
    }
    next(); // in
    Term domain = parseExpr(ExprParser.PREC_COMPARE);
    expect(Kind.LBRACE);
    List<Expr> body = body(Kind.RBRACE);
    Token close = expect(Kind.RBRACE);
    return new FormatTree.Every(key, value, domain, body, close.line());
  }

  /** A parse failure of the formatter's reader (after the evaluator's parser accepted the text). */
  static RegoException failure(String file, RuntimeException e) {
    return new RegoException(new RegoError(RegoError.PARSE, new dev.gavel.rego.Location(file, 0, 0),
        "the formatter could not read this module: " + e.getMessage(), null));
  }
}
