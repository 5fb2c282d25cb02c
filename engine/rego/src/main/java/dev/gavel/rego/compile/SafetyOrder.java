package dev.gavel.rego.compile;

import dev.gavel.rego.RegoError;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Orders the expressions of a body so that every variable is bound before an expression needs it
 * (Rego lets authors write {@code x > 1; x = 2}), and reports variables that nothing can bind as
 * {@code rego_unsafe_var_error}. Nested bodies (comprehensions, every) are ordered too.
 */
final class SafetyOrder {
  /** Number of declared operands of a function or builtin, or -1 when unknown. */
  private final ToIntFunction<String> arity;
  private final List<RegoError> errors;

  SafetyOrder(ToIntFunction<String> arity, List<RegoError> errors) {
    this(arity, errors, name -> false);
  }

  private final java.util.function.Predicate<String> isBuiltin;

  SafetyOrder(ToIntFunction<String> arity, List<RegoError> errors, java.util.function.Predicate<String> isBuiltin) {
    this.isBuiltin = isBuiltin;
    this.arity = arity;
    this.errors = errors;
  }

  /**
   * Orders {@code body} given the variables already bound; on return {@code bound} also holds
   * what the body binds. {@code outer} are the variables of enclosing scopes.
   */
  Body order(Body body, Set<String> bound, Set<String> outer) {
    Set<String> scopeVars = new HashSet<>(outer);
    for (Expr e : body.exprs()) {
      scopeVars.addAll(VarCollector.exprVars(e, false));
    }
    List<Expr> remaining = new ArrayList<>(body.exprs());
    List<Expr> ordered = new ArrayList<>();
    Set<String> declared = new LinkedHashSet<>();
    Set<String> unsafe = Set.of();
    while (!remaining.isEmpty()) {
      int pick = -1;
      for (int i = 0; i < remaining.size(); i++) {
        if (ready(remaining.get(i), bound, scopeVars)) {
          pick = i;
          break;
        }
      }
      if (pick < 0) {
        unsafe = reportUnsafe(remaining, bound, scopeVars);
        ordered.addAll(remaining);
        break;
      }
      Expr e = remaining.remove(pick);
      if (e.form() instanceof Expr.SomeVars sv) {
        for (Term.Var v : sv.vars()) {
          declared.add(v.name());
        }
      }
      Expr rewritten = orderNested(e, bound, scopeVars);
      bound.addAll(outputs(e, bound, scopeVars));
      ordered.add(rewritten);
    }
    for (String d : declared) {
      // a declared var already reported unsafe where it is used is not reported again
      if (!bound.contains(d) && !unsafe.contains(d)) {
        errors.add(new RegoError(RegoError.UNSAFE_VAR, body.location(), "var " + display(d) + " is unsafe"));
      }
    }
    return new Body(ordered, body.location());
  }

  /** Reports the vars the remaining expressions need but nothing binds; returns their names. */
  private Set<String> reportUnsafe(List<Expr> remaining, Set<String> bound, Set<String> scopeVars) {
    Set<String> reported = new HashSet<>();
    for (Expr e : remaining) {
      Set<String> need = new LinkedHashSet<>(inputs(e, scopeVars));
      need.addAll(unboundPatternVars(e, bound, scopeVars));
      for (String v : need) {
        if (!bound.contains(v) && reported.add(v)) {
          errors.add(new RegoError(RegoError.UNSAFE_VAR, e.location(), "var " + display(v) + " is unsafe"));
        }
      }
    }
    return reported;
  }

  static String display(String var) {
    if (var.startsWith("$_")) {
      return "_";
    }
    int i = var.indexOf('$');
    return i > 0 ? var.substring(0, i) : var;
  }

  private boolean ready(Expr e, Set<String> bound, Set<String> scopeVars) {
    if (!bound.containsAll(inputs(e, scopeVars))) {
      return false;
    }
    return unboundPatternVars(e, bound, scopeVars).isEmpty();
  }

  /** For unifications: pattern variables that neither side can bind. */
  private Set<String> unboundPatternVars(Expr e, Set<String> bound, Set<String> scopeVars) {
    if (e.negated() || !(e.form() instanceof Expr.TermForm tf) || !(tf.term() instanceof Term.Call c)) {
      return Set.of();
    }
    String op = VarCollector.operatorName(c);
    if (!(op.equals("eq") || op.equals("assign")) || c.args().size() != 2) {
      return Set.of();
    }
    Set<String> refOut = new HashSet<>(bound);
    Set<String> in = new HashSet<>();
    classify(c.args().get(0), false, in, refOut, scopeVars);
    classify(c.args().get(1), false, in, refOut, scopeVars);
    Set<String> missing = new LinkedHashSet<>();
    unifiable(c.args().get(0), c.args().get(1), refOut, missing);
    return missing;
  }

  private static void unifiable(Term l, Term r, Set<String> bound, Set<String> missing) {
    Set<String> lu = unboundPattern(l, bound);
    Set<String> ru = unboundPattern(r, bound);
    if (lu.isEmpty() || ru.isEmpty()) {
      return;
    }
    if (l instanceof Term.ArrayTerm la && r instanceof Term.ArrayTerm ra && la.elements().size() == ra.elements().size()) {
      for (int i = 0; i < la.elements().size(); i++) {
        unifiable(la.elements().get(i), ra.elements().get(i), bound, missing);
      }
      return;
    }
    if (l instanceof Term.ObjectTerm lo && r instanceof Term.ObjectTerm ro && lo.items().size() == ro.items().size()) {
      for (Term.ObjectItem li : lo.items()) {
        Term.ObjectItem match = null;
        for (Term.ObjectItem ri : ro.items()) {
          if (ri.key().equals(li.key()) || (ri.key() instanceof Term.Scalar rs && li.key() instanceof Term.Scalar ls
              && rs.value().equals(ls.value()))) {
            match = ri;
          }
        }
        if (match == null) {
          missing.addAll(lu);
          missing.addAll(ru);
          return;
        }
        unifiable(li.value(), match.value(), bound, missing);
      }
      return;
    }
    missing.addAll(lu);
    missing.addAll(ru);
  }

  private static Set<String> unboundPattern(Term t, Set<String> bound) {
    List<Term.Var> vs = new ArrayList<>();
    VarCollector.patternVars(t, vs);
    Set<String> out = new LinkedHashSet<>();
    for (Term.Var v : vs) {
      if (!bound.contains(v.name()) && !isRoot(v.name())) {
        out.add(v.name());
      }
    }
    return out;
  }

  private static boolean isRoot(String n) {
    return n.equals("input") || n.equals("data");
  }

  /** Variables that must be bound before the expression runs. */
  Set<String> inputs(Expr e, Set<String> scopeVars) {
    Set<String> in = new LinkedHashSet<>();
    Set<String> out = new HashSet<>();
    for (Expr.With w : e.withs()) {
      if (!VarCollector.namesFunction(w.value(), isBuiltin)) {
        classify(w.value(), false, in, out, scopeVars);
      }
    }
    if (e.negated()) {
      for (String v : VarCollector.exprVars(e, true)) {
        if (scopeVars.contains(v) && !v.startsWith("$_") && !isRoot(v)) {
          in.add(v);
        }
      }
      return in;
    }
    Expr.Form f = e.form();
    if (f instanceof Expr.TermForm tf) {
      Term t = tf.term();
      if (t instanceof Term.Call c) {
        String op = VarCollector.operatorName(c);
        if (op.equals("eq") || op.equals("assign")) {
          for (Term a : c.args()) {
            classify(a, true, in, out, scopeVars);
          }
        } else {
          int n = arity.applyAsInt(op);
          for (int i = 0; i < c.args().size(); i++) {
            classify(c.args().get(i), n >= 0 && i >= n, in, out, scopeVars);
          }
          // Arguments that enumerate (refs with variables) run first and bind for the others.
          in.removeAll(out);
        }
      } else {
        classify(t, false, in, out, scopeVars);
      }
    } else if (f instanceof Expr.SomeIn si) {
      classify(si.collection(), false, in, out, scopeVars);
      if (si.key() != null) {
        classify(si.key(), true, in, out, scopeVars);
      }
      classify(si.value(), true, in, out, scopeVars);
    } else if (f instanceof Expr.Every ev) {
      classify(ev.domain(), false, in, out, scopeVars);
      Set<String> local = new HashSet<>();
      if (ev.key() != null) {
        local.addAll(VarCollector.vars(ev.key()));
      }
      local.addAll(VarCollector.vars(ev.value()));
      for (Expr be : ev.body().exprs()) {
        for (String v : VarCollector.exprVars(be, true)) {
          if (scopeVars.contains(v) && !local.contains(v) && !isRoot(v)) {
            in.add(v);
          }
        }
      }
    }
    return in;
  }

  /** Variables the expression binds when it succeeds. */
  private Set<String> outputs(Expr e, Set<String> bound, Set<String> scopeVars) {
    Set<String> out = new LinkedHashSet<>();
    if (e.negated()) {
      return out;
    }
    Set<String> in = new HashSet<>();
    Expr.Form f = e.form();
    if (f instanceof Expr.TermForm tf) {
      Term t = tf.term();
      if (t instanceof Term.Call c) {
        String op = VarCollector.operatorName(c);
        boolean unify = op.equals("eq") || op.equals("assign");
        int n = unify ? -1 : arity.applyAsInt(op);
        for (int i = 0; i < c.args().size(); i++) {
          classify(c.args().get(i), unify || (n >= 0 && i >= n), in, out, scopeVars);
        }
      } else {
        classify(t, false, in, out, scopeVars);
      }
    } else if (f instanceof Expr.SomeIn si) {
      classify(si.collection(), false, in, out, scopeVars);
      if (si.key() != null) {
        classify(si.key(), true, in, out, scopeVars);
      }
      classify(si.value(), true, in, out, scopeVars);
    }
    return out;
  }

  /**
   * Sorts the variables of a term into those it needs ({@code in}) and those it can bind
   * ({@code out}): pattern positions and ref elements that enumerate.
   */
  private void classify(Term t, boolean pattern, Set<String> in, Set<String> out, Set<String> scopeVars) {
    if (t instanceof Term.Var v) {
      if (isRoot(v.name())) {
        return;
      }
      (pattern ? out : in).add(v.name());
    } else if (t instanceof Term.Ref r) {
      if (r.head() instanceof Term.Var hv) {
        if (!isRoot(hv.name())) {
          in.add(hv.name());
        }
      } else {
        classify(r.head(), false, in, out, scopeVars);
      }
      for (Term p : r.path()) {
        if (p instanceof Term.Var pv) {
          out.add(pv.name());
        } else if (p instanceof Term.ArrayTerm || p instanceof Term.ObjectTerm) {
          // A composite key is a pattern matched against the collection's keys.
          classify(p, true, in, out, scopeVars);
        } else if (!(p instanceof Term.Scalar)) {
          classify(p, false, in, out, scopeVars);
        }
      }
    } else if (t instanceof Term.ArrayTerm a) {
      for (Term e : a.elements()) {
        classify(e, pattern, in, out, scopeVars);
      }
    } else if (t instanceof Term.ObjectTerm o) {
      for (Term.ObjectItem it : o.items()) {
        classify(it.key(), false, in, out, scopeVars);
        classify(it.value(), pattern, in, out, scopeVars);
      }
    } else if (t instanceof Term.SetTerm s) {
      for (Term e : s.elements()) {
        classify(e, false, in, out, scopeVars);
      }
    } else if (t instanceof Term.Call c) {
      for (Term a : c.args()) {
        classify(a, false, in, out, scopeVars);
      }
    } else if (t instanceof Term.TemplateString ts) {
      for (Object p : ts.parts()) {
        if (p instanceof Term pt) {
          classify(pt, false, in, out, scopeVars);
        }
      }
    } else if (!(t instanceof Term.Scalar)) {
      for (String v : VarCollector.deepVars(t)) {
        if (scopeVars.contains(v) && !isRoot(v)) {
          in.add(v);
        }
      }
    }
  }

  /** Orders the bodies nested in an expression (comprehensions, every). */
  private Expr orderNested(Expr e, Set<String> bound, Set<String> scopeVars) {
    Expr.Form f = e.form();
    Expr.Form nf;
    if (f instanceof Expr.TermForm tf) {
      nf = new Expr.TermForm(nested(tf.term(), bound, scopeVars));
    } else if (f instanceof Expr.SomeIn si) {
      nf = new Expr.SomeIn(si.key(), si.value(), nested(si.collection(), bound, scopeVars));
    } else if (f instanceof Expr.Every ev) {
      Set<String> b = new HashSet<>(bound);
      if (ev.key() != null) {
        b.addAll(VarCollector.vars(ev.key()));
      }
      b.addAll(VarCollector.vars(ev.value()));
      nf = new Expr.Every(ev.key(), ev.value(), nested(ev.domain(), bound, scopeVars), order(ev.body(), b, scopeVars));
    } else {
      nf = f;
    }
    List<Expr.With> withs = new ArrayList<>();
    for (Expr.With w : e.withs()) {
      withs.add(new Expr.With(w.target(), nested(w.value(), bound, scopeVars), w.location()));
    }
    return new Expr(e.location(), e.negated(), nf, withs);
  }

  private Term nested(Term t, Set<String> bound, Set<String> scopeVars) {
    if (t instanceof Term.ArrayComprehension ac) {
      Set<String> b = new HashSet<>(bound);
      Body body = order(ac.body(), b, scopeVars);
      checkHead(ac.head(), b, ac);
      return new Term.ArrayComprehension(nested(ac.head(), b, scopeVars), body, ac.location());
    }
    if (t instanceof Term.SetComprehension sc) {
      Set<String> b = new HashSet<>(bound);
      Body body = order(sc.body(), b, scopeVars);
      checkHead(sc.head(), b, sc);
      return new Term.SetComprehension(nested(sc.head(), b, scopeVars), body, sc.location());
    }
    if (t instanceof Term.ObjectComprehension oc) {
      Set<String> b = new HashSet<>(bound);
      Body body = order(oc.body(), b, scopeVars);
      checkHead(oc.key(), b, oc);
      checkHead(oc.value(), b, oc);
      return new Term.ObjectComprehension(nested(oc.key(), b, scopeVars), nested(oc.value(), b, scopeVars), body, oc.location());
    }
    if (t instanceof Term.Ref r) {
      List<Term> path = new ArrayList<>();
      for (Term p : r.path()) {
        path.add(nested(p, bound, scopeVars));
      }
      return new Term.Ref(nested(r.head(), bound, scopeVars), path, r.location());
    }
    if (t instanceof Term.ArrayTerm a) {
      return new Term.ArrayTerm(nestedAll(a.elements(), bound, scopeVars), a.location());
    }
    if (t instanceof Term.SetTerm s) {
      return new Term.SetTerm(nestedAll(s.elements(), bound, scopeVars), s.location());
    }
    if (t instanceof Term.ObjectTerm o) {
      List<Term.ObjectItem> items = new ArrayList<>();
      for (Term.ObjectItem it : o.items()) {
        items.add(new Term.ObjectItem(nested(it.key(), bound, scopeVars), nested(it.value(), bound, scopeVars)));
      }
      return new Term.ObjectTerm(items, o.location());
    }
    if (t instanceof Term.Call c) {
      return new Term.Call(c.operator(), nestedAll(c.args(), bound, scopeVars), c.location());
    }
    if (t instanceof Term.TemplateString ts) {
      List<Object> parts = new ArrayList<>();
      for (Object p : ts.parts()) {
        parts.add(p instanceof Term pt ? nested(pt, bound, scopeVars) : p);
      }
      return new Term.TemplateString(parts, ts.location());
    }
    return t;
  }

  /** Variables a head term needs bound (ref elements that enumerate are not needed). */
  Set<String> headInputs(Term t, Set<String> scopeVars) {
    Set<String> in = new LinkedHashSet<>();
    classify(t, false, in, new HashSet<>(), scopeVars);
    return in;
  }

  /** Orders the bodies nested in a head term, given what the rule body binds. */
  Term orderTerm(Term t, Set<String> bound) {
    return nested(t, bound, bound);
  }

  private List<Term> nestedAll(List<Term> ts, Set<String> bound, Set<String> scopeVars) {
    List<Term> out = new ArrayList<>(ts.size());
    for (Term t : ts) {
      out.add(nested(t, bound, scopeVars));
    }
    return out;
  }

  private void checkHead(Term head, Set<String> bound, Term where) {
    for (String v : VarCollector.vars(head)) {
      if (!bound.contains(v) && !isRoot(v)) {
        errors.add(new RegoError(RegoError.UNSAFE_VAR, where.location(), "var " + display(v) + " is unsafe"));
      }
    }
  }
}
