package dev.gavel.rego;

import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.builtins.BuiltinRegistry;
import dev.gavel.rego.builtins.StandardBuiltins;
import dev.gavel.rego.compile.CompiledPolicy;
import dev.gavel.rego.compile.Compiler;
import dev.gavel.rego.eval.EvalBudget;
import dev.gavel.rego.eval.Evaluation;
import dev.gavel.rego.syntax.RegoParser;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The public API of the engine: parse and compile modules once, then evaluate queries against
 * data and input. Instances are immutable and safe to share between threads; each query gets its
 * own evaluation state.
 */
public final class Rego {
  private final CompiledPolicy policy;
  private final Value data;

  private Rego(CompiledPolicy policy, Value data) {
    this.policy = policy;
    this.data = data;
  }

  public static Builder builder() {
    return new Builder();
  }

  public CompiledPolicy policy() {
    return policy;
  }

  public Value data() {
    return data;
  }

  /** Parses, compiles and evaluates a query; throws RegoException on any error. */
  public List<Map<String, Value>> query(String query, Value input, EvalOptions options) {
    Body q = prepare(query);
    return evaluate(q, input, options);
  }

  /**
   * Evaluates a query and reports, like {@code opa eval}, the value of every top-level expression:
   * a term expression yields its value (even false), other expressions yield true.
   */
  public QueryResult evaluateExpressions(String query, Value input, EvalOptions options) {
    Objects.requireNonNull(query, "query");
    Body parsed = RegoParser.parseQuery("query", query);
    List<dev.gavel.rego.ast.Expr> exprs = new ArrayList<>();
    List<String> captures = new ArrayList<>();
    String[] lines = query.split("\n", -1);
    for (int i = 0; i < parsed.exprs().size(); i++) {
      dev.gavel.rego.ast.Expr e = parsed.exprs().get(i);
      if (!e.negated() && e.form() instanceof dev.gavel.rego.ast.Expr.TermForm tf
          && !(tf.term() instanceof dev.gavel.rego.ast.Term.Call)) {
        String name = "$expr" + i;
        captures.add(name);
        var capture = new dev.gavel.rego.ast.Term.Call(
            new dev.gavel.rego.ast.Term.Ref(new dev.gavel.rego.ast.Term.Var("eq", e.location()), List.of(), e.location()),
            List.of(new dev.gavel.rego.ast.Term.Var(name, e.location()), tf.term()), e.location());
        exprs.add(new dev.gavel.rego.ast.Expr(e.location(), false, new dev.gavel.rego.ast.Expr.TermForm(capture), e.withs()));
      } else {
        captures.add(null);
        exprs.add(e);
      }
    }
    Body compiled = Compiler.compileQuery(new Body(exprs, parsed.location()), policy);
    Evaluation ev = evaluation(input, options);
    List<QueryResult.Solution> out = new ArrayList<>();
    for (Map<String, Value> row : ev.runCapturing(compiled, captures)) {
      List<QueryResult.ExpressionValue> values = new ArrayList<>();
      for (int i = 0; i < parsed.exprs().size(); i++) {
        dev.gavel.rego.ast.Expr e = parsed.exprs().get(i);
        String c = captures.get(i);
        Value v = c == null ? dev.gavel.rego.value.BooleanValue.TRUE : row.get(c);
        values.add(new QueryResult.ExpressionValue(v, sourceText(lines, e, i + 1 < parsed.exprs().size() ? parsed.exprs().get(i + 1) : null), e.location()));
      }
      java.util.Map<String, Value> bindings = new java.util.LinkedHashMap<>(row);
      bindings.keySet().removeIf(k -> k.startsWith("$"));
      out.add(new QueryResult.Solution(values, bindings));
    }
    return new QueryResult(out);
  }

  /** The source text of a query expression: from its start up to the next expression or line end. */
  private static String sourceText(String[] lines, dev.gavel.rego.ast.Expr e, dev.gavel.rego.ast.Expr next) {
    int line = e.location().line();
    if (line <= 0 || line > lines.length) {
      return "";
    }
    String l = lines[line - 1];
    int from = Math.max(0, e.location().column() - 1);
    int to = l.length();
    if (next != null && next.location().line() == line) {
      to = Math.max(from, next.location().column() - 1);
    }
    String t = l.substring(Math.min(from, l.length()), Math.min(to, l.length())).strip();
    return t.endsWith(";") ? t.substring(0, t.length() - 1).strip() : t;
  }

  /** Parses and compiles a query once, for repeated evaluation. */
  public Body prepare(String query) {
    Objects.requireNonNull(query, "query");
    return Compiler.compileQuery(RegoParser.parseQuery("query", query), policy);
  }

  /** Evaluates a prepared query. */
  public List<Map<String, Value>> evaluate(Body prepared, Value input, EvalOptions options) {
    Objects.requireNonNull(prepared, "prepared");
    return evaluation(input, options).run(prepared);
  }

  /**
   * Prepares the evaluation of one document: {@code data.gavel.release.decision},
   * {@code data["a b"].c[0]}, {@code input.x} or {@code data} itself. The result evaluates to the
   * document's value (even false), or empty when it is undefined, without the caller having to
   * write a query and pick a binding out of its solutions.
   *
   * @param ref a reference whose head is {@code data} or {@code input} and whose path holds only
   *     constants (no variables, calls or expressions)
   * @throws IllegalArgumentException when {@code ref} does not parse or is not such a reference
   * @throws RegoException rego_compile_error when the reference does not compile against the policy
   */
  public PreparedRef prepareRef(String ref) {
    Objects.requireNonNull(ref, "ref");
    return new PreparedRef(this, ref);
  }

  /** A fresh evaluation over this policy and data, metered by the options' limits. */
  Evaluation evaluation(Value input, EvalOptions options) {
    Objects.requireNonNull(options, "options");
    EvalBudget budget = new EvalBudget(options.limits(), options.cancelled());
    return new Evaluation(policy, data, input, new OptionsContext(options, budget), budget,
        options.coverage(), options.ruleTrace());
  }

  /** Collects modules, data and builtins. */
  public static final class Builder {
    private final List<Module> modules = new ArrayList<>();
    private Value data = ObjectValue.EMPTY;
    private BuiltinRegistry builtins;

    /** Parses a module now; throws RegoException with rego_parse_error on bad syntax. */
    public Builder module(String file, String source) {
      modules.add(RegoParser.parseModule(file, source));
      return this;
    }

    public Builder module(Module parsed) {
      modules.add(Objects.requireNonNull(parsed));
      return this;
    }

    /**
     * The base documents.
     *
     * @throws IllegalArgumentException when {@code data} is not an object
     * @throws RegoException eval_limit_exceeded when it nests deeper than
     *     {@link EvalLimits#DEFAULT_MAX_DEPTH} (evaluation handles values recursively)
     */
    public Builder data(Value data) {
      if (!(data instanceof ObjectValue)) {
        throw new IllegalArgumentException("data must be an object but got " + (data == null ? "null" : data.typeName()));
      }
      if (data.nestingDepth() > EvalLimits.DEFAULT_MAX_DEPTH) {
        throw new RegoException(RegoError.EVAL_LIMIT, Location.NONE,
            "data nests deeper than the nesting depth limit of " + EvalLimits.DEFAULT_MAX_DEPTH);
      }
      this.data = data;
      return this;
    }

    public Builder builtins(BuiltinRegistry registry) {
      this.builtins = Objects.requireNonNull(registry);
      return this;
    }

    /** Compiles; throws RegoException with every compile error. */
    public Rego build() {
      BuiltinRegistry r = builtins == null ? StandardBuiltins.registry() : builtins;
      return new Rego(Compiler.compile(modules, r), data);
    }
  }
}
