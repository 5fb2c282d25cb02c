package dev.gavel.rego.compile;

import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An index over the rules of one node on an equality (or {@code in}) constraint between an input
 * path and constants, e.g. {@code input.kind == "Deployment"}. At evaluation only the rules whose
 * constant matches the input (plus the rules without such a constraint) run, so policies with
 * thousands of rules keyed on input stay fast.
 */
public final class RuleIndex {
  private final List<Value> inputPath;
  private final Map<Value, List<Integer>> byValue;
  private final List<Integer> unindexed;
  private final List<CompiledRule> rules;

  private RuleIndex(List<Value> inputPath, Map<Value, List<Integer>> byValue, List<Integer> unindexed, List<CompiledRule> rules) {
    this.inputPath = inputPath;
    this.byValue = byValue;
    this.unindexed = unindexed;
    this.rules = rules;
  }

  /** The input path the index keys on ({@code ["kind"]} for {@code input.kind}). */
  public List<Value> inputPath() {
    return inputPath;
  }

  /** Rules that may match when the input holds {@code value} at the path (null: undefined), in source order. */
  public List<CompiledRule> candidates(Value value) {
    List<Integer> hits = value == null ? List.of() : byValue.getOrDefault(value, List.of());
    List<CompiledRule> out = new ArrayList<>(hits.size() + unindexed.size());
    int i = 0;
    int j = 0;
    while (i < hits.size() || j < unindexed.size()) {
      if (j >= unindexed.size() || (i < hits.size() && hits.get(i) < unindexed.get(j))) {
        out.add(rules.get(hits.get(i++)));
      } else {
        out.add(rules.get(unindexed.get(j++)));
      }
    }
    return out;
  }

  /** Builds an index when enough rules share one constrained input path; otherwise null. */
  static RuleIndex build(List<CompiledRule> rules) {
    if (rules.size() < 8) {
      return null;
    }
    List<Map<List<Value>, List<Value>>> perRule = new ArrayList<>();
    Map<List<Value>, Integer> popularity = new HashMap<>();
    for (CompiledRule r : rules) {
      Map<List<Value>, List<Value>> cs = r.elseRule() == null && r.kind() != RuleKind.FUNCTION
          ? constraints(r) : Map.of();
      perRule.add(cs);
      for (List<Value> p : cs.keySet()) {
        popularity.merge(p, 1, Integer::sum);
      }
    }
    List<Value> best = null;
    int bestCount = 0;
    for (Map.Entry<List<Value>, Integer> e : popularity.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    if (best == null || bestCount < rules.size() / 2) {
      return null;
    }
    Map<Value, List<Integer>> byValue = new HashMap<>();
    List<Integer> unindexed = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      List<Value> consts = perRule.get(i).get(best);
      if (consts == null) {
        unindexed.add(i);
      } else {
        for (Value c : consts) {
          List<Integer> l = byValue.computeIfAbsent(c, k -> new ArrayList<>());
          if (l.isEmpty() || l.get(l.size() - 1) != i) {
            l.add(i);
          }
        }
      }
    }
    return new RuleIndex(List.copyOf(best), byValue, unindexed, List.copyOf(rules));
  }

  /** Top-level {@code input.path == const} and {@code input.path in {consts}} constraints of a body. */
  private static Map<List<Value>, List<Value>> constraints(CompiledRule r) {
    Map<List<Value>, List<Value>> out = new LinkedHashMap<>();
    for (Expr e : r.body().exprs()) {
      if (e.negated() || !e.withs().isEmpty() || !(e.form() instanceof Expr.TermForm tf)
          || !(tf.term() instanceof Term.Call c)) {
        continue;
      }
      String op = VarCollector.operatorName(c);
      if ((op.equals("eq") || op.equals("equal")) && c.args().size() == 2) {
        List<Value> p = inputPath(c.args().get(0));
        Term other = c.args().get(1);
        if (p == null) {
          p = inputPath(c.args().get(1));
          other = c.args().get(0);
        }
        if (p != null && other instanceof Term.Scalar s && !out.containsKey(p)) {
          out.put(p, List.of(s.value()));
        }
      } else if (op.equals("internal.member_2") && c.args().size() == 2) {
        List<Value> p = inputPath(c.args().get(0));
        List<Value> consts = constants(c.args().get(1));
        if (p != null && consts != null && !out.containsKey(p)) {
          out.put(p, consts);
        }
      }
    }
    return out;
  }

  private static List<Value> inputPath(Term t) {
    if (!(t instanceof Term.Ref r) || !(r.head() instanceof Term.Var v) || !v.name().equals("input")) {
      return null;
    }
    List<Value> out = new ArrayList<>();
    for (Term p : r.path()) {
      if (!(p instanceof Term.Scalar s)) {
        return null;
      }
      out.add(s.value());
    }
    return out;
  }

  private static List<Value> constants(Term t) {
    List<Term> els;
    if (t instanceof Term.SetTerm s) {
      els = s.elements();
    } else if (t instanceof Term.ArrayTerm a) {
      els = a.elements();
    } else {
      return null;
    }
    List<Value> out = new ArrayList<>();
    for (Term e : els) {
      if (!(e instanceof Term.Scalar s)) {
        return null;
      }
      out.add(s.value());
    }
    return out;
  }
}
