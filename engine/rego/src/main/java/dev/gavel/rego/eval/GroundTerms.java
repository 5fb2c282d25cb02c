package dev.gavel.rego.eval;

import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values of ground literals: array, set and object terms made only of constants, such as a list
 * of allowed licences written out in a policy. Evaluating such a term through the
 * continuation-passing path costs a level of Java stack per element, so a literal of a few
 * thousand elements would exhaust the stack; here it is built directly, once per evaluation.
 */
final class GroundTerms {
  /** Marks a term known not to be ground. */
  private static final Value NOT_GROUND = ArrayValue.of(ArrayValue.EMPTY);

  private final EvalBudget budget;
  private final Map<Term, Value> values = new IdentityHashMap<>();

  GroundTerms(EvalBudget budget) {
    this.budget = budget;
  }

  /** The value of a ground literal (a scalar included), or null when {@code t} is not one. */
  Value valueOf(Term t) {
    if (t instanceof Term.Scalar s) {
      return s.value();
    }
    if (!(t instanceof Term.ArrayTerm || t instanceof Term.SetTerm || t instanceof Term.ObjectTerm)) {
      return null;
    }
    Value known = values.get(t);
    if (known == null) {
      // Recursion follows the literal's nesting, which the parser bounds.
      known = build(t);
      values.put(t, known == null ? NOT_GROUND : known);
    }
    return known == NOT_GROUND ? null : known;
  }

  private Value build(Term t) {
    if (t instanceof Term.ObjectTerm o) {
      ObjectValue.Builder b = ObjectValue.builder();
      for (Term.ObjectItem it : o.items()) {
        Value k = valueOf(it.key());
        Value v = k == null ? null : valueOf(it.value());
        if (v == null) {
          return null;
        }
        b.put(k, v);
      }
      budget.charge(o.items().size(), o.location());
      return b.build();
    }
    List<Term> elements = t instanceof Term.ArrayTerm a ? a.elements() : ((Term.SetTerm) t).elements();
    List<Value> out = new ArrayList<>(elements.size());
    for (Term e : elements) {
      Value v = valueOf(e);
      if (v == null) {
        return null;
      }
      out.add(v);
    }
    budget.charge(out.size(), t.location());
    return t instanceof Term.ArrayTerm ? ArrayValue.of(out) : SetValue.of(out);
  }
}
