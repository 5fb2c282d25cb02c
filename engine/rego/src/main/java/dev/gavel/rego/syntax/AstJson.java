package dev.gavel.rego.syntax;

import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Import;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.ast.Rule;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A parsed module as the JSON of OPA's AST, which rego.parse_module returns: package path, imports,
 * rules (head with name, ref, args, key, value, assign; body of indexed expressions; else chains),
 * and comments (text in base64, as Go marshals bytes). Terms are {@code {"type": ..., "value": ...}};
 * an expression's {@code terms} is the term, or for a call the operator ref followed by the
 * operands. Wildcards are numbered {@code $0}, {@code $1}, ... through the module, as OPA's parser
 * names them.
 */
public final class AstJson {
  private int wildcards;

  private AstJson() {}

  /**
   * Parses {@code source} and renders it.
   *
   * @throws dev.gavel.rego.RegoException rego_parse_error when it does not parse
   */
  public static Value module(String file, String source) {
    Lexer lx = new Lexer(file, source, 0, 0).run();
    Module m = new ModuleParser(file, source, lx).parseModule();
    AstJson j = new AstJson();
    ObjectValue.Builder o = ObjectValue.builder();
    List<Value> pkg = new ArrayList<>();
    pkg.add(term("var", StringValue.of("data")));
    for (Term t : m.packagePath().path()) {
      pkg.add(j.term(t));
    }
    o.put("package", ObjectValue.builder().put("path", ArrayValue.of(pkg)).build());
    if (!m.imports().isEmpty()) {
      List<Value> imps = new ArrayList<>();
      for (Import imp : m.imports()) {
        ObjectValue.Builder i = ObjectValue.builder().put("path", j.term(imp.path()));
        if (imp.alias() != null) {
          i.put("alias", StringValue.of(imp.alias()));
        }
        imps.add(i.build());
      }
      o.put("imports", ArrayValue.of(imps));
    }
    if (!m.rules().isEmpty()) {
      List<Value> rules = new ArrayList<>();
      for (Rule r : m.rules()) {
        rules.add(j.rule(r, r));
      }
      o.put("rules", ArrayValue.of(rules));
    }
    if (!lx.comments().isEmpty()) {
      List<Value> comments = new ArrayList<>();
      for (Lexer.Comment c : lx.comments()) {
        comments.add(ObjectValue.builder()
            .put("Location", ObjectValue.builder().put("col", NumberValue.of(c.column())).put("file", StringValue.of(file))
                .put("row", NumberValue.of(c.line())).build())
            .put("Text", StringValue.of(Base64.getEncoder().encodeToString(c.text().getBytes(StandardCharsets.UTF_8))))
            .build());
      }
      o.put("comments", ArrayValue.of(comments));
    }
    return o.build();
  }

  private static Value term(String type, Value value) {
    return ObjectValue.builder().put("type", StringValue.of(type)).put("value", value).build();
  }

  /** {@code head} names the rule that an else branch belongs to. */
  private Value rule(Rule r, Rule head) {
    ObjectValue.Builder h = ObjectValue.builder();
    List<Term> ref = new ArrayList<>();
    ref.add(head.ref().head());
    ref.addAll(head.ref().path());
    List<Value> refJson = new ArrayList<>();
    for (Term t : ref) {
      refJson.add(term(t));
    }
    h.put("ref", ArrayValue.of(refJson));
    boolean legacyKey = ref.size() == 2 && ref.get(1) instanceof Term.Var;
    if (ref.size() == 1 || legacyKey) {
      h.put("name", StringValue.of(((Term.Var) ref.get(0)).name()));
    }
    if (head.args() != null) {
      h.put("args", ArrayValue.of(head.args().stream().map(this::term).toList()));
    }
    if (r.key() != null) {
      h.put("key", term(r.key()));
    } else if (legacyKey && r == head) {
      h.put("key", refJson.get(1));
    }
    if (r.value() != null) {
      h.put("value", term(r.value()));
    }
    if (r.assign()) {
      h.put("assign", BooleanValue.TRUE);
    }
    ObjectValue.Builder o = ObjectValue.builder();
    if (r.isDefault()) {
      o.put("default", BooleanValue.TRUE);
    }
    o.put("head", h.build());
    if (r.body().exprs().isEmpty()) {
      o.put("body", ArrayValue.of(ObjectValue.builder().put("generated", BooleanValue.TRUE).put("index", NumberValue.of(0))
          .put("terms", term("boolean", BooleanValue.TRUE)).build()));
    } else {
      o.put("body", body(r.body()));
    }
    if (r.elseRule() != null) {
      o.put("else", rule(r.elseRule(), head));
    }
    return o.build();
  }

  private Value body(Body b) {
    List<Value> out = new ArrayList<>();
    for (int i = 0; i < b.exprs().size(); i++) {
      out.add(expr(b.exprs().get(i), i));
    }
    return ArrayValue.of(out);
  }

  private Value expr(Expr e, int index) {
    ObjectValue.Builder o = ObjectValue.builder().put("index", NumberValue.of(index));
    if (e.negated()) {
      o.put("negated", BooleanValue.TRUE);
    }
    Expr.Form f = e.form();
    if (f instanceof Expr.TermForm tf) {
      if (tf.term() instanceof Term.Call c) {
        List<Value> terms = new ArrayList<>();
        terms.add(term(c.operator()));
        for (Term a : c.args()) {
          terms.add(term(a));
        }
        o.put("terms", ArrayValue.of(terms));
      } else {
        o.put("terms", term(tf.term()));
      }
    } else if (f instanceof Expr.SomeVars sv) {
      o.put("terms", ObjectValue.builder().put("symbols", ArrayValue.of(sv.vars().stream().map(this::term).toList())).build());
    } else if (f instanceof Expr.SomeIn si) {
      List<Value> call = new ArrayList<>();
      call.add(ref("internal", si.key() == null ? "member_2" : "member_3"));
      if (si.key() != null) {
        call.add(term(si.key()));
      }
      call.add(term(si.value()));
      call.add(term(si.collection()));
      o.put("terms", ObjectValue.builder().put("symbols", ArrayValue.of(term("call", ArrayValue.of(call)))).build());
    } else if (f instanceof Expr.Every ev) {
      o.put("terms", ObjectValue.builder().put("key", ev.key() == null ? NullValue.INSTANCE : term(ev.key()))
          .put("value", term(ev.value())).put("domain", term(ev.domain())).put("body", body(ev.body())).build());
    }
    if (!e.withs().isEmpty()) {
      List<Value> withs = new ArrayList<>();
      for (Expr.With w : e.withs()) {
        withs.add(ObjectValue.builder().put("target", term(w.target())).put("value", term(w.value())).build());
      }
      o.put("with", ArrayValue.of(withs));
    }
    return o.build();
  }

  private static Value ref(String head, String name) {
    return term("ref", ArrayValue.of(term("var", StringValue.of(head)), term("string", StringValue.of(name))));
  }

  private Value term(Term t) {
    if (t instanceof Term.Scalar s) {
      return scalar(s.value());
    } else if (t instanceof Term.Var v) {
      if (v.name().equals("input") || v.name().equals("data")) {
        // The root documents are references even when written alone.
        return term("ref", ArrayValue.of(term("var", StringValue.of(v.name()))));
      }
      String name = v.isWildcard() ? "$" + (wildcards++) : v.name();
      return term("var", StringValue.of(name));
    } else if (t instanceof Term.Ref r) {
      List<Value> parts = new ArrayList<>();
      parts.add(r.head() instanceof Term.Var hv && !hv.isWildcard() ? term("var", StringValue.of(hv.name())) : term(r.head()));
      for (Term p : r.path()) {
        parts.add(term(p));
      }
      return term("ref", ArrayValue.of(parts));
    } else if (t instanceof Term.ArrayTerm a) {
      return term("array", ArrayValue.of(a.elements().stream().map(this::term).toList()));
    } else if (t instanceof Term.SetTerm s) {
      return term("set", ArrayValue.of(s.elements().stream().map(this::term).toList()));
    } else if (t instanceof Term.ObjectTerm o) {
      List<Value> items = new ArrayList<>();
      for (Term.ObjectItem i : o.items()) {
        items.add(ArrayValue.of(term(i.key()), term(i.value())));
      }
      return term("object", ArrayValue.of(items));
    } else if (t instanceof Term.Call c) {
      List<Value> parts = new ArrayList<>();
      parts.add(term(c.operator()));
      for (Term a : c.args()) {
        parts.add(term(a));
      }
      return term("call", ArrayValue.of(parts));
    } else if (t instanceof Term.ArrayComprehension ac) {
      return term("arraycomprehension", ObjectValue.builder().put("term", term(ac.head())).put("body", body(ac.body())).build());
    } else if (t instanceof Term.SetComprehension sc) {
      return term("setcomprehension", ObjectValue.builder().put("term", term(sc.head())).put("body", body(sc.body())).build());
    } else if (t instanceof Term.ObjectComprehension oc) {
      return term("objectcomprehension", ObjectValue.builder().put("key", term(oc.key())).put("value", term(oc.value()))
          .put("body", body(oc.body())).build());
    } else if (t instanceof Term.TemplateString ts) {
      List<Value> parts = new ArrayList<>();
      for (Object p : ts.parts()) {
        parts.add(p instanceof String s ? term("string", StringValue.of(s)) : term((Term) p));
      }
      return term("templatestring", ObjectValue.builder().put("multi_line", BooleanValue.FALSE)
          .put("parts", ArrayValue.of(parts)).build());
    }
    throw new IllegalStateException("unknown term " + t);
  }

  /** Constants as OPA's AST writes them; a set or object constant (from folding) as its terms. */
  private static Value scalar(Value v) {
    if (v instanceof NullValue) {
      return term("null", ObjectValue.EMPTY);
    } else if (v instanceof BooleanValue) {
      return term("boolean", v);
    } else if (v instanceof NumberValue) {
      return term("number", v);
    } else if (v instanceof StringValue) {
      return term("string", v);
    } else if (v instanceof ArrayValue a) {
      return term("array", ArrayValue.of(a.elements().stream().map(AstJson::scalar).toList()));
    } else if (v instanceof SetValue s) {
      return term("set", ArrayValue.of(s.elements().stream().map(AstJson::scalar).toList()));
    }
    ObjectValue o = (ObjectValue) v;
    List<Value> items = new ArrayList<>();
    for (Value k : o.keys()) {
      items.add(ArrayValue.of(scalar(k), scalar(o.get(k))));
    }
    return term("object", ArrayValue.of(items));
  }
}
