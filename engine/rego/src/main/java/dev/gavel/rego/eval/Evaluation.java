package dev.gavel.rego.eval;

import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
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
import java.util.function.BooleanSupplier;

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
  private final BooleanSupplier cancelled;
  EvalScope scope;
  final TermEval terms = new TermEval(this);
  final RefEval refs = new RefEval(this);
  final RuleEval rules = new RuleEval(this);
  final CallEval calls = new CallEval(this);
  final BodyEval bodies = new BodyEval(this);
  private long steps;
  /** Receives the location of each expression evaluated, or null when coverage is off. */
  final java.util.function.Consumer<Location> coverage;
  /** Told which partial rule contributed each value, or null when nobody asked. */
  final dev.gavel.rego.RuleTrace ruleTrace;

  /**
   * @param data the base documents (an object; null means empty)
   * @param input the input document, or null when there is none
   * @param cancelled polled during evaluation; when it answers true evaluation stops with eval_cancel_error
   */
  public Evaluation(CompiledPolicy policy, Value data, Value input, BuiltinContext context, BooleanSupplier cancelled,
      java.util.function.Consumer<Location> coverage, dev.gavel.rego.RuleTrace ruleTrace) {
    this.coverage = coverage;
    this.ruleTrace = ruleTrace;
    this.policy = policy;
    this.data = data == null ? ObjectValue.EMPTY : data;
    this.context = context;
    this.strict = context.strictBuiltinErrors();
    this.cancelled = cancelled == null ? () -> false : cancelled;
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
    return out;
  }

  void tick() {
    if ((++steps & 0x3ff) == 0 && cancelled.getAsBoolean()) {
      throw new RegoException(RegoError.EVAL_CANCEL, Location.NONE, "caller cancelled query execution");
    }
  }

  static RegoException error(String code, Location loc, String message) {
    return new RegoException(code, loc, message);
  }
}
