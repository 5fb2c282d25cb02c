package dev.gavel.rego.eval;

import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import java.util.ArrayList;
import java.util.List;

/**
 * The operands OPA evaluates before a {@code not}: in a negated call, every argument that is a
 * reference, a nested call, or a collection literal holding one is evaluated first, outside the
 * negation (OPA's compiler moves them in front of the expression), so an undefined one makes the
 * expression fail instead of making the call undefined and the negation succeed: with
 * {@code input.x} missing, {@code not startswith(input.x, "a")}, {@code not count(input.x) == 0}
 * and {@code not input.x > 1} all fail. The operands of {@code ==} and {@code =} that are plain
 * references stay inside ({@code not input.x == 1} succeeds), as do comprehensions. Terms holding
 * a wildcard are left inside too: OPA refuses them in a negation as unsafe, and Gavel keeps their
 * meaning (no member satisfies the call).
 */
final class NegatedOperands {
  private NegatedOperands() {}

  /** What to evaluate before the negation of {@code e} (empty for all but negated calls). */
  static List<Term> of(Expr e) {
    if (!e.negated() || !(e.form() instanceof Expr.TermForm tf)) {
      return List.of();
    }
    if (!(tf.term() instanceof Term.Call c)) {
      // A collection literal negated on its own ({@code not [input.x]}): its references too.
      List<Term> out = new ArrayList<>();
      if (!(tf.term() instanceof Term.Ref)) {
        collect(tf.term(), out);
        out.remove(tf.term());
      }
      out.removeIf(NegatedOperands::holdsWildcard);
      return out;
    }
    boolean equality = c.operator().path().isEmpty() && c.operator().head() instanceof Term.Var v
        && (v.name().equals("equal") || v.name().equals("eq"));
    List<Term> out = new ArrayList<>();
    for (Term arg : c.args()) {
      if (equality && arg instanceof Term.Ref) {
        continue;
      }
      collect(arg, out);
    }
    out.removeIf(NegatedOperands::holdsWildcard);
    return out;
  }

  private static void collect(Term t, List<Term> out) {
    if (t instanceof Term.Ref || t instanceof Term.Call) {
      out.add(t);
    } else if (t instanceof Term.ArrayTerm a) {
      a.elements().forEach(x -> collect(x, out));
    } else if (t instanceof Term.SetTerm s) {
      s.elements().forEach(x -> collect(x, out));
    } else if (t instanceof Term.ObjectTerm o) {
      for (Term.ObjectItem item : o.items()) {
        collect(item.key(), out);
        collect(item.value(), out);
      }
    }
  }

  private static boolean holdsWildcard(Term t) {
    if (t instanceof Term.Var v) {
      return v.name().startsWith("$_") || v.isWildcard();
    }
    if (t instanceof Term.Ref r) {
      return holdsWildcard(r.head()) || r.path().stream().anyMatch(NegatedOperands::holdsWildcard);
    }
    if (t instanceof Term.Call c) {
      return c.args().stream().anyMatch(NegatedOperands::holdsWildcard);
    }
    if (t instanceof Term.ArrayTerm a) {
      return a.elements().stream().anyMatch(NegatedOperands::holdsWildcard);
    }
    if (t instanceof Term.SetTerm s) {
      return s.elements().stream().anyMatch(NegatedOperands::holdsWildcard);
    }
    if (t instanceof Term.ObjectTerm o) {
      return o.items().stream().anyMatch(i -> holdsWildcard(i.key()) || holdsWildcard(i.value()));
    }
    return false;
  }
}
