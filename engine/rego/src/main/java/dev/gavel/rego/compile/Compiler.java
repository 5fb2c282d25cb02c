package dev.gavel.rego.compile;

import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Import;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.ast.Rule;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.builtins.BuiltinRegistry;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles parsed modules into a {@link CompiledPolicy}: resolves names, orders bodies for safety,
 * builds the rule tree, and checks conflicts, calls and recursion. Errors are collected and thrown
 * together, each with its location.
 */
public final class Compiler {
  private final BuiltinRegistry builtins;
  private final List<RegoError> errors = new ArrayList<>();
  private final int[] counter = {0};
  private final RuleNode root = new RuleNode(List.of());
  /** Function arity by dotted data path ({@code data.a.f}), from the raw rules. */
  private final Map<String, Integer> functionArity = new HashMap<>();

  private Compiler(BuiltinRegistry builtins) {
    this.builtins = builtins;
  }

  /** Compiles modules; throws RegoException with every error found. */
  public static CompiledPolicy compile(List<Module> modules, BuiltinRegistry builtins) {
    Compiler c = new Compiler(builtins);
    CompiledPolicy p = c.run(modules);
    if (!c.errors.isEmpty()) {
      throw new RegoException(sortErrors(c.errors, modules));
    }
    return p;
  }

  /** Compiles a query against a compiled policy: names resolved, expressions ordered. */
  public static Body compileQuery(Body query, CompiledPolicy policy) {
    Compiler c = new Compiler(policy.builtins());
    c.collectArities(policy.root());
    NameResolver resolver = new NameResolver(Map.of(), c.errors, c.counter, c::isBuiltin);
    Body resolved = resolver.resolveBody(query, resolver.newScope(null));
    CallChecker checker = new CallChecker(policy.builtins(), c.functionArity, c.errors);
    checker.checkBody(resolved);
    Body ordered = new SafetyOrder(c::arityOf, c.errors, c::isBuiltin).order(resolved, new HashSet<>(), Set.of());
    if (!c.errors.isEmpty()) {
      throw new RegoException(sortErrors(c.errors, List.of()));
    }
    return ordered;
  }

  private static List<RegoError> sortErrors(List<RegoError> errors, List<Module> modules) {
    Map<String, String[]> lines = new HashMap<>();
    for (Module m : modules) {
      lines.put(m.file(), m.source() == null ? new String[0] : m.source().split("\n", -1));
    }
    List<RegoError> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (RegoError e : errors) {
      if (!seen.add(e.headline())) {
        continue;
      }
      String[] src = lines.get(e.location().file());
      String line = e.sourceLine();
      if (line == null && src != null && e.location().line() > 0 && e.location().line() <= src.length) {
        line = src[e.location().line() - 1];
      }
      out.add(new RegoError(e.code(), e.location(), e.message(), line));
    }
    return out;
  }

  private void collectArities(RuleNode n) {
    for (CompiledRule r : n.rules()) {
      if (r.kind() == RuleKind.FUNCTION) {
        functionArity.put(r.pathName(), r.args().size());
      }
    }
    for (CompiledRule r : n.defaults()) {
      if (r.kind() == RuleKind.FUNCTION) {
        functionArity.put(r.pathName(), r.args().size());
      }
    }
    for (RuleNode c : n.children().values()) {
      collectArities(c);
    }
  }

  boolean isBuiltin(String name) {
    return builtins.lookup(name) != null;
  }

  int arityOf(String op) {
    Integer a = functionArity.get(op);
    if (a != null) {
      return a;
    }
    if (op.equals("print")) {
      return -1;
    }
    BuiltinRegistry.Builtin b = builtins.lookup(op);
    return b == null ? -1 : b.decl().arity();
  }

  private CompiledPolicy run(List<Module> modules) {
    // Pass 1: names visible in each package, and function arities.
    Map<String, Set<String>> ruleNamesByPackage = new HashMap<>();
    for (Module m : modules) {
      List<String> pkg = packageSegments(m);
      Set<String> names = ruleNamesByPackage.computeIfAbsent(String.join("\u0000", pkg), k -> new HashSet<>());
      for (Rule r : m.rules()) {
        names.add(((Term.Var) r.ref().head()).name());
        if (r.isFunction()) {
          List<String> full = new ArrayList<>(pkg);
          List<Value> ground = groundPrefix(r.ref());
          for (Value v : ground) {
            full.add(((StringValue) v).value());
          }
          functionArity.put("data." + String.join(".", full), r.args().size());
        }
      }
      RuleNode n = root;
      for (String s : pkg) {
        n = n.childOrCreate(StringValue.of(s));
      }
      n.markPackage();
    }
    MetadataCalls metadata = new MetadataCalls(modules, errors);
    // Pass 2: resolve, order and place every rule.
    for (Module m : modules) {
      List<String> pkg = packageSegments(m);
      Map<String, Term.Ref> globals = new LinkedHashMap<>();
      for (String name : ruleNamesByPackage.get(String.join("\u0000", pkg))) {
        List<String> full = new ArrayList<>(pkg);
        full.add(name);
        globals.put(name, NameResolver.dataRef(full, m.packageLocation()));
      }
      for (Import imp : m.imports()) {
        addImport(imp, globals);
      }
      for (Rule source : m.rules()) {
        Rule r = metadata.rewrite(source, pkg);
        CompiledRule cr = compileRule(r, r.args(), m, pkg, globals);
        if (cr == null) {
          continue;
        }
        String title = metadata.title(source, pkg);
        if (title != null) {
          cr = cr.withTitle(title);
        }
        RuleNode n = root;
        for (Value v : cr.path()) {
          n = n.childOrCreate(v);
        }
        n.add(cr);
      }
    }
    new CallChecker(builtins, functionArity, errors).checkTree(root);
    new RuleConflicts(errors).check(root);
    if (errors.isEmpty()) {
      new RecursionCheck(root, errors).check();
    }
    root.buildIndexes();
    return new CompiledPolicy(root, modules, builtins);
  }

  private void addImport(Import imp, Map<String, Term.Ref> globals) {
    Term.Ref p = imp.path();
    if (!(p.head() instanceof Term.Var hv)) {
      return;
    }
    String root = hv.name();
    if (root.equals("rego") || root.equals("future")) {
      return; // rego.v1 and future.keywords only switch syntax, which is always v1 here.
    }
    String alias = imp.alias();
    if (alias == null) {
      if (p.path().isEmpty()) {
        return;
      }
      Term last = p.path().get(p.path().size() - 1);
      if (last instanceof Term.Scalar s && s.value() instanceof StringValue sv) {
        alias = sv.value();
      } else {
        return;
      }
    }
    globals.put(alias, p);
  }

  static List<String> packageSegments(Module m) {
    List<String> out = new ArrayList<>();
    for (Term t : m.packagePath().path()) {
      out.add(((StringValue) ((Term.Scalar) t).value()).value());
    }
    return out;
  }

  /** The leading ground elements of a rule head ref: the name, then string/scalar keys. */
  static List<Value> groundPrefix(Term.Ref ref) {
    List<Value> out = new ArrayList<>();
    out.add(StringValue.of(((Term.Var) ref.head()).name()));
    for (Term t : ref.path()) {
      if (t instanceof Term.Scalar s) {
        out.add(s.value());
      } else {
        break;
      }
    }
    return out;
  }

  private CompiledRule compileRule(Rule r, List<Term> args, Module m, List<String> pkg, Map<String, Term.Ref> globals) {
    NameResolver resolver = new NameResolver(globals, errors, counter, this::isBuiltin);
    NameResolver.Scope scope = resolver.newScope(null);
    if (args != null) {
      resolver.declareArgs(args, scope);
    }
    Body body = resolver.resolveBody(r.body(), scope);
    List<Value> ground = groundPrefix(r.ref());
    List<Term> tail = new ArrayList<>();
    for (int i = ground.size() - 1; i < r.ref().path().size(); i++) {
      tail.add(resolver.resolve(r.ref().path().get(i), scope));
    }
    List<Term> resolvedArgs = null;
    Set<String> bound = new HashSet<>();
    if (args != null) {
      resolvedArgs = new ArrayList<>();
      List<dev.gavel.rego.ast.Expr> deferred = new ArrayList<>();
      for (Term a : args) {
        Term ra = resolver.resolve(a, scope);
        if (ra instanceof Term.TemplateString) {
          // A template argument may use variables the body binds: the argument becomes a fresh
          // variable and the body ends by comparing it with the template's value.
          Term.Var fresh = new Term.Var("__template_arg_" + resolvedArgs.size() + "__", ra.location());
          deferred.add(new dev.gavel.rego.ast.Expr(ra.location(), false, new dev.gavel.rego.ast.Expr.TermForm(
              new Term.Call(new Term.Ref(new Term.Var("eq", ra.location()), List.of(), ra.location()), List.of(fresh, ra),
                  ra.location())), List.of()));
          ra = fresh;
        }
        resolvedArgs.add(ra);
        bound.addAll(VarCollector.vars(ra));
      }
      if (!deferred.isEmpty()) {
        List<dev.gavel.rego.ast.Expr> exprs = new ArrayList<>(body.exprs());
        exprs.addAll(deferred);
        body = new Body(exprs, body.location());
      }
    }
    Term key = r.key() == null ? null : resolver.resolve(r.key(), scope);
    Term value = r.value() == null ? null : resolver.resolve(r.value(), scope);
    new CallChecker(builtins, functionArity, errors).checkBody(body);
    SafetyOrder safety = new SafetyOrder(this::arityOf, errors, this::isBuiltin);
    Body ordered = safety.order(body, bound, Set.of());
    List<Term> head = new ArrayList<>(tail);
    if (key != null) {
      head.add(key);
    }
    if (value != null) {
      head.add(value);
    }
    for (Term h : head) {
      new CallChecker(builtins, functionArity, errors).checkTerm(h);
      for (String v : safety.headInputs(h, bound)) {
        if (!bound.contains(v) && !v.equals("input") && !v.equals("data")) {
          errors.add(new RegoError(RegoError.UNSAFE_VAR, r.location(), "var " + SafetyOrder.display(v) + " is unsafe"));
        }
      }
    }
    List<Value> path = new ArrayList<>();
    for (String s : pkg) {
      path.add(StringValue.of(s));
    }
    path.addAll(ground);
    RuleKind kind = r.isFunction() ? RuleKind.FUNCTION : r.isMultiValue() ? RuleKind.MULTI_VALUE : RuleKind.SINGLE_VALUE;
    CompiledRule elseRule = null;
    if (r.elseRule() != null) {
      elseRule = compileRule(r.elseRule(), args, m, pkg, globals);
    }
    Term v = value;
    if (v == null && kind != RuleKind.MULTI_VALUE) {
      v = new Term.Scalar(dev.gavel.rego.value.BooleanValue.TRUE, r.location());
    }
    // Head terms may hold comprehensions whose bodies need ordering too.
    List<Term> orderedTail = new ArrayList<>();
    for (Term t : tail) {
      orderedTail.add(safety.orderTerm(t, bound));
    }
    key = key == null ? null : safety.orderTerm(key, bound);
    v = v == null ? null : safety.orderTerm(v, bound);
    return new CompiledRule(kind, path, orderedTail, resolvedArgs, key, v, ordered, r.isDefault(), elseRule, m, r.location(), null);
  }
}
