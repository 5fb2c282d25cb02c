package dev.gavel.rego.eval;

import dev.gavel.rego.Location;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.builtins.BuiltinContext;
import dev.gavel.rego.compile.CompiledPolicy;
import dev.gavel.rego.compile.VarCollector;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;

/**
 * One evaluation of one compiled query: top-down, with unification and backtracking in
 * continuation-passing style. Holds what the construct evaluators share; it is not thread-safe and
 * is used once.
 */
public final class Evaluation {
  final CompiledPolicy policy;
  final Value data;
  final BuiltinContext context;
  final boolean strict;
  /** Steps, elements and depth used so far; shared with the builtin context. */
  final EvalBudget budget;
  EvalScope scope;
  final TermEval terms = new TermEval(this);
  final RefEval refs = new RefEval(this);
  final RuleEval rules = new RuleEval(this);
  final CallEval calls = new CallEval(this);
  final BodyEval bodies = new BodyEval(this);
  final GroundTerms ground;
  /** Receives the location of each expression evaluated, or null when coverage is off. */
  final java.util.function.Consumer<Location> coverage;
  /** Told which partial rule contributed each value, or null when nobody asked. */
  final dev.gavel.rego.RuleTrace ruleTrace;

  /**
   * @param data the base documents (an object; null means empty)
   * @param input the input document, or null when there is none
   * @param budget the limits of this evaluation and what it has used of them (the context's
   *     {@link BuiltinContext#charge} must charge the same budget); it also polls cancellation
   * @throws RegoException eval_limit_exceeded when the input nests deeper than the depth limit
   */
  public Evaluation(CompiledPolicy policy, Value data, Value input, BuiltinContext context, EvalBudget budget,
      java.util.function.Consumer<Location> coverage, dev.gavel.rego.RuleTrace ruleTrace) {
    this.budget = Objects.requireNonNull(budget, "budget");
    this.ground = new GroundTerms(budget);
    // Values are compared, hashed and printed recursively; refuse an input too deep for that
    // before anything touches it (JsonValues.fromJson refuses such JSON already).
    if (input != null && input.nestingDepth() > budget.limits().maxDepth()) {
      throw EvalBudget.limit(Location.NONE, "input nests deeper than the nesting depth limit of " + budget.limits().maxDepth());
    }
    this.coverage = coverage;
    this.ruleTrace = ruleTrace;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.data = data == null ? ObjectValue.EMPTY : data;
    this.context = Objects.requireNonNull(context, "context");
    this.strict = context.strictBuiltinErrors();
    this.scope = EvalScope.root(input);
  }

  /** Every solution of the query: the values of its (non-generated) variables. */
  public List<Map<String, Value>> run(Body query) {
    return runCapturing(query, List.of());
  }

  /** Like {@link #run} but also reports the given generated variables (null entries are ignored). */
  public List<Map<String, Value>> runCapturing(Body query, List<String> captured) {
    Set<String> names = new LinkedHashSet<>();
    for (String c : captured) {
      if (c != null) {
        names.add(c);
      }
    }
    for (var e : query.exprs()) {
      for (String v : VarCollector.exprVars(e, false)) {
        if (!v.startsWith("$") && !v.equals("input") && !v.equals("data")) {
          names.add(v);
        }
      }
    }
    List<Map<String, Value>> out = new ArrayList<>();
    Frame f = new Frame();
    try {
      bodies.body(query, 0, f, () -> {
        Map<String, Value> row = new LinkedHashMap<>();
        for (String n : names) {
          Value v = f.get(n);
          if (v != null) {
            row.put(n, v);
          }
        }
        out.add(row);
        return false;
      });
    } catch (StackOverflowError e) {
      // The depth limit is meant to stop runaway nesting first, but a thread with a small stack
      // (or EvalLimits.UNLIMITED) can run out before it. By the time the Error arrives here the
      // stack has unwound and this evaluation's state is discarded, so it is safe to report it
      // as the policy failure it is instead of letting an Error kill the caller's thread.
      throw EvalBudget.limit(Location.NONE, "evaluation ran out of Java stack before reaching the nesting depth limit of "
          + budget.limits().maxDepth() + "; the policy or its input nests too deeply");
    }
    return out;
  }

  /** One evaluation step: counts against the step limit and polls cancellation. */
  void tick() {
    budget.step();
  }

  static RegoException error(String code, Location loc, String message) {
    return new RegoException(code, loc, message);
  }
}
