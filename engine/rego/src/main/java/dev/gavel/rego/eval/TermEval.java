package dev.gavel.rego.eval;

import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import dev.gavel.rego.value.ValueText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Evaluates terms to values and unifies terms with values. */
final class TermEval {
  private final Evaluation ev;

  TermEval(Evaluation ev) {
    this.ev = ev;
  }

  /** Calls {@code k} with each value of the term (none when it is undefined). */
  boolean eval(Term t, Frame f, OnValue k) {
    if (t instanceof Term.Scalar s) {
      return k.accept(s.value());
    }
    if (t instanceof Term.Var v) {
      return var(v, f, k);
    }
    if (t instanceof Term.Ref r) {
      return ev.refs.eval(r, f, k);
    }
    Value ground = ev.ground.valueOf(t);
    if (ground != null) {
      return k.accept(ground);
    }
    // A composite term evaluates its parts with the rest of the evaluation as their
    // continuation: one more level of Java stack until it is done.
    ev.budget.enter(t.location());
    try {
      return composite(t, f, k);
    } finally {
      ev.budget.exit();
    }
  }

  private boolean composite(Term t, Frame f, OnValue k) {
    if (t instanceof Term.Call c) {
      return ev.calls.value(c, f, k);
    }
    if (t instanceof Term.ArrayTerm a) {
      return all(a.elements(), 0, new Value[a.elements().size()], f, vs -> {
        ev.budget.charge(vs.size(), a.location());
        return k.accept(ArrayValue.of(vs));
      });
    }
    if (t instanceof Term.SetTerm s) {
      return all(s.elements(), 0, new Value[s.elements().size()], f, vs -> {
        ev.budget.charge(vs.size(), s.location());
        return k.accept(SetValue.of(vs));
      });
    }
    if (t instanceof Term.ObjectTerm o) {
      List<Term> flat = new ArrayList<>();
      for (Term.ObjectItem it : o.items()) {
        flat.add(it.key());
        flat.add(it.value());
      }
      return all(flat, 0, new Value[flat.size()], f, vs -> {
        ev.budget.charge(vs.size() / 2, o.location());
        ObjectValue.Builder b = ObjectValue.builder();
        for (int i = 0; i < vs.size(); i += 2) {
          b.put(vs.get(i), vs.get(i + 1));
        }
        return k.accept(b.build());
      });
    }
    if (t instanceof Term.ArrayComprehension ac) {
      List<Value> out = new ArrayList<>();
      ev.bodies.body(ac.body(), 0, f, () -> eval(ac.head(), f, v -> {
        ev.budget.charge(1, ac.location());
        out.add(v);
        return false;
      }));
      return k.accept(ArrayValue.of(out));
    }
    if (t instanceof Term.SetComprehension sc) {
      Set<Value> out = new LinkedHashSet<>();
      ev.bodies.body(sc.body(), 0, f, () -> eval(sc.head(), f, v -> {
        ev.budget.charge(1, sc.location());
        out.add(v);
        return false;
      }));
      return k.accept(SetValue.of(out));
    }
    if (t instanceof Term.ObjectComprehension oc) {
      Map<Value, Value> out = new LinkedHashMap<>();
      ev.bodies.body(oc.body(), 0, f, () -> eval(oc.key(), f, key -> eval(oc.value(), f, val -> {
        ev.budget.charge(1, oc.location());
        Value prev = out.putIfAbsent(key, val);
        if (prev != null && !prev.equals(val)) {
          throw new RegoException(RegoError.EVAL_CONFLICT, oc.location(), "object keys must be unique");
        }
        return false;
      })));
      return k.accept(ObjectValue.of(out));
    }
    return template((Term.TemplateString) t, f, k);
  }

  private boolean var(Term.Var v, Frame f, OnValue k) {
    Value bound = f.get(v.name());
    if (bound != null) {
      return k.accept(bound);
    }
    if (v.name().equals("input")) {
      return ev.scope.input != null && k.accept(ev.scope.input);
    }
    if (v.name().equals("data")) {
      return ev.refs.eval(new Term.Ref(v, List.of(), v.location()), f, k);
    }
    throw new RegoException(RegoError.EVAL_INTERNAL, v.location(), "var " + v.name() + " is unbound");
  }

  /** A continuation receiving the values of a list of terms. */
  interface OnValues {
    boolean accept(List<Value> values);
  }

  /** Evaluates terms left to right, calling {@code k} for each combination of their values. */
  boolean all(List<Term> ts, int i, Value[] acc, Frame f, OnValues k) {
    // Terms with exactly one value known now (constants, bound variables) are taken in a loop:
    // recursing for them would cost a level of Java stack per element of a long literal.
    int at = i;
    while (at < ts.size()) {
      Value known = known(ts.get(at), f);
      if (known == null) {
        break;
      }
      acc[at++] = known;
    }
    if (at == ts.size()) {
      return k.accept(List.of(acc.clone()));
    }
    int next = at;
    return eval(ts.get(next), f, v -> {
      acc[next] = v;
      return all(ts, next + 1, acc, f, k);
    });
  }

  /** The single value of a constant or bound local variable, or null when it takes evaluation. */
  private Value known(Term t, Frame f) {
    if (t instanceof Term.Var v) {
      return isRoot(v.name()) ? null : f.get(v.name());
    }
    return ev.ground.valueOf(t);
  }

  /**
   * Like {@link #all} but evaluates arguments whose refs enumerate unbound variables first, so
   * {@code foo == input.foos[foo]} binds foo before comparing; values come back in argument order.
   */
  boolean allEnumeratorsFirst(List<Term> ts, Frame f, OnValues k) {
    int n = ts.size();
    boolean anyPlainUnbound = false;
    for (Term t : ts) {
      if (hasUnboundPattern(t, f)) {
        anyPlainUnbound = true;
        break;
      }
    }
    if (!anyPlainUnbound) {
      return all(ts, 0, new Value[n], f, k);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!hasUnboundPattern(ts.get(i), f)) {
        order.add(i);
      }
    }
    for (int i = 0; i < n; i++) {
      if (hasUnboundPattern(ts.get(i), f)) {
        order.add(i);
      }
    }
    List<Term> reordered = new ArrayList<>();
    for (int i : order) {
      reordered.add(ts.get(i));
    }
    return all(reordered, 0, new Value[n], f, vals -> {
      Value[] back = new Value[n];
      for (int j = 0; j < n; j++) {
        back[order.get(j)] = vals.get(j);
      }
      return k.accept(List.of(back));
    });
  }

  private boolean template(Term.TemplateString ts, Frame f, OnValue k) {
    StringBuilder sb = new StringBuilder();
    for (Object p : ts.parts()) {
      if (p instanceof String s) {
        sb.append(s);
        continue;
      }
      Term pt = (Term) p;
      List<Value> vals = new ArrayList<>();
      eval(pt, f, v -> {
        vals.add(v);
        return vals.size() > 1;
      });
      if (vals.isEmpty()) {
        sb.append("<undefined>");
      } else if (vals.size() > 1) {
        throw new RegoException(RegoError.EVAL_CONFLICT, pt.location(), "template expression produced multiple outputs");
      } else {
        Value v = vals.get(0);
        sb.append(v instanceof StringValue s ? s.value() : ValueText.rego(v));
      }
    }
    return k.accept(StringValue.of(sb.toString()));
  }

  // ---- unification ----------------------------------------------------------------------

  /** Unifies two terms, binding variables on either side. */
  boolean unify(Term a, Term b, Frame f, Next k) {
    if (isUnboundVar(a, f)) {
      return eval(b, f, v -> unifyValue(a, v, f, k));
    }
    if (isUnboundVar(b, f)) {
      return eval(a, f, v -> unifyValue(b, v, f, k));
    }
    if (a instanceof Term.ArrayTerm aa && b instanceof Term.ArrayTerm ba) {
      if (aa.elements().size() != ba.elements().size()) {
        return false;
      }
      return unifyPairs(aa.elements(), ba.elements(), 0, f, k);
    }
    if (a instanceof Term.ObjectTerm ao && b instanceof Term.ObjectTerm bo
        && hasUnboundPattern(a, f) && hasUnboundPattern(b, f)) {
      return unifyObjects(ao, bo, f, k);
    }
    if (hasUnboundPattern(a, f)) {
      return eval(b, f, v -> unifyValue(a, v, f, k));
    }
    return eval(a, f, v -> unifyValue(b, v, f, k));
  }

  /** Two object patterns: keys must match exactly; values unify pairwise. */
  private boolean unifyObjects(Term.ObjectTerm a, Term.ObjectTerm b, Frame f, Next k) {
    if (a.items().size() != b.items().size()) {
      return false;
    }
    List<Term> keysA = new ArrayList<>();
    List<Term> keysB = new ArrayList<>();
    for (Term.ObjectItem it : a.items()) {
      keysA.add(it.key());
    }
    for (Term.ObjectItem it : b.items()) {
      keysB.add(it.key());
    }
    return all(keysA, 0, new Value[keysA.size()], f, ka -> all(keysB, 0, new Value[keysB.size()], f, kb -> {
      List<Term> left = new ArrayList<>();
      List<Term> right = new ArrayList<>();
      for (int i = 0; i < ka.size(); i++) {
        int j = kb.indexOf(ka.get(i));
        if (j < 0) {
          return false;
        }
        left.add(a.items().get(i).value());
        right.add(b.items().get(j).value());
      }
      return unifyPairs(left, right, 0, f, k);
    }));
  }

  private boolean unifyPairs(List<Term> as, List<Term> bs, int i, Frame f, Next k) {
    if (i == as.size()) {
      return k.go();
    }
    return unify(as.get(i), bs.get(i), f, () -> unifyPairs(as, bs, i + 1, f, k));
  }

  /** Unifies a term (a pattern that may hold unbound variables) with a value. */
  boolean unifyValue(Term p, Value v, Frame f, Next k) {
    if (p instanceof Term.Var var && !isRoot(var.name())) {
      Value bound = f.get(var.name());
      if (bound != null) {
        return bound.equals(v) && k.go();
      }
      ev.tick();
      f.bind(var.name(), v);
      try {
        return k.go();
      } finally {
        f.unbind(var.name());
      }
    }
    if (p instanceof Term.Scalar s) {
      return s.value().equals(v) && k.go();
    }
    if (p instanceof Term.ArrayTerm a && hasUnboundPattern(p, f)) {
      if (!(v instanceof ArrayValue av) || av.size() != a.elements().size()) {
        return false;
      }
      return unifyElements(a.elements(), av, 0, f, k);
    }
    if (p instanceof Term.ObjectTerm o && hasUnboundPattern(p, f)) {
      if (!(v instanceof ObjectValue ov) || ov.size() != o.items().size()) {
        return false;
      }
      return unifyItems(o.items(), ov, 0, f, k);
    }
    return eval(p, f, pv -> pv.equals(v) && k.go());
  }

  private boolean unifyElements(List<Term> ps, ArrayValue av, int i, Frame f, Next k) {
    if (i == ps.size()) {
      return k.go();
    }
    return unifyValue(ps.get(i), av.get(i), f, () -> unifyElements(ps, av, i + 1, f, k));
  }

  private boolean unifyItems(List<Term.ObjectItem> items, ObjectValue ov, int i, Frame f, Next k) {
    if (i == items.size()) {
      return k.go();
    }
    Term.ObjectItem it = items.get(i);
    return eval(it.key(), f, key -> {
      Value child = ov.get(key);
      return child != null && unifyValue(it.value(), child, f, () -> unifyItems(items, ov, i + 1, f, k));
    });
  }

  static boolean isRoot(String name) {
    return name.equals("input") || name.equals("data");
  }

  static boolean isUnboundVar(Term t, Frame f) {
    return t instanceof Term.Var v && !isRoot(v.name()) && !f.isBound(v.name());
  }

  /** True when a pattern position (the term, array elements, object values) holds an unbound var. */
  static boolean hasUnboundPattern(Term t, Frame f) {
    if (t instanceof Term.Var) {
      return isUnboundVar(t, f);
    }
    if (t instanceof Term.ArrayTerm a) {
      for (Term e : a.elements()) {
        if (hasUnboundPattern(e, f)) {
          return true;
        }
      }
    } else if (t instanceof Term.ObjectTerm o) {
      for (Term.ObjectItem it : o.items()) {
        if (hasUnboundPattern(it.value(), f)) {
          return true;
        }
      }
    }
    return false;
  }
}
