package dev.gavel.rego.compile;

import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.StringValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects variable names from terms and expressions. */
public final class VarCollector {
  private VarCollector() {}

  /** Every variable in a term, not looking into comprehension bodies. */
  public static Set<String> vars(Term t) {
    Set<String> out = new LinkedHashSet<>();
    collect(t, out, false);
    return out;
  }

  /** Every variable in a term, including inside comprehensions and their bodies. */
  public static Set<String> deepVars(Term t) {
    Set<String> out = new LinkedHashSet<>();
    collect(t, out, true);
    return out;
  }

  /** Every variable of an expression, optionally including nested bodies. */
  public static Set<String> exprVars(Expr e, boolean deep) {
    Set<String> out = new LinkedHashSet<>();
    collectExpr(e, out, deep);
    return out;
  }

  /** True when a with value is a bare function name such as {@code count} or {@code time.now_ns}. */
  static boolean namesFunction(Term t, java.util.function.Predicate<String> isBuiltin) {
    if (t instanceof Term.Var v) {
      return isBuiltin.test(v.name());
    }
    if (t instanceof Term.Ref r && r.head() instanceof Term.Var) {
      for (Term p : r.path()) {
        if (!(p instanceof Term.Scalar s && s.value() instanceof StringValue)) {
          return false;
        }
      }
      return isBuiltin.test(refName(r));
    }
    return false;
  }

  /** Free variable names of an expression, not looking into nested bodies (comprehensions, every). */
  static Set<String> freeVarsShallow(Expr e, java.util.function.Predicate<String> isBuiltin) {
    Set<String> out = new LinkedHashSet<>();
    Expr.Form f = e.form();
    if (f instanceof Expr.TermForm tf) {
      collect(tf.term(), out, false);
    } else if (f instanceof Expr.SomeIn si) {
      collect(si.collection(), out, false);
    } else if (f instanceof Expr.Every ev) {
      collect(ev.domain(), out, false);
    }
    for (Expr.With w : e.withs()) {
      if (!namesFunction(w.value(), isBuiltin)) {
        collect(w.value(), out, false);
      }
    }
    return out;
  }

  private static void collectExpr(Expr e, Set<String> out, boolean deep) {
    Expr.Form f = e.form();
    if (f instanceof Expr.TermForm tf) {
      collect(tf.term(), out, deep);
    } else if (f instanceof Expr.SomeVars sv) {
      for (Term.Var v : sv.vars()) {
        out.add(v.name());
      }
    } else if (f instanceof Expr.SomeIn si) {
      if (si.key() != null) {
        collect(si.key(), out, deep);
      }
      collect(si.value(), out, deep);
      collect(si.collection(), out, deep);
    } else if (f instanceof Expr.Every ev) {
      collect(ev.domain(), out, deep);
      if (deep) {
        if (ev.key() != null) {
          collect(ev.key(), out, true);
        }
        collect(ev.value(), out, true);
        collectBody(ev.body(), out);
      }
    }
    for (Expr.With w : e.withs()) {
      collect(w.value(), out, deep);
    }
  }

  private static void collectBody(Body b, Set<String> out) {
    for (Expr e : b.exprs()) {
      collectExpr(e, out, true);
    }
  }

  private static void collect(Term t, Set<String> out, boolean deep) {
    if (t instanceof Term.Var v) {
      out.add(v.name());
    } else if (t instanceof Term.Ref r) {
      collect(r.head(), out, deep);
      for (Term p : r.path()) {
        collect(p, out, deep);
      }
    } else if (t instanceof Term.ArrayTerm a) {
      for (Term e : a.elements()) {
        collect(e, out, deep);
      }
    } else if (t instanceof Term.SetTerm s) {
      for (Term e : s.elements()) {
        collect(e, out, deep);
      }
    } else if (t instanceof Term.ObjectTerm o) {
      for (Term.ObjectItem it : o.items()) {
        collect(it.key(), out, deep);
        collect(it.value(), out, deep);
      }
    } else if (t instanceof Term.Call c) {
      for (Term a : c.args()) {
        collect(a, out, deep);
      }
    } else if (t instanceof Term.TemplateString ts) {
      for (Object p : ts.parts()) {
        if (p instanceof Term pt) {
          collect(pt, out, deep);
        }
      }
    } else if (deep) {
      if (t instanceof Term.ArrayComprehension ac) {
        collect(ac.head(), out, true);
        collectBody(ac.body(), out);
      } else if (t instanceof Term.SetComprehension sc) {
        collect(sc.head(), out, true);
        collectBody(sc.body(), out);
      } else if (t instanceof Term.ObjectComprehension oc) {
        collect(oc.key(), out, true);
        collect(oc.value(), out, true);
        collectBody(oc.body(), out);
      }
    }
  }

  /** Variables in pattern positions: the term itself, array elements, object values, recursively. */
  static void patternVars(Term t, List<Term.Var> out) {
    if (t instanceof Term.Var v) {
      out.add(v);
    } else if (t instanceof Term.ArrayTerm a) {
      for (Term e : a.elements()) {
        patternVars(e, out);
      }
    } else if (t instanceof Term.ObjectTerm o) {
      for (Term.ObjectItem it : o.items()) {
        patternVars(it.value(), out);
      }
    }
  }

  /** The dotted name of a call's operator: {@code count}, {@code strings.replace_n}, {@code data.a.f}. */
  public static String operatorName(Term.Call c) {
    return refName(c.operator());
  }

  /** Dotted text of a ref whose elements are a var head and string scalars. */
  public static String refName(Term.Ref r) {
    if (r.path().isEmpty() && r.head() instanceof Term.Var v) {
      return v.name();
    }
    StringBuilder sb = new StringBuilder();
    sb.append(r.head() instanceof Term.Var v ? v.name() : "?");
    for (Term p : r.path()) {
      if (p instanceof Term.Scalar s && s.value() instanceof StringValue sv) {
        sb.append('.').append(sv.value());
      } else {
        sb.append("[?]");
      }
    }
    return sb.toString();
  }
}
