package dev.gavel.rego.syntax;

import dev.gavel.rego.syntax.FormatTree.Expr;
import dev.gavel.rego.syntax.FormatTree.Span;
import dev.gavel.rego.syntax.FormatTree.Term;
import dev.gavel.rego.syntax.Token.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The token cursor and the expression grammar of {@link FormatParser}: terms, references, calls,
 * infix operators and collections, each with where it was written.
 */
abstract class FormatTermParser {
  final String src;
  final List<Token> toks;
  final int[] lineStarts;
  int i;
  int last = -1;

  FormatTermParser(String src, Lexer lexer) {
    this.src = src;
    this.toks = lexer.tokens();
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int k = 0; k < src.length(); k++) {
      if (src.charAt(k) == '\n') {
        starts.add(k + 1);
      }
    }
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  int end(Token t) {
    switch (t.kind()) {
      case STRING: {
        int j = t.offset() + 1;
        while (j < src.length() && src.charAt(j) != '"') {
          j += src.charAt(j) == '\\' ? 2 : 1;
        }
        return j + 1;
      }
      case RAW_STRING:
        return t.offset() + t.text().length() + 2;
      case TEMPLATE:
      case RAW_TEMPLATE:
        return t.offset() + t.text().length() + 3;
      case EOF:
        return t.offset();
      default:
        return t.offset() + t.text().length();
    }
  }

  int lineOf(int offset) {
    int k = Arrays.binarySearch(lineStarts, offset);
    return (k >= 0 ? k : -k - 2) + 1;
  }

  Span span(Token first) {
    Token l = last >= 0 ? toks.get(last) : first;
    int e = Math.max(end(l), first.offset());
    return new Span(first.offset(), e, first.line(), first.column(), lineOf(Math.max(first.offset(), e - 1)));
  }

  String text(Token t) {
    return src.substring(t.offset(), end(t));
  }

  Token peek() {
    return toks.get(i);
  }

  Token peekAt(int n) {
    return toks.get(Math.min(i + n, toks.size() - 1));
  }

  Token next() {
    Token t = toks.get(i);
    if (t.kind() != Kind.EOF) {
      if (t.kind() != Kind.NEWLINE) {
        last = i;
      }
      i++;
    }
    return t;
  }

  boolean at(Kind k) {
    return peek().kind() == k;
  }

  boolean atWord(String w) {
    return peek().isWord(w) && !keywordStartsRef();
  }

  boolean keywordStartsRef() {
    Token t = peek();
    Token n = peekAt(1);
    return t.is(Kind.IDENT) && (n.is(Kind.DOT) || n.is(Kind.LBRACKET)) && n.offset() == end(t);
  }

  void skipNewlines() {
    while (at(Kind.NEWLINE)) {
      next();
    }
  }

  Token expect(Kind k) {
    if (!at(k)) {
      throw new IllegalStateException("expected " + k + " at " + peek());
    }
    return next();
  }

  boolean adjacentToPrevious(Token t) {
    return i > 0 && end(toks.get(i - 1)) == t.offset();
  }

  Term exprWithMember() {
    Token start = peek();
    Term first = parseExpr(ExprParser.PREC_COMPARE);
    if (at(Kind.COMMA)) {
      next();
      Term second = parseExpr(ExprParser.PREC_COMPARE);
      next(); // in
      Term coll = parseExpr(ExprParser.PREC_COMPARE);
      Term member = new Term.Call("internal.member_3", null, List.of(first, second, coll), "in", 0, span(start), false);
      return continueBinary(member, ExprParser.PREC_ASSIGN, start);
    }
    return continueBinary(first, ExprParser.PREC_ASSIGN, start);
  }

  Term parseExpr(int minPrec) {
    Token start = peek();
    return continueBinary(unary(), minPrec, start);
  }

  Term continueBinary(Term left, int minPrec, Token start) {
    while (true) {
      Token op = peek();
      int p = BinaryOperators.precedence(op);
      if (p == 0 || p < minPrec) {
        return left;
      }
      next();
      skipNewlines();
      Term right = parseExpr(p + 1);
      String symbol = op.is(Kind.IDENT) ? "in" : op.text();
      String name = op.is(Kind.IDENT) ? "internal.member_2" : BinaryOperators.name(op);
      left = new Term.Call(name, null, List.of(left, right), symbol, 0, span(start), false);
      if (p == ExprParser.PREC_ASSIGN) {
        return left;
      }
    }
  }

  Term unary() {
    Token start = peek();
    if (at(Kind.MINUS)) {
      next();
      if (at(Kind.NUMBER)) {
        Token n = next();
        return suffixes(new Term.Scalar("-" + n.text(), span(start), false), start);
      }
      Term operand = unary();
      Term zero = new Term.Scalar("0", span(start), false);
      return new Term.Call("minus", null, List.of(zero, operand), "-", 0, span(start), false);
    }
    return suffixes(primary(), start);
  }

  Term primary() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER:
      case STRING:
      case RAW_STRING:
        next();
        return new Term.Scalar(text(t), span(t), false);
      case TEMPLATE:
      case RAW_TEMPLATE:
        next();
        return new Term.Template(span(t), false);
      case LPAREN: {
        next();
        skipNewlines();
        Term inner = exprWithMember();
        skipNewlines();
        expect(Kind.RPAREN);
        return inner.withParens();
      }
      case LBRACKET:
        return array();
      case LBRACE:
        return brace();
      case IDENT: {
        next();
        if (t.text().equals("true") || t.text().equals("false") || t.text().equals("null")) {
          return new Term.Scalar(t.text(), span(t), false);
        }
        if (t.text().equals("set") && at(Kind.LPAREN) && peekAt(1).is(Kind.RPAREN) && adjacentToPrevious(peek())) {
          next();
          Token close = next();
          return new Term.SetTerm(List.of(), close.line(), span(t), false);
        }
        return new Term.Var(t.text(), span(t), false);
      }
      default:
        throw new IllegalStateException("unexpected " + t);
    }
  }

  Term suffixes(Term base, Token start) {
    Term t = base;
    List<Term> path = new ArrayList<>();
    List<Boolean> dotted = new ArrayList<>();
    while (true) {
      Token n = peek();
      if (n.is(Kind.DOT) && peekAt(1).is(Kind.IDENT) && end(n) == peekAt(1).offset()) {
        next();
        Token name = next();
        path.add(new Term.Scalar(name.text(), span(name), false));
        dotted.add(true);
      } else if (n.is(Kind.LBRACKET) && adjacentToPrevious(n)) {
        next();
        skipNewlines();
        Term key = parseExpr(ExprParser.PREC_ASSIGN);
        skipNewlines();
        expect(Kind.RBRACKET);
        path.add(key);
        dotted.add(false);
      } else if (n.is(Kind.LPAREN) && adjacentToPrevious(n) && callable(t, path, dotted)) {
        Term op = path.isEmpty() ? t : merge(t, path, dotted, start);
        next();
        List<Term> args = new ArrayList<>();
        skipNewlines();
        while (!at(Kind.RPAREN)) {
          args.add(parseExpr(ExprParser.PREC_ASSIGN));
          skipNewlines();
          if (at(Kind.COMMA)) {
            next();
            skipNewlines();
          }
        }
        Token close = next();
        t = new Term.Call(opName(op), op, args, null, close.line(), span(start), false);
        path = new ArrayList<>();
        dotted = new ArrayList<>();
      } else {
        break;
      }
    }
    return path.isEmpty() ? t : merge(t, path, dotted, start);
  }

  Term merge(Term t, List<Term> path, List<Boolean> dotted, Token start) {
    if (t instanceof Term.Ref r && !r.parens()) {
      List<Term> all = new ArrayList<>(r.path());
      all.addAll(path);
      List<Boolean> d = new ArrayList<>(r.dotted());
      d.addAll(dotted);
      return new Term.Ref(r.head(), all, d, span(start), false);
    }
    return new Term.Ref(t, List.copyOf(path), List.copyOf(dotted), span(start), false);
  }

  static boolean callable(Term t, List<Term> path, List<Boolean> dotted) {
    if (t.parens()) {
      return false;
    }
    if (t instanceof Term.Var) {
      return !dotted.contains(false) || path.stream().allMatch(p -> p instanceof Term.Scalar s && s.isString());
    }
    if (t instanceof Term.Ref r) {
      return r.head() instanceof Term.Var && r.path().stream().allMatch(p -> p instanceof Term.Scalar);
    }
    return false;
  }

  /** The dotted name of an operator ref ({@code data.foo.bar}), or null when it has other parts. */
  static String opName(Term op) {
    if (op instanceof Term.Var v) {
      return v.name();
    }
    Term.Ref r = (Term.Ref) op;
    StringBuilder sb = new StringBuilder(((Term.Var) r.head()).name());
    for (int k = 0; k < r.path().size(); k++) {
      if (!r.dotted().get(k)) {
        return null;
      }
      sb.append('.').append(((Term.Scalar) r.path().get(k)).text());
    }
    return sb.toString();
  }

  Term array() {
    Token open = next();
    skipNewlines();
    if (at(Kind.RBRACKET)) {
      Token close = next();
      return new Term.Array(List.of(), close.line(), span(open), false);
    }
    Token first = peek();
    Term head = parseExpr(ExprParser.PREC_AND);
    skipNewlines();
    if (at(Kind.BAR)) {
      next();
      List<Expr> body = body(Kind.RBRACKET);
      Token close = expect(Kind.RBRACKET);
      return new Term.ArrayCompr(head, body, close.line(), span(open), false);
    }
    head = continueBinary(head, ExprParser.PREC_IN, first);
    List<Term> items = new ArrayList<>();
    items.add(head);
    int close = elements(Kind.RBRACKET, items);
    return new Term.Array(items, close, span(open), false);
  }

  /** Comma-separated terms up to {@code end} (consumed); the closing line. */
  int elements(Kind end, List<Term> items) {
    while (true) {
      skipNewlines();
      if (at(end)) {
        return next().line();
      }
      expect(Kind.COMMA);
      skipNewlines();
      if (at(end)) {
        return next().line();
      }
      items.add(parseExpr(ExprParser.PREC_IN));
    }
  }

  Term brace() {
    Token open = next();
    skipNewlines();
    if (at(Kind.RBRACE)) {
      Token close = next();
      return new Term.Obj(List.of(), close.line(), span(open), false);
    }
    Token firstTok = peek();
    Term first = parseExpr(ExprParser.PREC_AND);
    skipNewlines();
    if (at(Kind.BAR)) {
      next();
      List<Expr> body = body(Kind.RBRACE);
      Token close = expect(Kind.RBRACE);
      return new Term.SetCompr(first, body, close.line(), span(open), false);
    }
    first = continueBinary(first, ExprParser.PREC_IN, firstTok);
    skipNewlines();
    if (at(Kind.COLON)) {
      next();
      skipNewlines();
      Token valueTok = peek();
      Term value = parseExpr(ExprParser.PREC_AND);
      skipNewlines();
      if (at(Kind.BAR)) {
        next();
        List<Expr> body = body(Kind.RBRACE);
        Token close = expect(Kind.RBRACE);
        return new Term.ObjCompr(first, value, body, close.line(), span(open), false);
      }
      value = continueBinary(value, ExprParser.PREC_IN, valueTok);
      List<Term[]> items = new ArrayList<>();
      items.add(new Term[] {first, value});
      while (true) {
        skipNewlines();
        if (at(Kind.RBRACE)) {
          break;
        }
        expect(Kind.COMMA);
        skipNewlines();
        if (at(Kind.RBRACE)) {
          break;
        }
        Term k = parseExpr(ExprParser.PREC_IN);
        skipNewlines();
        expect(Kind.COLON);
        skipNewlines();
        Term v = parseExpr(ExprParser.PREC_IN);
        items.add(new Term[] {k, v});
      }
      Token close = next();
      return new Term.Obj(items, close.line(), span(open), false);
    }
    List<Term> items = new ArrayList<>();
    items.add(first);
    int close = elements(Kind.RBRACE, items);
    return new Term.SetTerm(items, close, span(open), false);
  }

  /** Expressions separated by newlines or ';' up to {@code end} (not consumed). */
  abstract List<Expr> body(Kind end);
}
