package dev.gavel.rego.compile;

import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.StringValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the names of one rule or query: variables that name rules of the same package or
 * imports become refs from {@code data}/{@code input}; wildcards get unique names; variables
 * declared with {@code :=} or {@code some} in a nested scope that shadow an outer variable are
 * renamed so that one evaluation frame can hold them all.
 */
final class NameResolver {
  /** Names that resolve to refs: rule names of the package and import aliases. */
  private final Map<String, Term.Ref> globals;
  private final List<RegoError> errors;
  private final int[] counter;
  private final java.util.function.Predicate<String> isBuiltin;

  NameResolver(Map<String, Term.Ref> globals, List<RegoError> errors, int[] counter,
      java.util.function.Predicate<String> isBuiltin) {
    this.isBuiltin = isBuiltin;
    this.globals = globals;
    this.errors = errors;
    this.counter = counter;
  }

  /** A lexical scope: what names mean inside one body. */
  static final class Scope {
    final Scope parent;
    final Map<String, String> names = new HashMap<>();
    /** Names this scope declares somewhere (possibly after a nested scope that reuses them). */
    final Set<String> reserved = new HashSet<>();

    Scope(Scope parent) {
      this.parent = parent;
    }

    String lookup(String name) {
      for (Scope s = this; s != null; s = s.parent) {
        String n = s.names.get(name);
        if (n != null) {
          return n;
        }
      }
      return null;
    }
  }

  Scope newScope(Scope parent) {
    return new Scope(parent);
  }

  /** Declares function arguments (all their variables) in the rule's top scope. */
  void declareArgs(List<Term> args, Scope scope) {
    for (Term a : args) {
      for (String v : VarCollector.vars(a)) {
        if (!v.equals("_")) {
          scope.names.put(v, v);
        }
      }
    }
  }

  /**
   * Resolves a body in a fresh scope under {@code parent}. Variables declared in the body
   * ({@code :=}, {@code some}) and free variables that are not globals become locals of the scope.
   */
  Body resolveBody(Body body, Scope scope) {
    boolean nested = scope.parent != null;
    // Declared names (:=, some) are visible from their declaration onwards; a comprehension
    // written before `x := ...` has its own x.
    Set<String> declaredAnywhere = new HashSet<>();
    for (Expr e : body.exprs()) {
      for (Term.Var v : declarations(e)) {
        declaredAnywhere.add(v.name());
      }
    }
    scope.reserved.addAll(declaredAnywhere);
    // Free variables that are never declared become locals of this scope unless an outer scope
    // or a global knows them.
    for (Expr e : body.exprs()) {
      for (String n : VarCollector.freeVarsShallow(e, isBuiltin)) {
        if (n.equals("_") || declaredAnywhere.contains(n) || scope.lookup(n) != null || globals.containsKey(n)
            || n.equals("input") || n.equals("data")) {
          continue;
        }
        scope.names.put(n, reservedAbove(scope, n) ? n + "$" + (++counter[0]) : n);
      }
    }
    // each name declared here, and whether by `some` (OPA words a later := after it differently)
    Map<String, Boolean> declaredHere = new HashMap<>();
    List<Expr> out = new ArrayList<>();
    for (Expr e : body.exprs()) {
      for (Term.Var v : declarations(e)) {
        String n = v.name();
        if (n.equals("_") || n.startsWith("$")) {
          continue;
        }
        Boolean bySome = declaredHere.putIfAbsent(n, e.form() instanceof Expr.SomeVars);
        if (bySome != null) {
          if (isAssign(e)) {
            errors.add(new RegoError(RegoError.COMPILE, v.location(), "var " + n + (bySome ? " declared above" : " assigned above")));
          }
          continue;
        }
        if (nested && scope.parent.lookup(n) != null) {
          scope.names.put(n, n + "$" + (++counter[0]));
        } else {
          scope.names.put(n, n);
        }
      }
      out.add(resolveExpr(e, scope));
    }
    return new Body(out, body.location());
  }

  /** True when an enclosing scope declares the name later: a nested local must not capture it. */
  private static boolean reservedAbove(Scope scope, String n) {
    for (Scope s = scope.parent; s != null; s = s.parent) {
      if (s.reserved.contains(n)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAssign(Expr e) {
    return e.form() instanceof Expr.TermForm tf && tf.term() instanceof Term.Call c
        && VarCollector.operatorName(c).equals("assign");
  }

  /** Variables an expression declares: the left side of {@code :=}, {@code some} names. */
  static List<Term.Var> declarations(Expr e) {
    List<Term.Var> out = new ArrayList<>();
    if (e.form() instanceof Expr.SomeVars sv) {
      out.addAll(sv.vars());
    } else if (e.form() instanceof Expr.SomeIn si) {
      if (si.key() != null) {
        VarCollector.patternVars(si.key(), out);
      }
      VarCollector.patternVars(si.value(), out);
    } else if (isAssign(e)) {
      VarCollector.patternVars(((Term.Call) ((Expr.TermForm) e.form()).term()).args().get(0), out);
    }
    return out;
  }

  private Expr resolveExpr(Expr e, Scope scope) {
    Expr.Form f = e.form();
    Expr.Form nf;
    if (f instanceof Expr.TermForm tf) {
      nf = new Expr.TermForm(resolve(tf.term(), scope));
    } else if (f instanceof Expr.SomeVars sv) {
      List<Term.Var> vs = new ArrayList<>();
      for (Term.Var v : sv.vars()) {
        vs.add((Term.Var) resolve(v, scope));
      }
      nf = new Expr.SomeVars(vs);
    } else if (f instanceof Expr.SomeIn si) {
      nf = new Expr.SomeIn(
          si.key() == null ? null : resolve(si.key(), scope),
          resolve(si.value(), scope),
          resolve(si.collection(), scope));
    } else {
      Expr.Every ev = (Expr.Every) f;
      Term domain = resolve(ev.domain(), scope);
      Scope inner = newScope(scope);
      List<Term.Var> decl = new ArrayList<>();
      if (ev.key() != null) {
        VarCollector.patternVars(ev.key(), decl);
      }
      VarCollector.patternVars(ev.value(), decl);
      for (Term.Var v : decl) {
        if (!v.isWildcard()) {
          inner.names.put(v.name(), scope.lookup(v.name()) != null ? v.name() + "$" + (++counter[0]) : v.name());
        }
      }
      Term key = ev.key() == null ? null : resolve(ev.key(), inner);
      Term value = resolve(ev.value(), inner);
      Body body = resolveBody(ev.body(), inner);
      nf = new Expr.Every(key, value, domain, body);
    }
    List<Expr.With> withs = new ArrayList<>();
    for (Expr.With w : e.withs()) {
      Term value = VarCollector.namesFunction(w.value(), isBuiltin) && !isLocal(w.value(), scope)
          ? w.value() : resolve(w.value(), scope);
      withs.add(new Expr.With(resolveWithTarget(w.target()), value, w.location()));
    }
    return new Expr(e.location(), e.negated(), nf, withs);
  }

  private static boolean isLocal(Term t, Scope scope) {
    Term head = t instanceof Term.Ref r ? r.head() : t;
    return head instanceof Term.Var v && scope.lookup(v.name()) != null;
  }

  /** With targets name documents or functions, never locals: resolve only globals. */
  private Term.Ref resolveWithTarget(Term.Ref target) {
    if (target.head() instanceof Term.Var v) {
      Term.Ref g = globals.get(v.name());
      if (g != null) {
        return concat(g, target.path(), target.location());
      }
    }
    return target;
  }

  Term resolve(Term t, Scope scope) {
    if (t instanceof Term.Scalar) {
      return t;
    }
    if (t instanceof Term.Var v) {
      return resolveVar(v, scope);
    }
    if (t instanceof Term.Ref r) {
      Term head = r.head() instanceof Term.Var hv ? resolveVar(hv, scope) : resolve(r.head(), scope);
      List<Term> path = new ArrayList<>();
      for (Term p : r.path()) {
        path.add(resolve(p, scope));
      }
      if (head instanceof Term.Ref hr) {
        return concat(hr, path, r.location());
      }
      return new Term.Ref(head, path, r.location());
    }
    if (t instanceof Term.ArrayTerm a) {
      return new Term.ArrayTerm(resolveAll(a.elements(), scope), a.location());
    }
    if (t instanceof Term.SetTerm s) {
      return new Term.SetTerm(resolveAll(s.elements(), scope), s.location());
    }
    if (t instanceof Term.ObjectTerm o) {
      List<Term.ObjectItem> items = new ArrayList<>();
      for (Term.ObjectItem it : o.items()) {
        items.add(new Term.ObjectItem(resolve(it.key(), scope), resolve(it.value(), scope)));
      }
      return new Term.ObjectTerm(items, o.location());
    }
    if (t instanceof Term.Call c) {
      Term op = resolveOperator(c.operator(), scope);
      return new Term.Call((Term.Ref) op, resolveAll(c.args(), scope), c.location());
    }
    if (t instanceof Term.ArrayComprehension ac) {
      Scope inner = newScope(scope);
      Body b = resolveBody(ac.body(), inner);
      return new Term.ArrayComprehension(resolve(ac.head(), inner), b, ac.location());
    }
    if (t instanceof Term.SetComprehension sc) {
      Scope inner = newScope(scope);
      Body b = resolveBody(sc.body(), inner);
      return new Term.SetComprehension(resolve(sc.head(), inner), b, sc.location());
    }
    if (t instanceof Term.ObjectComprehension oc) {
      Scope inner = newScope(scope);
      Body b = resolveBody(oc.body(), inner);
      return new Term.ObjectComprehension(resolve(oc.key(), inner), resolve(oc.value(), inner), b, oc.location());
    }
    Term.TemplateString ts = (Term.TemplateString) t;
    List<Object> parts = new ArrayList<>();
    for (Object p : ts.parts()) {
      parts.add(p instanceof Term pt ? resolve(pt, scope) : p);
    }
    return new Term.TemplateString(parts, ts.location());
  }

  private List<Term> resolveAll(List<Term> ts, Scope scope) {
    List<Term> out = new ArrayList<>(ts.size());
    for (Term t : ts) {
      out.add(resolve(t, scope));
    }
    return out;
  }

  /** Function names: a global (rule of this package, import) becomes its data ref; builtins stay. */
  private Term resolveOperator(Term.Ref op, Scope scope) {
    if (op.head() instanceof Term.Var v && scope.lookup(v.name()) == null) {
      Term.Ref g = globals.get(v.name());
      if (g != null) {
        return concat(g, op.path(), op.location());
      }
    }
    return op;
  }

  private Term resolveVar(Term.Var v, Scope scope) {
    String n = v.name();
    if (n.equals("_")) {
      return new Term.Var("$_" + (++counter[0]), v.location());
    }
    String local = scope.lookup(n);
    if (local != null) {
      return local.equals(n) ? v : new Term.Var(local, v.location());
    }
    Term.Ref g = globals.get(n);
    if (g != null) {
      return new Term.Ref(g.head(), g.path(), v.location());
    }
    return v;
  }

  static Term.Ref concat(Term.Ref base, List<Term> more, Location loc) {
    List<Term> path = new ArrayList<>(base.path());
    path.addAll(more);
    return new Term.Ref(base.head(), path, loc);
  }

  /** {@code data.a.b} as a ref term. */
  static Term.Ref dataRef(List<String> segments, Location loc) {
    List<Term> path = new ArrayList<>();
    for (String s : segments) {
      path.add(new Term.Scalar(StringValue.of(s), loc));
    }
    return new Term.Ref(new Term.Var("data", loc), path, loc);
  }

  static Set<String> names(Iterable<String> it) {
    Set<String> s = new LinkedHashSet<>();
    it.forEach(s::add);
    return s;
  }
}
