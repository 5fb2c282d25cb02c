package dev.gavel.rego.compile;

import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import java.util.function.Consumer;

/** Visits every term of a body, expression or term, depth first, including nested bodies. */
final class TermWalker {
  private TermWalker() {}

  static void body(Body b, Consumer<Term> visit) {
    for (Expr e : b.exprs()) {
      expr(e, visit);
    }
  }

  static void expr(Expr e, Consumer<Term> visit) {
    Expr.Form f = e.form();
    if (f instanceof Expr.TermForm tf) {
      term(tf.term(), visit);
    } else if (f instanceof Expr.SomeIn si) {
      if (si.key() != null) {
        term(si.key(), visit);
      }
      term(si.value(), visit);
      term(si.collection(), visit);
    } else if (f instanceof Expr.Every ev) {
      if (ev.key() != null) {
        term(ev.key(), visit);
      }
      term(ev.value(), visit);
      term(ev.domain(), visit);
      body(ev.body(), visit);
    }
    for (Expr.With w : e.withs()) {
      term(w.value(), visit);
    }
  }

  static void term(Term t, Consumer<Term> visit) {
    visit.accept(t);
    if (t instanceof Term.Ref r) {
      term(r.head(), visit);
      for (Term p : r.path()) {
        term(p, visit);
      }
    } else if (t instanceof Term.ArrayTerm a) {
      a.elements().forEach(x -> term(x, visit));
    } else if (t instanceof Term.SetTerm s) {
      s.elements().forEach(x -> term(x, visit));
    } else if (t instanceof Term.ObjectTerm o) {
      for (Term.ObjectItem it : o.items()) {
        term(it.key(), visit);
        term(it.value(), visit);
      }
    } else if (t instanceof Term.Call c) {
      c.args().forEach(x -> term(x, visit));
    } else if (t instanceof Term.ArrayComprehension ac) {
      term(ac.head(), visit);
      body(ac.body(), visit);
    } else if (t instanceof Term.SetComprehension sc) {
      term(sc.head(), visit);
      body(sc.body(), visit);
    } else if (t instanceof Term.ObjectComprehension oc) {
      term(oc.key(), visit);
      term(oc.value(), visit);
      body(oc.body(), visit);
    } else if (t instanceof Term.TemplateString ts) {
      for (Object p : ts.parts()) {
        if (p instanceof Term pt) {
          term(pt, visit);
        }
      }
    }
  }

  /** Visits every term of a compiled rule: args, head, body and its else chain. */
  static void rule(CompiledRule r, Consumer<Term> visit) {
    for (CompiledRule x = r; x != null; x = x.elseRule()) {
      if (x.args() != null) {
        x.args().forEach(a -> term(a, visit));
      }
      x.dynamicTail().forEach(a -> term(a, visit));
      if (x.key() != null) {
        term(x.key(), visit);
      }
      if (x.value() != null) {
        term(x.value(), visit);
      }
      body(x.body(), visit);
    }
  }
}
