package dev.gavel.rego.syntax;

import dev.gavel.rego.EvalLimits;
import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.syntax.Token.Kind;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.StringValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser for bodies, expressions and terms (operators by precedence climbing). */
class ExprParser {
  static final Set<String> KEYWORDS = Set.of(
      "not", "some", "every", "with", "as", "default", "else", "import", "package", "if", "contains", "in",
      "true", "false", "null");

  final String file;
  final String source;
  final List<Token> tokens;
  int i;
  /** Set by {@code import rego.v2}, {@code future.keywords} or {@code future.keywords.not}: enables {@code not { body }}. */
  boolean notBodies;
  /** Set by {@code import rego.v2}, {@code future.keywords} or {@code future.keywords.and} / {@code .or}. */
  boolean andKeyword;
  boolean orKeyword;

  boolean atAnd() {
    return andKeyword && atWord("and");
  }

  boolean atOr() {
    return orKeyword && atWord("or");
  }
  /** The keyword forms of a literal: some, every, with, not { }. */
  private final KeywordClauses keywords = new KeywordClauses(this);
  private final LogicalOperators logical = new LogicalOperators(this);
  /**
   * How deeply terms, bodies and operator chains may nest. The parser, the compiler and the
   * evaluator all recurse once per level, so a 20,000-deep literal must stop here, as a parse
   * error with a location, rather than as a StackOverflowError somewhere later.
   */
  static final int MAX_NESTING = EvalLimits.DEFAULT_MAX_DEPTH;
  /** Current nesting; a template's parser starts at the depth of the template. */
  int depth;
  /**
   * Set where OPA lets a keyword start a reference (a statement, a rule head, a package or import
   * path): a keyword directly followed by {@code .} or {@code [} is then a name ({@code if.x},
   * {@code true.foo}). Consumed by the next term.
   */
  boolean keywordRefHead;
  /** With {@link #keywordRefHead}: a keyword is a name even on its own (a package name). */
  boolean keywordAlwaysName;

  ExprParser(String file, String source, List<Token> tokens) {
    this.file = file;
    this.source = source;
    this.tokens = tokens;
  }

  // ---- token helpers ---------------------------------------------------------------------

  Token peek() {
    return tokens.get(i);
  }

  Token peekAt(int ahead) {
    return tokens.get(Math.min(i + ahead, tokens.size() - 1));
  }

  Token next() {
    Token t = tokens.get(i);
    if (t.kind() != Kind.EOF) {
      i++;
    }
    return t;
  }

  boolean at(Kind k) {
    return peek().kind() == k;
  }

  boolean atWord(String w) {
    return peek().isWord(w);
  }

  void skipNewlines() {
    while (at(Kind.NEWLINE)) {
      i++;
    }
  }

  Token expect(Kind k, String what) {
    if (!at(k)) {
      throw unexpected(peek(), what);
    }
    return next();
  }

  Location loc(Token t) {
    return new Location(file, t.line(), t.column());
  }

  RegoException unexpected(Token t, String expected) {
    boolean keyword = t.is(Kind.IDENT) && (KEYWORDS.contains(t.text()) && !List.of("true", "false", "null").contains(t.text())
        || t.text().equals("and") && andKeyword || t.text().equals("or") && orKeyword);
    return error(t, "unexpected " + t.describe() + (keyword ? " keyword" : " token") + ": expected " + expected);
  }

  RegoException error(Token t, String message) {
    return new RegoException(new RegoError(RegoError.PARSE, loc(t), message, sourceLine(t.line())));
  }

  /** Enters one level of nesting at {@code t}; pair with {@link #exit()} in a finally block. */
  void enter(Token t) {
    if (++depth > MAX_NESTING) {
      throw error(t, "nesting deeper than the limit of " + MAX_NESTING + " levels");
    }
  }

  void exit() {
    depth--;
  }

  String sourceLine(int line) {
    String[] lines = source.split("\n", -1);
    return line >= 1 && line <= lines.length ? lines[line - 1] : null;
  }

  // ---- bodies ------------------------------------------------------------------------------

  /** Expressions separated by newlines or ';' until {@code end} (not consumed). */
  Body parseBody(Kind end, Location at) {
    List<Expr> exprs = new ArrayList<>();
    while (true) {
      while (at(Kind.NEWLINE) || at(Kind.SEMICOLON)) {
        next();
      }
      if (at(end) || at(Kind.EOF)) {
        break;
      }
      exprs.add(parseLiteral());
      if (!(at(Kind.NEWLINE) || at(Kind.SEMICOLON) || at(end))) {
        throw unexpected(peek(), end == Kind.RBRACE ? "; or newline or }" : "; or newline");
      }
    }
    return new Body(exprs, at);
  }

  /** A braced body {@code { ... }}. */
  Body parseBracedBody() {
    Token open = expect(Kind.LBRACE, "{");
    Body b;
    enter(open);
    try {
      b = parseBody(Kind.RBRACE, loc(open));
    } finally {
      exit();
    }
    expect(Kind.RBRACE, "}");
    if (b.exprs().isEmpty()) {
      throw error(open, "found empty body");
    }
    return b;
  }

  /** True when a keyword here begins a reference ({@code as.foo}, {@code not[0]}) rather than acting as a keyword. */
  boolean keywordStartsRef() {
    Token t = peek();
    Token n = peekAt(1);
    return t.is(Kind.IDENT) && KEYWORDS.contains(t.text()) && (n.is(Kind.DOT) || n.is(Kind.LBRACKET))
        && n.offset() == t.offset() + t.text().length();
  }

  Expr parseLiteral() {
    Token start = peek();
    if (andKeyword || orKeyword) {
      return logical.literal(loc(start));
    }
    Expr e = parseLiteralWithoutLogic();
    return new Expr(e.location(), e.negated(), e.form(), parseWithModifiers());
  }

  /** A literal up to its with-modifiers: {@code [not] term}, {@code some ...}, {@code every ...}. */
  Expr parseLiteralWithoutLogic() {
    Token start = peek();
    if (keywordStartsRef()) {
      keywordRefHead = true;
      return new Expr(loc(start), false, new Expr.TermForm(parseExprWithMember()), List.of());
    }
    if (atWord("not")) {
      next();
      if (notBodies && at(Kind.LBRACE)) {
        return keywords.negatedBody(start);
      }
      Expr inner;
      enter(start);
      try {
        inner = parseLiteralWithoutLogic();
      } finally {
        exit();
      }
      if (inner.negated()) {
        throw error(start, "unexpected not keyword");
      }
      return new Expr(loc(start), true, inner.form(), inner.withs());
    }
    Expr.Form form;
    if (atWord("some")) {
      form = keywords.some();
    } else if (atWord("every")) {
      form = keywords.every();
    } else {
      form = new Expr.TermForm(parseExprWithMember());
    }
    return new Expr(loc(start), false, form, List.of());
  }

  /** Zero or more {@code with target as value} modifiers. */
  List<Expr.With> parseWithModifiers() {
    return keywords.withModifiers();
  }

  /** An expression, including the two-variable membership form {@code k, v in xs}. */
  Term parseExprWithMember() {
    Term first = parseExpr(PREC_COMPARE);
    if (at(Kind.COMMA)) {
      Token comma = next();
      Term second = parseExpr(PREC_COMPARE);
      if (!atWord("in")) {
        throw unexpected(comma, "in after key, value");
      }
      Token in = next();
      Term coll = parseExpr(PREC_COMPARE);
      Term member = call("internal.member_3", List.of(first, second, coll), in);
      return continueBinary(member, PREC_ASSIGN);
    }
    return continueBinary(first, PREC_ASSIGN);
  }

  // ---- operators -----------------------------------------------------------------------------

  static final int PREC_ASSIGN = 1;
  static final int PREC_IN = 2;
  static final int PREC_COMPARE = 3;
  static final int PREC_OR = 4;
  static final int PREC_AND = 5;
  static final int PREC_ADD = 6;
  static final int PREC_MUL = 7;
  static final int PREC_UNARY = 8;

  /** Parses operators with precedence at least {@code minPrec}. */
  Term parseExpr(int minPrec) {
    Term left = parseUnary();
    return continueBinary(left, minPrec);
  }

  Term continueBinary(Term left, int minPrec) {
    // `1 + 1 + ... + 1` is parsed in this loop but builds a term nested once per operator.
    int chained = 0;
    while (true) {
      Token op = peek();
      int p = BinaryOperators.precedence(op);
      if (p == 0 || p < minPrec) {
        return left;
      }
      if (depth + ++chained > MAX_NESTING) {
        throw error(op, "operator chain nests deeper than the limit of " + MAX_NESTING + " levels");
      }
      next();
      skipNewlines();
      // Assignment is not associative; everything else is left-associative.
      Term right = parseExpr(p + 1);
      left = call(BinaryOperators.name(op), List.of(left, right), op, left.location());
      if (p == PREC_ASSIGN) {
        return left;
      }
    }
  }

  Term call(String name, List<Term> args, Token at) {
    return call(name, args, at, loc(at));
  }

  Term call(String name, List<Term> args, Token at, Location location) {
    return new Term.Call(operatorRef(name, loc(at)), args, location);
  }

  static Term.Ref operatorRef(String dotted, Location l) {
    String[] parts = dotted.split("\\.");
    List<Term> path = new ArrayList<>();
    for (int k = 1; k < parts.length; k++) {
      path.add(new Term.Scalar(StringValue.of(parts[k]), l));
    }
    return new Term.Ref(new Term.Var(parts[0], l), path, l);
  }

  /** A term with its prefix minus and suffixes; every sub-term passes here, so nesting is counted here. */
  private Term parseUnary() {
    enter(peek());
    try {
      return unary();
    } finally {
      exit();
    }
  }

  private Term unary() {
    if (at(Kind.MINUS)) {
      Token minus = next();
      if (at(Kind.NUMBER) && peek().offset() == minus.offset() + 1) {
        Token n = next();
        return suffixes(new Term.Scalar(NumberValue.parse("-" + n.text()), loc(minus)));
      }
      Term operand = parseUnary();
      return call("minus", List.of(new Term.Scalar(NumberValue.ZERO, loc(minus)), operand), minus);
    }
    return suffixes(parsePrimary());
  }

  // ---- terms ---------------------------------------------------------------------------------

  private Term parsePrimary() {
    Token t = peek();
    if (!t.is(Kind.IDENT)) {
      keywordRefHead = false;
    }
    switch (t.kind()) {
      case NUMBER:
        next();
        try {
          return new Term.Scalar(NumberValue.parse(t.text()), loc(t));
        } catch (NumberFormatException e) {
          throw error(t, "invalid number " + t.text());
        }
      case STRING:
      case RAW_STRING:
        next();
        return new Term.Scalar(StringValue.of(t.text()), loc(t));
      case TEMPLATE:
      case RAW_TEMPLATE:
        next();
        return new TemplateParts(this, t).parse();
      case LPAREN: {
        next();
        skipNewlines();
        Term inner = parseExprWithMember();
        skipNewlines();
        expect(Kind.RPAREN, ")");
        return inner;
      }
      case LBRACKET:
        return parseArray();
      case LBRACE:
        return parseBrace();
      case IDENT:
        return parseIdent();
      default:
        throw unexpected(t, "term");
    }
  }

  private Term parseIdent() {
    boolean keywordName = keywordRefHead && KEYWORDS.contains(peek().text())
        && (keywordAlwaysName || peekAt(1).is(Kind.DOT) || peekAt(1).is(Kind.LBRACKET));
    keywordRefHead = false;
    keywordAlwaysName = false;
    Token t = next();
    if (keywordName) {
      return new Term.Var(t.text(), loc(t));
    }
    switch (t.text()) {
      case "true":
        return new Term.Scalar(BooleanValue.TRUE, loc(t));
      case "false":
        return new Term.Scalar(BooleanValue.FALSE, loc(t));
      case "null":
        return new Term.Scalar(NullValue.INSTANCE, loc(t));
      default:
        break;
    }
    // Like OPA, `contains` is a keyword only in rule heads: elsewhere it is a name.
    if (KEYWORDS.contains(t.text()) && !t.text().equals("contains")) {
      throw error(t, "unexpected " + t.text() + " keyword");
    }
    if (t.text().equals("set") && at(Kind.LPAREN) && peekAt(1).is(Kind.RPAREN)) {
      next();
      next();
      return new Term.SetTerm(List.of(), loc(t));
    }
    return new Term.Var(t.text(), loc(t));
  }

  /** Ref suffixes ({@code .x}, {@code [t]}) and calls after a primary term. */
  private Term suffixes(Term base) {
    Term t = base;
    List<Term> path = new ArrayList<>();
    while (true) {
      Token n = peek();
      if (n.is(Kind.DOT) && peekAt(1).is(Kind.IDENT) && adjacent(n, peekAt(1))) {
        next();
        Token name = next();
        path.add(new Term.Scalar(StringValue.of(name.text()), loc(name)));
      } else if (n.is(Kind.DOT) && adjacentToPrevious(n) && (t instanceof Term.Var || t instanceof Term.Ref)) {
        // `a.` with no name after the dot: OPA expects an identifier there.
        next();
        throw unexpected(peek(), "ident");
      } else if (n.is(Kind.LBRACKET) && adjacentToPrevious(n)) {
        next();
        skipNewlines();
        Term key = parseExpr(PREC_ASSIGN);
        skipNewlines();
        expect(Kind.RBRACKET, "]");
        path.add(key);
      } else if (n.is(Kind.LPAREN) && adjacentToPrevious(n) && isCallable(t, path)) {
        Term.Ref op = toRef(t, path);
        next();
        List<Term> args = new ArrayList<>();
        skipNewlines();
        while (!at(Kind.RPAREN)) {
          args.add(parseExpr(PREC_ASSIGN));
          skipNewlines();
          if (at(Kind.COMMA)) {
            next();
            skipNewlines();
          } else if (!at(Kind.RPAREN)) {
            throw unexpected(peek(), ", or )");
          }
        }
        next();
        t = new Term.Call(op, args, base.location());
        path = new ArrayList<>();
      } else {
        break;
      }
    }
    if (path.isEmpty()) {
      return t;
    }
    if (t instanceof Term.Ref r) {
      List<Term> all = new ArrayList<>(r.path());
      all.addAll(path);
      return new Term.Ref(r.head(), all, r.location());
    }
    return new Term.Ref(t, path, t.location());
  }

  private boolean adjacent(Token a, Token b) {
    return b.offset() == a.offset() + a.text().length();
  }

  /** '[' and '(' bind to the previous token only without whitespace between them. */
  private boolean adjacentToPrevious(Token t) {
    if (i == 0) {
      return false;
    }
    Token prev = tokens.get(i - 1);
    int prevEnd = prev.offset() + rawLength(prev);
    return prevEnd == t.offset();
  }

  private int rawLength(Token t) {
    switch (t.kind()) {
      case STRING: {
        int j = t.offset() + 1;
        while (j < source.length() && source.charAt(j) != '"') {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        return j + 1 - t.offset();
      }
      case RAW_STRING:
        return t.text().length() + 2;
      case TEMPLATE:
      case RAW_TEMPLATE:
        return t.text().length() + 3;
      default:
        return t.text().length();
    }
  }

  private static boolean isCallable(Term t, List<Term> path) {
    if (!(t instanceof Term.Var) && !(t instanceof Term.Ref)) {
      return false;
    }
    for (Term p : path) {
      if (!(p instanceof Term.Scalar s) || !(s.value() instanceof StringValue)) {
        return false;
      }
    }
    if (t instanceof Term.Ref r) {
      if (!(r.head() instanceof Term.Var)) {
        return false;
      }
      for (Term p : r.path()) {
        if (!(p instanceof Term.Scalar s) || !(s.value() instanceof StringValue)) {
          return false;
        }
      }
    }
    return true;
  }

  private static Term.Ref toRef(Term t, List<Term> path) {
    if (t instanceof Term.Var v) {
      return new Term.Ref(v, path, v.location());
    }
    Term.Ref r = (Term.Ref) t;
    List<Term> all = new ArrayList<>(r.path());
    all.addAll(path);
    return new Term.Ref(r.head(), all, r.location());
  }

  private Term parseArray() {
    Token open = next();
    skipNewlines();
    if (at(Kind.RBRACKET)) {
      next();
      return new Term.ArrayTerm(List.of(), loc(open));
    }
    Term head = parseExpr(PREC_AND);
    skipNewlines();
    if (at(Kind.BAR)) {
      next();
      Body body = parseBody(Kind.RBRACKET, loc(open));
      expect(Kind.RBRACKET, "]");
      return new Term.ArrayComprehension(head, body, loc(open));
    }
    head = continueBinary(head, PREC_IN);
    List<Term> elems = new ArrayList<>();
    elems.add(head);
    elementsUntil(Kind.RBRACKET, elems);
    return new Term.ArrayTerm(elems, loc(open));
  }

  private void elementsUntil(Kind end, List<Term> elems) {
    while (true) {
      skipNewlines();
      if (at(end)) {
        next();
        return;
      }
      expect(Kind.COMMA, ", or " + (end == Kind.RBRACKET ? "]" : "}"));
      skipNewlines();
      if (at(end)) {
        next();
        return;
      }
      elems.add(parseExpr(PREC_IN));
    }
  }

  private Term parseBrace() {
    Token open = next();
    skipNewlines();
    if (at(Kind.RBRACE)) {
      next();
      return new Term.ObjectTerm(List.of(), loc(open));
    }
    Term first = parseExpr(PREC_AND);
    skipNewlines();
    if (at(Kind.BAR)) {
      next();
      Body body = parseBody(Kind.RBRACE, loc(open));
      expect(Kind.RBRACE, "}");
      return new Term.SetComprehension(first, body, loc(open));
    }
    first = continueBinary(first, PREC_IN);
    skipNewlines();
    if (at(Kind.COLON)) {
      next();
      skipNewlines();
      Term value = parseExpr(PREC_AND);
      skipNewlines();
      if (at(Kind.BAR)) {
        next();
        Body body = parseBody(Kind.RBRACE, loc(open));
        expect(Kind.RBRACE, "}");
        return new Term.ObjectComprehension(first, value, body, loc(open));
      }
      value = continueBinary(value, PREC_IN);
      List<Term.ObjectItem> items = new ArrayList<>();
      items.add(new Term.ObjectItem(first, value));
      while (true) {
        skipNewlines();
        if (at(Kind.RBRACE)) {
          next();
          break;
        }
        expect(Kind.COMMA, ", or }");
        skipNewlines();
        if (at(Kind.RBRACE)) {
          next();
          break;
        }
        Term k = parseExpr(PREC_IN);
        skipNewlines();
        expect(Kind.COLON, ":");
        skipNewlines();
        Term v = parseExpr(PREC_IN);
        items.add(new Term.ObjectItem(k, v));
      }
      return new Term.ObjectTerm(items, loc(open));
    }
    List<Term> elems = new ArrayList<>();
    elems.add(first);
    elementsUntil(Kind.RBRACE, elems);
    return new Term.SetTerm(elems, loc(open));
  }
}
