package dev.gavel.rego.eval;

import dev.gavel.rego.RegoError;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.Value;

/** Evaluates bodies and expressions: conjunction, not, some-in, every, with. */
final class BodyEval {
  private final Evaluation ev;

  BodyEval(Evaluation ev) {
    this.ev = ev;
  }

  boolean body(Body b, int i, Frame f, Next k) {
    if (i == b.exprs().size()) {
      return k.go();
    }
    return expr(b.exprs().get(i), f, () -> body(b, i + 1, f, k));
  }

  /** True when the body has at least one solution (bindings are undone afterwards). */
  boolean succeeds(Body b, Frame f) {
    return body(b, 0, f, () -> true);
  }

  boolean expr(Expr e, Frame f, Next k) {
    ev.tick();
    if (ev.coverage != null) {
      ev.coverage.accept(e.location());
    }
    // The rest of the body runs inside this call (continuation-passing), so every expression
    // still waiting on its continuation is one level of Java stack: count it.
    ev.budget.enter(e.location());
    try {
      if (!e.withs().isEmpty()) {
        return new WithEval(ev).apply(e, 0, f, k);
      }
      return plain(e, f, k);
    } finally {
      ev.budget.exit();
    }
  }

  /** The expression without its with modifiers. */
  boolean plain(Expr e, Frame f, Next k) {
    if (e.negated()) {
      // As OPA: the call's reference and call operands are evaluated first, outside the negation.
      for (Term operand : NegatedOperands.of(e)) {
        if (!ev.terms.eval(operand, f, v -> true)) {
          return false;
        }
      }
      boolean found = inner(e, f, () -> true);
      return found ? false : k.go();
    }
    return inner(e, f, k);
  }

  private boolean inner(Expr e, Frame f, Next k) {
    Expr.Form form = e.form();
    if (form instanceof Expr.TermForm tf) {
      Term t = tf.term();
      if (t instanceof Term.Call c) {
        return ev.calls.expr(c, f, k);
      }
      return ev.terms.eval(t, f, v -> !BooleanValue.FALSE.equals(v) && k.go());
    }
    if (form instanceof Expr.SomeVars) {
      return k.go();
    }
    if (form instanceof Expr.SomeIn si) {
      return ev.terms.eval(si.collection(), f, coll -> members(coll, (key, val) -> {
        if (si.key() == null) {
          return ev.terms.unifyValue(si.value(), val, f, k);
        }
        return ev.terms.unifyValue(si.key(), key, f, () -> ev.terms.unifyValue(si.value(), val, f, k));
      }));
    }
    Expr.Every every = (Expr.Every) form;
    return ev.terms.eval(every.domain(), f, dom -> {
      if (!dom.isCollection()) {
        return false;
      }
      boolean[] allHold = {true};
      members(dom, (key, val) -> {
        boolean ok;
        if (every.key() == null) {
          ok = ev.terms.unifyValue(every.value(), val, f, () -> succeeds(every.body(), f));
        } else {
          ok = ev.terms.unifyValue(every.key(), key, f,
              () -> ev.terms.unifyValue(every.value(), val, f, () -> succeeds(every.body(), f)));
        }
        if (!ok) {
          allHold[0] = false;
          return true;
        }
        return false;
      });
      return allHold[0] && k.go();
    });
  }

  /** A continuation receiving a key and value of a collection member. */
  interface OnMember {
    boolean accept(Value key, Value value);
  }

  /** Enumerates (index, element) of arrays, (key, value) of objects and (element, element) of sets. */
  static boolean members(Value coll, OnMember k) {
    if (coll instanceof ArrayValue a) {
      for (int i = 0; i < a.size(); i++) {
        if (k.accept(NumberValue.of(i), a.get(i))) {
          return true;
        }
      }
    } else if (coll instanceof ObjectValue o) {
      for (Value key : o.keys()) {
        if (k.accept(key, o.get(key))) {
          return true;
        }
      }
    } else if (coll instanceof SetValue s) {
      for (Value x : s.elements()) {
        if (k.accept(x, x)) {
          return true;
        }
      }
    }
    return false;
  }

  static String unexpected(Object o) {
    return RegoError.EVAL_INTERNAL + ": unexpected " + o;
  }
}
