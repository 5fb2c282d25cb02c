package dev.gavel.rego.syntax;

import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.syntax.Token.Kind;
import dev.gavel.rego.value.BooleanValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code and} and {@code or} keywords ({@code import future.keywords.and}/{@code .or},
 * {@code future.keywords} or {@code rego.v2}): an expression is operands joined by {@code and}
 * (binding tighter) and {@code or}; an operand is one expression (optionally {@code not}), an
 * explicit body {@code { ... }} or a parenthesized group, and a trailing {@code with} applies to
 * the whole expression. Operands see the enclosing variables but bind none outside themselves,
 * and the expression yields at most one result, so it is desugared into negated bodies (each
 * {@code [] = [true | body]}, true exactly when the body fails):
 * <pre>
 *   a or b   ==  not { not {a}; not {b} }            (b is not evaluated when a succeeds)
 *   a and b  ==  not { not { ok{a}; ok{b} } }, ok{x} == not { not {x} }
 * </pre>
 */
final class LogicalOperators {
  private final ExprParser p;

  LogicalOperators(ExprParser parser) {
    this.p = parser;
  }

  /** What was parsed: the expression, and whether it joined operands (so it is desugared). */
  private record Parsed(Expr expr, boolean logical) {}

  /** A literal that may join operands with and/or. */
  Expr literal(Location start) {
    return parse(start).expr();
  }

  private Parsed parse(Location start) {
    Token first = p.peek();
    List<Body> ors = new ArrayList<>();
    Operand op = andChain(false);
    ors.add(op.body());
    boolean logical = op.logical();
    while (p.atOr()) {
      p.next();
      p.skipNewlines();
      op = andChain(true);
      ors.add(op.body());
      logical = true;
    }
    List<Expr.With> withs = p.parseWithModifiers();
    if (!withs.isEmpty() && (p.atAnd() || p.atOr())) {
      String keyword = p.atAnd() ? "and" : "or";
      if (logical) {
        throw p.unexpected(p.peek(), "\\n or ; or }");
      }
      throw new RegoException(new RegoError(RegoError.PARSE, withs.get(0).location(),
          "`with` modifier is not allowed on operand of `" + keyword + "` (hint: Wrap the operand in `(...)` or `{...}` to scope,"
              + " or move `with` after the `" + keyword + "` expression to apply it to the whole expression)",
          p.sourceLine(withs.get(0).location().line())));
    }
    if (!logical) {
      // A plain literal: the with-modifiers are its own.
      Expr single = op.single();
      List<Expr.With> all = new ArrayList<>(single.withs());
      all.addAll(withs);
      return new Parsed(new Expr(single.location(), single.negated(), single.form(), all), false);
    }
    Location at = p.loc(first);
    Expr e = ors.size() == 1 ? toExpr(ors.get(0), at) : or(ors, at);
    if (!e.withs().isEmpty() && !withs.isEmpty()) {
      // A group's own modifiers stay inside it; the trailing ones apply around it.
      e = ok(new Body(List.of(e), at), at);
    }
    List<Expr.With> all = new ArrayList<>(e.withs());
    all.addAll(withs);
    return new Parsed(new Expr(start, e.negated(), e.form(), all), true);
  }

  /** An and-chain; {@code logical} when it joined two or more operands or is itself a group. */
  private Operand andChain(boolean afterKeyword) {
    Token first = p.peek();
    Operand op = operand(afterKeyword);
    if (!p.atAnd()) {
      return op;
    }
    List<Body> ands = new ArrayList<>();
    ands.add(op.body());
    while (p.atAnd()) {
      p.next();
      p.skipNewlines();
      op = operand(true);
      ands.add(op.body());
    }
    Location at = p.loc(first);
    return new Operand(new Body(List.of(and(ands, at)), at), null, true);
  }

  /**
   * One operand: a body, and when it is a single expression that expression ({@code single}),
   * so a lone operand stays the ordinary literal it was.
   */
  private record Operand(Body body, Expr single, boolean logical) {}

  private Operand operand(boolean afterKeyword) {
    Token t = p.peek();
    if (t.is(Kind.LBRACE) && (afterKeyword || bracedBodyFollowedByLogical())) {
      Body b = p.parseBracedBody();
      return new Operand(b, null, true);
    }
    if (t.is(Kind.LPAREN)) {
      Operand group = group();
      if (group != null) {
        return group;
      }
    }
    if (p.atWord("not") && p.notBodies && p.peekAt(1).is(Kind.LPAREN)) {
      Token not = p.next();
      Operand group = group();
      if (group == null) {
        throw p.error(not, "non-terminated expression");
      }
      Location at = p.loc(not);
      return new Operand(new Body(List.of(neg(group.body(), at)), at), null, true);
    }
    Expr e = p.parseLiteralWithoutLogic();
    if (p.atAnd() || p.atOr()) {
      implicitAssignment(e);
    }
    return new Operand(new Body(List.of(e), e.location()), e, false);
  }

  /** {@code x := 1 or y}: an implicit operand cannot declare variables (they could never be seen). */
  private void implicitAssignment(Expr e) {
    if (e.form() instanceof Expr.TermForm tf && tf.term() instanceof Term.Call c
        && c.operator().head() instanceof Term.Var v && v.name().equals("assign") && c.operator().path().isEmpty()) {
      String keyword = p.atAnd() ? "and" : "or";
      throw new RegoException(new RegoError(RegoError.COMPILE, e.location(),
          "cannot assign vars inside implicit " + keyword + " operand", p.sourceLine(e.location().line())));
    }
  }

  /**
   * {@code ( ... )} as a group: committed when it holds an and/or or a with-modifier; otherwise
   * the parentheses are an ordinary term and nothing is consumed (null).
   */
  private Operand group() {
    int save = p.i;
    Token open = p.next();
    try {
      p.skipNewlines();
      Parsed inner = parse(p.loc(p.peek()));
      p.skipNewlines();
      if (p.at(Kind.RPAREN) && (inner.logical() || !inner.expr().withs().isEmpty())) {
        p.next();
        return new Operand(new Body(List.of(inner.expr()), p.loc(open)), null, true);
      }
    } catch (RegoException notAGroup) {
      // an ordinary parenthesized term
    }
    p.i = save;
    return null;
  }

  /** {@code { ... }} followed (after its closing brace) by and/or is an explicit body, not a set or object. */
  private boolean bracedBodyFollowedByLogical() {
    int depth = 0;
    for (int j = p.i; j < p.tokens.size(); j++) {
      Token t = p.tokens.get(j);
      if (t.is(Kind.LBRACE)) {
        depth++;
      } else if (t.is(Kind.RBRACE)) {
        if (--depth == 0) {
          Token after = p.tokens.get(Math.min(j + 1, p.tokens.size() - 1));
          return after.isWord("and") && p.andKeyword || after.isWord("or") && p.orKeyword;
        }
      } else if (t.is(Kind.EOF)) {
        return false;
      }
    }
    return false;
  }

  private static Expr toExpr(Body b, Location at) {
    return b.exprs().size() == 1 ? b.exprs().get(0) : ok(b, at);
  }

  /** True exactly when some operand succeeds; stops at the first that does. */
  private static Expr or(List<Body> operands, Location at) {
    List<Expr> failures = new ArrayList<>();
    for (Body b : operands) {
      failures.add(fails(b, at));
    }
    return neg(new Body(failures, at), at);
  }

  /** True exactly when every operand succeeds; stops at the first that fails. */
  private static Expr and(List<Body> operands, Location at) {
    List<Expr> all = new ArrayList<>();
    for (Body b : operands) {
      all.add(neg(new Body(List.of(fails(b, at)), at), at));
    }
    return ok(new Body(all, at), at);
  }

  /**
   * Succeeds when the operand fails. A single plain expression is negated as it stands, so its
   * variables must already be bound, as OPA requires of an implicit operand (it may bind
   * nothing); an explicit body is a comprehension, free to bind its own.
   */
  private static Expr fails(Body b, Location at) {
    if (b.exprs().size() == 1) {
      Expr e = b.exprs().get(0);
      if (!e.negated() && e.form() instanceof Expr.TermForm && e.withs().isEmpty() && !isDesugared(e)) {
        return new Expr(e.location(), true, e.form(), List.of());
      }
    }
    return neg(b, at);
  }

  /** The negated bodies this class makes, which bind nothing and may be negated as a body. */
  private static boolean isDesugared(Expr e) {
    return e.form() instanceof Expr.TermForm tf && tf.term() instanceof Term.Call c && c.args().size() == 2
        && c.args().get(0) instanceof Term.ArrayTerm empty && empty.elements().isEmpty()
        && c.args().get(1) instanceof Term.ArrayComprehension;
  }

  /** Succeeds once when {@code b} has a solution; binds nothing outside. */
  private static Expr ok(Body b, Location at) {
    return neg(new Body(List.of(neg(b, at)), at), at);
  }

  /** {@code [] = [true | b]}: succeeds exactly when {@code b} has no solution. */
  static Expr neg(Body b, Location at) {
    Term empty = new Term.ArrayTerm(List.of(), at);
    Term solutions = new Term.ArrayComprehension(new Term.Scalar(BooleanValue.TRUE, at), b, at);
    Term.Call eq = new Term.Call(new Term.Ref(new Term.Var("eq", at), List.of(), at), List.of(empty, solutions), at);
    return new Expr(at, false, new Expr.TermForm(eq), List.of());
  }
}
