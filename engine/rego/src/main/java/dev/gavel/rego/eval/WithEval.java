package dev.gavel.rego.eval;

import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.compile.VarCollector;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@code with} modifiers: the expression runs in a scope where input, data paths or
 * functions are replaced; the rest of the body (the continuation) runs in the original scope.
 */
final class WithEval {
  private final Evaluation ev;

  WithEval(Evaluation ev) {
    this.ev = ev;
  }

  boolean apply(Expr e, int i, Frame f, Next k) {
    if (i == e.withs().size()) {
      return ev.bodies.plain(e, f, k);
    }
    Expr.With w = e.withs().get(i);
    Term.Ref target = w.target();
    String root = target.head() instanceof Term.Var v ? v.name() : "";
    if (root.equals("input")) {
      return ev.terms.eval(w.value(), f, val -> {
        List<Value> path = groundPath(target);
        Value input = ValuePaths.set(ev.scope.input, path, val);
        return scoped(ev.scope.withInput(input), e, i, f, k);
      });
    }
    if (root.equals("data") && !isFunction(target)) {
      return ev.terms.eval(w.value(), f, val -> scoped(ev.scope.withData(groundPath(target), val), e, i, f, k));
    }
    String name = VarCollector.refName(target);
    Term value = w.value();
    if (isFunctionName(value)) {
      return scoped(ev.scope.withFunction(name, asRef(value)), e, i, f, k);
    }
    return ev.terms.eval(value, f, val -> scoped(ev.scope.withFunction(name, val), e, i, f, k));
  }

  private boolean scoped(EvalScope inner, Expr e, int i, Frame f, Next k) {
    EvalScope outer = ev.scope;
    ev.scope = inner;
    // Each modifier wraps the expression and its continuation in more frames: a level.
    ev.budget.enter(e.location());
    try {
      return apply(e, i + 1, f, () -> {
        ev.scope = outer;
        try {
          return k.go();
        } finally {
          ev.scope = inner;
        }
      });
    } finally {
      ev.budget.exit();
      ev.scope = outer;
    }
  }

  private static List<Value> groundPath(Term.Ref r) {
    List<Value> out = new ArrayList<>();
    for (Term t : r.path()) {
      if (!(t instanceof Term.Scalar s)) {
        throw new RegoException(RegoError.COMPILE, r.location(), "with keyword target must be a ground reference");
      }
      out.add(s.value());
    }
    return out;
  }

  private boolean isFunction(Term.Ref r) {
    return ev.calls.arity(VarCollector.refName(r)) >= 0;
  }

  /** True when the with value names a function (a builtin or a user function) rather than a value. */
  private boolean isFunctionName(Term t) {
    Term.Ref r = asRef(t);
    if (r == null) {
      return false;
    }
    for (Term p : r.path()) {
      if (!(p instanceof Term.Scalar s) || !(s.value() instanceof StringValue)) {
        return false;
      }
    }
    String name = VarCollector.refName(r);
    if (name.startsWith("data.")) {
      return ev.calls.arity(name) >= 0;
    }
    return ev.policy.builtins().lookup(name) != null;
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

}
