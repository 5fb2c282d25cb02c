package dev.gavel.rego.compile;

import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.ast.Annotation;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.ast.Rule;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The annotations of a set of modules by scope, and the rewrite OPA's compiler makes of
 * {@code rego.metadata.chain()} and {@code rego.metadata.rule()}: each call inside a rule becomes
 * the constant it stands for. The chain runs from the rule outwards: the rule's own annotations
 * (latest first; a bare path entry when it has none), the document's, the package's, then the
 * subpackages annotations of the package and its ancestors, nearest first.
 */
final class MetadataCalls {
  static final String CHAIN = "rego.metadata.chain";
  static final String RULE = "rego.metadata.rule";

  private final Map<List<String>, Annotation> packages = new HashMap<>();
  private final Map<List<String>, Annotation> subpackages = new HashMap<>();
  private final Map<List<String>, Annotation> documents = new HashMap<>();

  MetadataCalls(List<Module> modules, List<RegoError> errors) {
    for (Module m : modules) {
      List<String> pkg = Compiler.packageSegments(m);
      for (Annotation a : m.annotations()) {
        if (a.scope().equals("package")) {
          put(packages, pkg, a, errors);
        } else if (a.scope().equals("subpackages")) {
          put(subpackages, pkg, a, errors);
        }
      }
      for (Rule r : m.rules()) {
        for (Annotation a : r.annotations()) {
          if (a.scope().equals("document")) {
            put(documents, path(pkg, r), a, errors);
          }
        }
      }
    }
  }

  private static void put(Map<List<String>, Annotation> into, List<String> key, Annotation a, List<RegoError> errors) {
    Annotation before = into.putIfAbsent(key, a);
    if (before != null) {
      errors.add(new RegoError(RegoError.TYPE, a.location(), a.scope() + " annotation redeclared: "
          + before.location().file() + ":" + before.location().line()));
    }
  }

  /** The rule's ground path below data: package segments, then the head's leading names. */
  static List<String> path(List<String> pkg, Rule r) {
    List<String> out = new ArrayList<>(pkg);
    for (Value v : Compiler.groundPrefix(r.ref())) {
      out.add(v instanceof StringValue s ? s.value() : v.toString());
    }
    return out;
  }

  /**
   * The title shown for a rule: that of its nearest rule-scoped annotation holding one, else that
   * of its document's annotation; null when neither has one.
   */
  String title(Rule r, List<String> pkg) {
    Annotation nearest = null;
    for (Annotation a : r.annotations()) {
      if (a.scope().equals("rule") && titleOf(a) != null
          && (nearest == null || a.location().line() > nearest.location().line())) {
        nearest = a;
      }
    }
    if (nearest != null) {
      return titleOf(nearest);
    }
    Annotation doc = documents.get(path(pkg, r));
    return doc == null ? null : titleOf(doc);
  }

  private static String titleOf(Annotation a) {
    return a.fields() instanceof ObjectValue o && o.get("title") instanceof StringValue s ? s.value() : null;
  }

  /** The rule with every metadata call replaced; the rule itself when it makes none. */
  Rule rewrite(Rule r, List<String> pkg) {
    if (!calls(r)) {
      return r;
    }
    Value chain = chain(r, pkg);
    Value rule = primary(r);
    return rewriteRule(r, () -> chain, () -> rule);
  }

  private Value chain(Rule r, List<String> pkg) {
    List<Value> links = new ArrayList<>();
    List<String> path = path(pkg, r);
    List<Annotation> own = new ArrayList<>();
    for (Annotation a : r.annotations()) {
      if (a.scope().equals("rule")) {
        own.add(a);
      }
    }
    own.sort(Comparator.comparingInt((Annotation a) -> a.location().line()).reversed());
    if (own.isEmpty()) {
      links.add(link(path, null));
    }
    for (Annotation a : own) {
      links.add(link(path, a));
    }
    Annotation doc = documents.get(path);
    if (doc != null) {
      links.add(link(path, doc));
    }
    Annotation p = packages.get(pkg);
    if (p != null) {
      links.add(link(pkg, p));
    }
    for (int n = pkg.size(); n >= 1; n--) {
      Annotation s = subpackages.get(pkg.subList(0, n));
      if (s != null) {
        links.add(link(pkg.subList(0, n), s));
      }
    }
    return ArrayValue.of(links);
  }

  private static Value link(List<String> path, Annotation a) {
    ObjectValue.Builder b = ObjectValue.builder()
        .put("path", ArrayValue.of(path.stream().map(s -> (Value) StringValue.of(s)).toList()));
    if (a != null) {
      b.put("annotations", a.fields());
    }
    return b.build();
  }

  /** The first rule-scope annotation of the rule, or {}. */
  private static Value primary(Rule r) {
    return r.annotations().stream().filter(a -> a.scope().equals("rule"))
        .min(Comparator.comparingInt((Annotation a) -> a.location().line()).thenComparingInt(a -> a.location().column()))
        .map(Annotation::fields).orElse(ObjectValue.EMPTY);
  }

  private static boolean calls(Rule r) {
    boolean[] found = {false};
    java.util.function.Consumer<Term> visit = t -> {
      if (t instanceof Term.Call c && isMetadata(c)) {
        found[0] = true;
      }
    };
    for (Rule x = r; x != null; x = x.elseRule()) {
      TermWalker.body(x.body(), visit);
      for (Term t : heads(x)) {
        TermWalker.term(t, visit);
      }
    }
    return found[0];
  }

  private static List<Term> heads(Rule r) {
    List<Term> out = new ArrayList<>(r.ref().path());
    if (r.key() != null) {
      out.add(r.key());
    }
    if (r.value() != null) {
      out.add(r.value());
    }
    return out;
  }

  static boolean isMetadata(Term.Call c) {
    String name = VarCollector.refName(c.operator());
    return name.equals(CHAIN) || name.equals(RULE);
  }

  private static Rule rewriteRule(Rule r, Supplier<Value> chain, Supplier<Value> rule) {
    if (r == null) {
      return null;
    }
    TermMap f = new TermMap(chain, rule);
    List<Term> path = new ArrayList<>();
    for (Term t : r.ref().path()) {
      path.add(f.term(t));
    }
    return new Rule(r.location(), new Term.Ref(r.ref().head(), path, r.ref().location()), r.args(),
        r.key() == null ? null : f.term(r.key()), r.value() == null ? null : f.term(r.value()), r.assign(), r.isDefault(),
        f.body(r.body()), rewriteRule(r.elseRule(), chain, rule), r.annotations());
  }

  /** Replaces metadata calls by constants, everywhere in a term or body. */
  private record TermMap(Supplier<Value> chain, Supplier<Value> rule) {
    Body body(Body b) {
      List<Expr> out = new ArrayList<>();
      for (Expr e : b.exprs()) {
        out.add(expr(e));
      }
      return new Body(out, b.location());
    }

    private Expr expr(Expr e) {
      Expr.Form form = e.form();
      if (form instanceof Expr.TermForm tf && tf.term() instanceof Term.Call c && isMetadata(c) && c.args().size() == 1) {
        // rego.metadata.chain(x): the output argument is unified with the constant.
        Location at = c.location();
        Term eq = new Term.Call(new Term.Ref(new Term.Var("eq", at), List.of(), at), List.of(term(c.args().get(0)), constant(c)), at);
        form = new Expr.TermForm(eq);
      } else if (form instanceof Expr.TermForm tf) {
        form = new Expr.TermForm(term(tf.term()));
      } else if (form instanceof Expr.SomeIn s) {
        form = new Expr.SomeIn(s.key() == null ? null : term(s.key()), term(s.value()), term(s.collection()));
      } else if (form instanceof Expr.Every ev) {
        form = new Expr.Every(ev.key() == null ? null : term(ev.key()), term(ev.value()), term(ev.domain()), body(ev.body()));
      }
      List<Expr.With> withs = new ArrayList<>();
      for (Expr.With w : e.withs()) {
        withs.add(new Expr.With(w.target(), term(w.value()), w.location()));
      }
      return new Expr(e.location(), e.negated(), form, withs);
    }

    private Term constant(Term.Call c) {
      String name = VarCollector.refName(c.operator());
      return new Term.Scalar(name.equals(CHAIN) ? chain.get() : rule.get(), c.location());
    }

    Term term(Term t) {
      if (t instanceof Term.Call c) {
        if (isMetadata(c) && c.args().isEmpty()) {
          return constant(c);
        }
        List<Term> args = new ArrayList<>();
        for (Term a : c.args()) {
          args.add(term(a));
        }
        return new Term.Call(c.operator(), args, c.location());
      } else if (t instanceof Term.Ref r) {
        List<Term> path = new ArrayList<>();
        for (Term p : r.path()) {
          path.add(term(p));
        }
        return new Term.Ref(term(r.head()), path, r.location());
      } else if (t instanceof Term.ArrayTerm a) {
        return new Term.ArrayTerm(a.elements().stream().map(this::term).toList(), a.location());
      } else if (t instanceof Term.SetTerm s) {
        return new Term.SetTerm(s.elements().stream().map(this::term).toList(), s.location());
      } else if (t instanceof Term.ObjectTerm o) {
        return new Term.ObjectTerm(o.items().stream().map(i -> new Term.ObjectItem(term(i.key()), term(i.value()))).toList(),
            o.location());
      } else if (t instanceof Term.ArrayComprehension ac) {
        return new Term.ArrayComprehension(term(ac.head()), body(ac.body()), ac.location());
      } else if (t instanceof Term.SetComprehension sc) {
        return new Term.SetComprehension(term(sc.head()), body(sc.body()), sc.location());
      } else if (t instanceof Term.ObjectComprehension oc) {
        return new Term.ObjectComprehension(term(oc.key()), term(oc.value()), body(oc.body()), oc.location());
      } else if (t instanceof Term.TemplateString ts) {
        return new Term.TemplateString(ts.parts().stream().map(p -> p instanceof Term x ? (Object) term(x) : p).toList(),
            ts.location());
      }
      return t;
    }
  }
}
