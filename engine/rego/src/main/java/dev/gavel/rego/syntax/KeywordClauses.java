package dev.gavel.rego.syntax;

import dev.gavel.rego.Location;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.syntax.Token.Kind;
import dev.gavel.rego.value.BooleanValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyword forms of a literal, parsed on behalf of an {@link ExprParser} (whose tokens and
 * position they share): {@code some} declarations and {@code some ... in}, {@code every},
 * {@code with} modifiers, and the rego.v2 negated body {@code not { ... }}.
 */
final class KeywordClauses {
  private final ExprParser p;

  KeywordClauses(ExprParser parser) {
    this.p = parser;
  }

  /** Zero or more {@code with target as value} modifiers. */
  List<Expr.With> withModifiers() {
    List<Expr.With> withs = new ArrayList<>();
    while (p.atWord("with") && !p.keywordStartsRef() || continuesWithModifier()) {
      p.skipNewlines();
      Token w = p.next();
      Term target = p.parseExpr(ExprParser.PREC_UNARY);
      Term.Ref ref = asRef(target);
      if (ref == null) {
        throw p.error(w, "with target must be a reference");
      }
      if (!p.atWord("as")) {
        throw p.unexpected(p.peek(), "as");
      }
      p.next();
      Term value = p.parseExpr(ExprParser.PREC_IN);
      withs.add(new Expr.With(ref, value, p.loc(w)));
    }
    return withs;
  }

  /**
   * {@code not { a; b }} (rego.v2): true when the body has no solution. Desugared to
   * {@code [] = [true | a; b]}: a comprehension has exactly the scoping a negated body needs
   * (it sees the enclosing variables; its own stay local) and is empty exactly when the body fails.
   */
  Expr negatedBody(Token start) {
    Body body = p.parseBracedBody();
    Location at = p.loc(start);
    Term empty = new Term.ArrayTerm(List.of(), at);
    Term solutions = new Term.ArrayComprehension(new Term.Scalar(BooleanValue.TRUE, at), body, at);
    Term.Call eq = new Term.Call(new Term.Ref(new Term.Var("eq", at), List.of(), at), List.of(empty, solutions), at);
    return new Expr(at, false, new Expr.TermForm(eq), List.of());
  }

  /** A with modifier may continue on the next line. */
  private boolean continuesWithModifier() {
    int j = p.i;
    while (p.tokens.get(j).is(Kind.NEWLINE)) {
      j++;
    }
    Token next = p.tokens.get(Math.min(j + 1, p.tokens.size() - 1));
    return j > p.i && p.tokens.get(j).isWord("with") && !next.is(Kind.DOT) && !next.is(Kind.LBRACKET);
  }

  private static Term.Ref asRef(Term t) {
    if (t instanceof Term.Ref r) {
      return r;
    }
    if (t instanceof Term.Var v) {
      return new Term.Ref(v, List.of(), v.location());
    }
    return null;
  }

  /** {@code some x, y} or {@code some [k,] v in xs}. */
  Expr.Form some() {
    Token some = p.next();
    List<Term> terms = new ArrayList<>();
    terms.add(p.parseExpr(ExprParser.PREC_COMPARE));
    while (p.at(Kind.COMMA)) {
      p.next();
      terms.add(p.parseExpr(ExprParser.PREC_COMPARE));
    }
    if (p.atWord("in")) {
      p.next();
      if (terms.size() > 2) {
        throw p.error(some, "unexpected , token: some ... in takes at most a key and a value");
      }
      Term coll = p.parseExpr(ExprParser.PREC_COMPARE);
      return terms.size() == 1
          ? new Expr.SomeIn(null, terms.get(0), coll)
          : new Expr.SomeIn(terms.get(0), terms.get(1), coll);
    }
    List<Term.Var> vars = new ArrayList<>();
    for (Term t : terms) {
      if (!(t instanceof Term.Var v)) {
        throw p.error(some, "expected var in some declaration");
      }
      vars.add(v);
    }
    return new Expr.SomeVars(vars);
  }

  /** {@code every [k,] v in xs { body }}. */
  Expr.Form every() {
    Token every = p.next();
    Term first = p.parseExpr(ExprParser.PREC_COMPARE);
    Term key = null;
    Term value = first;
    if (p.at(Kind.COMMA)) {
      p.next();
      key = first;
      value = p.parseExpr(ExprParser.PREC_COMPARE);
    }
    if (!p.atWord("in")) {
      throw p.unexpected(p.peek(), "in");
    }
    p.next();
    Term domain = p.parseExpr(ExprParser.PREC_COMPARE);
    if (!p.at(Kind.LBRACE)) {
      throw p.error(every, "every requires a body in braces");
    }
    Body body = p.parseBracedBody();
    return new Expr.Every(key, value, domain, body);
  }
}
