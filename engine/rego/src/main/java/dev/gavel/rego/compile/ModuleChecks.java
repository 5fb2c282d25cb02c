package dev.gavel.rego.compile;

import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Import;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.ast.Rule;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.StringValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The checks {@code opa check} (OPA v1) makes on parsed modules beyond compiling them, with OPA's
 * wording and locations. Always: an import binding a name an earlier import binds, and variables
 * or rules named {@code input} or {@code data}. With strict mode also: unused imports, unused
 * {@code :=} assignments, unused {@code some} / {@code every} declarations and unused function
 * arguments. They work on the source AST (before name resolution) because they are about what the
 * author wrote.
 */
public final class ModuleChecks {
  private final List<RegoError> errors = new ArrayList<>();
  private final Set<String> unusedSome = new LinkedHashSet<>();

  private ModuleChecks() {}

  /**
   * What the checks found in one module.
   *
   * @param errors the errors, in source order within each check
   * @param unusedSome the names of {@code some} variables used nowhere, reported or not: OPA drops
   *     them rather than calling them unsafe, so the caller leaves out unsafe-var errors for them
   */
  public record Findings(List<RegoError> errors, Set<String> unusedSome) {
    public Findings {
      errors = List.copyOf(errors);
      unusedSome = Set.copyOf(unusedSome);
    }
  }

  /** The findings of {@code module}. */
  public static Findings check(Module module, boolean strict) {
    Objects.requireNonNull(module, "module");
    ModuleChecks c = new ModuleChecks();
    if (c.argumentShadowing(module)) {
      // OPA checks arguments in a stage before the others and stops there
      return new Findings(c.errors, c.unusedSome);
    }
    c.imports(module, strict);
    for (Rule r : module.rules()) {
      c.rootShadowing(r);
      if (strict) {
        c.unusedArguments(r);
      }
      for (Rule x = r; x != null; x = x.elseRule()) {
        c.body(x.body(), head(x), strict);
        for (Term t : head(x)) {
          shallowVars(t, v -> {}, (nested, h) -> c.body(nested, h, strict));
        }
      }
    }
    return new Findings(c.errors, c.unusedSome);
  }

  private void add(Location at, String message) {
    errors.add(new RegoError(RegoError.COMPILE, at, message));
  }

  // ---- imports

  private void imports(Module m, boolean strict) {
    List<Import> bound = new ArrayList<>();
    for (Import imp : m.imports()) {
      String name = bindingName(imp);
      if (name == null) {
        continue;
      }
      for (Import earlier : bound) {
        if (name.equals(bindingName(earlier))) {
          add(imp.location(), "import must not shadow " + show(earlier));
          break;
        }
      }
      bound.add(imp);
      if (strict && !usedOutsideLocals(m, name)) {
        add(imp.location(), show(imp) + " unused");
      }
    }
  }

  /** The name an import binds, or null for rego.v1 and future.keywords imports, which bind none. */
  private static String bindingName(Import imp) {
    if (!(imp.path().head() instanceof Term.Var head)) {
      return null;
    }
    if (head.name().equals("future") || head.name().equals("rego")) {
      return null;
    }
    if (imp.alias() != null) {
      return imp.alias();
    }
    List<Term> path = imp.path().path();
    if (path.isEmpty()) {
      return head.name();
    }
    return path.get(path.size() - 1) instanceof Term.Scalar s && s.value() instanceof StringValue str
        ? str.value() : null;
  }

  /** {@code import data.a["b-c"] as x}, as OPA prints an import. */
  private static String show(Import imp) {
    StringBuilder b = new StringBuilder("import ").append(((Term.Var) imp.path().head()).name());
    for (Term p : imp.path().path()) {
      if (p instanceof Term.Scalar s && s.value() instanceof StringValue str && str.value().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        b.append('.').append(str.value());
      } else if (p instanceof Term.Scalar s && s.value() instanceof StringValue str) {
        b.append("[\"").append(str.value().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
      } else {
        b.append('[').append(p).append(']');
      }
    }
    if (imp.alias() != null) {
      b.append(" as ").append(imp.alias());
    }
    return b.toString();
  }

  /** Whether a rule refers to {@code name} without declaring a local of that name (which would hide the import). */
  private static boolean usedOutsideLocals(Module m, String name) {
    for (Rule r : m.rules()) {
      Set<String> locals = new LinkedHashSet<>();
      List<String> mentioned = new ArrayList<>();
      for (Rule x = r; x != null; x = x.elseRule()) {
        if (x.args() != null) {
          x.args().forEach(a -> vars(a, v -> locals.add(v.name())));
        }
        declaredAnywhere(x.body(), locals);
        head(x).forEach(t -> vars(t, v -> mentioned.add(v.name())));
        vars(x.ref(), v -> mentioned.add(v.name()));
        bodyVars(x.body(), v -> mentioned.add(v.name()));
      }
      if (mentioned.contains(name) && !locals.contains(name)) {
        return true;
      }
    }
    return false;
  }

  // ---- input / data shadowing

  private void rootShadowing(Rule r) {
    if (r.ref().head() instanceof Term.Var v && isRoot(v.name())) {
      add(r.location(), "rules must not shadow " + v.name() + " (use a different rule name)");
    }
    for (Rule x = r; x != null; x = x.elseRule()) {
      walkExprs(x.body(), e -> {
        for (Term.Var v : declaredBy(e)) {
          if (isRoot(v.name())) {
            add(e.location(), "variables must not shadow " + v.name() + " (use a different variable name)");
          }
        }
      });
    }
  }

  /** Function arguments named input or data; true when there are any. */
  boolean argumentShadowing(Module m) {
    for (Rule r : m.rules()) {
      if (r.isFunction()) {
        for (Term a : r.args()) {
          patternVars(a, v -> {
            if (isRoot(v.name())) {
              add(r.location(), "args must not shadow " + v.name() + " (use a different variable name)");
            }
          });
        }
      }
    }
    return !errors.isEmpty();
  }

  /**
   * Whether a module set's errors include argument shadowing, which OPA reports alone (its
   * compiler stops at that stage).
   */
  public static boolean stopsEarly(RegoError e) {
    return e.message().startsWith("args must not shadow ");
  }

  private static boolean isRoot(String name) {
    return name.equals("input") || name.equals("data");
  }

  // ---- strict: unused locals and arguments

  private void unusedArguments(Rule r) {
    if (!r.isFunction()) {
      return;
    }
    List<String> used = new ArrayList<>();
    for (Rule x = r; x != null; x = x.elseRule()) {
      head(x).forEach(t -> vars(t, v -> used.add(v.name())));
      bodyVars(x.body(), v -> used.add(v.name()));
    }
    for (Term a : r.args()) {
      vars(a, v -> {
        if (isNamed(v) && !used.contains(v.name())) {
          add(r.ref().location(), "unused argument " + v.name() + ". (hint: use _ (wildcard variable) instead)");
        }
      });
    }
  }

  /**
   * Checks one body (and the bodies nested in it) whose enclosing head is {@code head}: in strict
   * mode every {@code :=} variable must be used somewhere else in its scope, and, when none is
   * unused, every {@code some} variable too (OPA reports the latter only for bodies without the
   * former); {@code every} variables must be used in the every's body.
   */
  private void body(Body b, List<Term> head, boolean strict) {
    int before = errors.size();
    List<Runnable> declared = new ArrayList<>();
    for (int i = 0; i < b.exprs().size(); i++) {
      Expr e = b.exprs().get(i);
      if (strict && e.form() instanceof Expr.TermForm tf && isAssign(tf.term())) {
        for (Term.Var v : declaredBy(e)) {
          if (isNamed(v) && !usedElsewhere(b, i, head, v.name())) {
            add(e.location(), "assigned var " + v.name() + " unused");
          }
        }
      } else if (e.form() instanceof Expr.SomeVars sv) {
        int at = i;
        for (Term.Var v : sv.vars()) {
          // `some _` declares nothing anyone can use: OPA reports it as unused
          if (v.isWildcard() || isNamed(v)) {
            if (v.isWildcard() || !usedElsewhere(b, at, head, v.name())) {
              unusedSome.add(v.name());
              declared.add(() -> add(e.location(), "declared var " + v.name() + " unused"));
            }
          }
        }
      } else if (e.form() instanceof Expr.Every ev) {
        Location at = ev.body().exprs().isEmpty() ? ev.body().location() : ev.body().exprs().get(0).location();
        for (Term k : new Term[] {ev.key(), ev.value()}) {
          if (k instanceof Term.Var v && isNamed(v) && !usedIn(ev.body(), -1, List.of(), v.name())) {
            add(at, "declared var " + v.name() + " unused");
          }
        }
      }
    }
    if (errors.size() == before) {
      declared.forEach(Runnable::run);
    }
    for (Expr e : b.exprs()) {
      nestedBodies(e, (nested, h) -> body(nested, h, strict));
    }
  }

  private static boolean usedElsewhere(Body b, int declaring, List<Term> head, String name) {
    return usedIn(b, declaring, head, name);
  }

  /** Whether {@code name} occurs in {@code b} outside expression {@code skip}, or in {@code head}, in this scope. */
  private static boolean usedIn(Body b, int skip, List<Term> head, String name) {
    for (Term t : head) {
      if (mentions(t, name)) {
        return true;
      }
    }
    for (int i = 0; i < b.exprs().size(); i++) {
      if (i != skip && mentions(b.exprs().get(i), name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentions(Expr e, String name) {
    boolean[] found = {false};
    if (e.form() instanceof Expr.Every ev && (declares(ev.key(), name) || declares(ev.value(), name))) {
      // the every's own variable hides the outer one in its body: only the domain can use it
      return mentions(ev.domain(), name) || e.withs().stream().anyMatch(w -> mentions(w.value(), name));
    }
    exprTerms(e, t -> found[0] |= mentions(t, name), (nested, nestedHead) -> {
      Set<String> inner = new LinkedHashSet<>();
      declaredAnywhere(nested, inner);
      if (!inner.contains(name) && usedIn(nested, -1, nestedHead, name)) {
        found[0] = true;
      }
    });
    return found[0];
  }

  /** Whether a term mentions {@code name} outside nested bodies (which {@link #mentions(Expr, String)} scopes). */
  private static boolean mentions(Term t, String name) {
    boolean[] found = {false};
    shallowVars(t, v -> found[0] |= v.name().equals(name), (nested, nestedHead) -> {
      Set<String> inner = new LinkedHashSet<>();
      declaredAnywhere(nested, inner);
      if (!inner.contains(name) && usedIn(nested, -1, nestedHead, name)) {
        found[0] = true;
      }
    });
    return found[0];
  }

  private static boolean declares(Term t, String name) {
    boolean[] found = {false};
    if (t != null) {
      vars(t, v -> found[0] |= v.name().equals(name));
    }
    return found[0];
  }

  private static boolean isAssign(Term t) {
    return t instanceof Term.Call c && c.operator().head() instanceof Term.Var op && op.name().equals("assign")
        && c.operator().path().isEmpty();
  }

  private static boolean isNamed(Term.Var v) {
    return !v.isWildcard() && !v.name().startsWith("$");
  }

  /** The variables an expression declares: the left side of {@code :=}, {@code some} names. */
  private static List<Term.Var> declaredBy(Expr e) {
    List<Term.Var> out = new ArrayList<>();
    if (e.form() instanceof Expr.TermForm tf && isAssign(tf.term())) {
      vars(((Term.Call) tf.term()).args().get(0), out::add);
    } else if (e.form() instanceof Expr.SomeVars sv) {
      out.addAll(sv.vars());
    } else if (e.form() instanceof Expr.SomeIn si) {
      if (si.key() != null) {
        vars(si.key(), out::add);
      }
      vars(si.value(), out::add);
    }
    return out;
  }

  /** Every name declared in {@code b} or in the bodies nested in it. */
  private static void declaredAnywhere(Body b, Set<String> into) {
    walkExprs(b, e -> {
      declaredBy(e).forEach(v -> into.add(v.name()));
      if (e.form() instanceof Expr.Every ev) {
        if (ev.key() != null) {
          vars(ev.key(), v -> into.add(v.name()));
        }
        vars(ev.value(), v -> into.add(v.name()));
      }
    });
  }

  /** The terms of a rule's head other than its name: the ref's path, key and value. */
  private static List<Term> head(Rule r) {
    List<Term> out = new ArrayList<>(r.ref().path());
    if (r.key() != null) {
      out.add(r.key());
    }
    if (r.value() != null) {
      out.add(r.value());
    }
    return out;
  }

  // ---- walking

  private interface NestedBody {
    void accept(Body body, List<Term> head);
  }

  /** Calls {@code visit} on every expression of {@code b} and of the bodies nested in it. */
  private static void walkExprs(Body b, Consumer<Expr> visit) {
    for (Expr e : b.exprs()) {
      visit.accept(e);
      nestedBodies(e, (nested, h) -> walkExprs(nested, visit));
    }
  }

  private static void nestedBodies(Expr e, NestedBody visit) {
    exprTerms(e, t -> shallowVars(t, v -> {}, visit), visit);
  }

  /** The top-level terms of an expression (to {@code terms}) and its every-body (to {@code nested}). */
  private static void exprTerms(Expr e, Consumer<Term> terms, NestedBody nested) {
    Expr.Form f = e.form();
    if (f instanceof Expr.TermForm tf) {
      terms.accept(tf.term());
    } else if (f instanceof Expr.SomeVars sv) {
      sv.vars().forEach(terms);
    } else if (f instanceof Expr.SomeIn si) {
      if (si.key() != null) {
        terms.accept(si.key());
      }
      terms.accept(si.value());
      terms.accept(si.collection());
    } else if (f instanceof Expr.Every ev) {
      terms.accept(ev.domain());
      nested.accept(ev.body(), List.of());
    }
    for (Expr.With w : e.withs()) {
      terms.accept(w.target());
      terms.accept(w.value());
    }
  }

  /** Every variable of a term, comprehension bodies and heads included. */
  private static void vars(Term t, Consumer<Term.Var> visit) {
    shallowVars(t, visit, (nested, h) -> {
      h.forEach(x -> vars(x, visit));
      bodyVars(nested, visit);
    });
  }

  private static void bodyVars(Body b, Consumer<Term.Var> visit) {
    for (Expr e : b.exprs()) {
      exprTerms(e, t -> vars(t, visit), (nested, h) -> bodyVars(nested, visit));
      if (e.form() instanceof Expr.Every ev) {
        if (ev.key() != null) {
          vars(ev.key(), visit);
        }
        vars(ev.value(), visit);
      }
    }
  }

  /**
   * The variables an argument pattern binds: itself, or those in its array, object and set
   * elements (a ref such as {@code input.x} in a pattern reads input, it binds nothing).
   */
  private static void patternVars(Term t, Consumer<Term.Var> visit) {
    if (t instanceof Term.Var v) {
      visit.accept(v);
    } else if (t instanceof Term.ArrayTerm a) {
      a.elements().forEach(x -> patternVars(x, visit));
    } else if (t instanceof Term.SetTerm s) {
      s.elements().forEach(x -> patternVars(x, visit));
    } else if (t instanceof Term.ObjectTerm o) {
      o.items().forEach(it -> patternVars(it.value(), visit));
    }
  }

  /** The variables of a term outside comprehensions; each comprehension's body and head go to {@code nested}. */
  private static void shallowVars(Term t, Consumer<Term.Var> visit, NestedBody nested) {
    if (t instanceof Term.Var v) {
      visit.accept(v);
    } else if (t instanceof Term.Ref r) {
      shallowVars(r.head(), visit, nested);
      r.path().forEach(p -> shallowVars(p, visit, nested));
    } else if (t instanceof Term.ArrayTerm a) {
      a.elements().forEach(x -> shallowVars(x, visit, nested));
    } else if (t instanceof Term.SetTerm s) {
      s.elements().forEach(x -> shallowVars(x, visit, nested));
    } else if (t instanceof Term.ObjectTerm o) {
      for (Term.ObjectItem it : o.items()) {
        shallowVars(it.key(), visit, nested);
        shallowVars(it.value(), visit, nested);
      }
    } else if (t instanceof Term.Call c) {
      shallowVars(c.operator(), visit, nested);
      c.args().forEach(x -> shallowVars(x, visit, nested));
    } else if (t instanceof Term.ArrayComprehension ac) {
      nested.accept(ac.body(), List.of(ac.head()));
    } else if (t instanceof Term.SetComprehension sc) {
      nested.accept(sc.body(), List.of(sc.head()));
    } else if (t instanceof Term.ObjectComprehension oc) {
      nested.accept(oc.body(), List.of(oc.key(), oc.value()));
    } else if (t instanceof Term.TemplateString ts) {
      for (Object p : ts.parts()) {
        if (p instanceof Term pt) {
          shallowVars(pt, visit, nested);
        }
      }
    }
  }
}
