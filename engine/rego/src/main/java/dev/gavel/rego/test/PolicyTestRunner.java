package dev.gavel.rego.test;

import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.Location;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.Rego;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.ast.Rule;
import dev.gavel.rego.compile.CompiledRule;
import dev.gavel.rego.compile.RuleKind;
import dev.gavel.rego.compile.RuleNode;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import dev.gavel.rego.value.ValueText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs the {@code test_} rules of compiled modules with OPA's semantics: a test passes when it is
 * defined and not false; {@code todo_} rules are reported as skipped; errors are reported per test.
 */
public final class PolicyTestRunner {
  private final Rego rego;
  private final EvalOptions options;

  public PolicyTestRunner(Rego rego, EvalOptions options) {
    this.rego = rego;
    this.options = options;
  }

  /** The results of every test, in path order, and the coverage they produced. */
  public record Outcome(List<TestResult> results, CoverageReport coverage) {}

  public Outcome run() {
    List<CompiledRule> tests = new ArrayList<>();
    collect(rego.policy().root(), tests);
    Set<Location> hit = new HashSet<>();
    EvalOptions opts = options.recordCoverage(hit::add);
    List<TestResult> results = new ArrayList<>();
    for (CompiledRule t : tests) {
      String name = t.pathName();
      String last = ((StringValue) t.path().get(t.path().size() - 1)).value();
      if (last.startsWith("todo_")) {
        results.add(new TestResult(name, t.location(), TestResult.Status.SKIPPED, null, 0));
        continue;
      }
      long start = System.nanoTime();
      try {
        Optional<Value> value = rego.prepareRef(queryRef(t.path())).evaluate(null, opts);
        long took = System.nanoTime() - start;
        boolean pass = value.isPresent() && !BooleanValue.FALSE.equals(value.get());
        String detail = value.map(ValueText::rego).orElse("undefined");
        results.add(new TestResult(name, t.location(), pass ? TestResult.Status.PASS : TestResult.Status.FAIL,
            pass ? null : detail, took));
      } catch (RegoException e) {
        results.add(new TestResult(name, t.location(), TestResult.Status.ERROR, e.getMessage(), System.nanoTime() - start));
      }
    }
    return new Outcome(results, coverage(hit));
  }

  private static String queryRef(List<Value> path) {
    StringBuilder sb = new StringBuilder("data");
    for (Value v : path) {
      sb.append('[').append(ValueText.rego(v)).append(']');
    }
    return sb.toString();
  }

  private static void collect(RuleNode n, List<CompiledRule> out) {
    if (!n.rules().isEmpty()) {
      CompiledRule r = n.rules().get(0);
      if (r.kind() == RuleKind.SINGLE_VALUE && r.dynamicTail().isEmpty()
          && r.path().get(r.path().size() - 1) instanceof StringValue s
          && (s.value().startsWith("test_") || s.value().startsWith("todo_"))) {
        out.add(r);
      }
    }
    for (RuleNode c : n.children().values()) {
      collect(c, out);
    }
  }

  private CoverageReport coverage(Set<Location> hit) {
    Map<String, Set<Integer>> hitLines = new HashMap<>();
    for (Location l : hit) {
      hitLines.computeIfAbsent(l.file(), k -> new HashSet<>()).add(l.line());
    }
    Map<String, CoverageReport.FileCoverage> files = new TreeMap<>();
    for (Module m : rego.policy().modules()) {
      TreeSet<Integer> all = new TreeSet<>();
      for (Rule r : m.rules()) {
        for (Rule x = r; x != null; x = x.elseRule()) {
          lines(x.body(), all);
        }
      }
      TreeSet<Integer> covered = new TreeSet<>();
      TreeSet<Integer> missed = new TreeSet<>();
      Set<Integer> h = hitLines.getOrDefault(m.file(), Set.of());
      for (int l : all) {
        (h.contains(l) ? covered : missed).add(l);
      }
      files.put(m.file(), new CoverageReport.FileCoverage(covered, missed));
    }
    return new CoverageReport(files);
  }

  private static void lines(Body b, Set<Integer> out) {
    for (Expr e : b.exprs()) {
      out.add(e.location().line());
      if (e.form() instanceof Expr.Every ev) {
        lines(ev.body(), out);
      }
    }
  }
}
