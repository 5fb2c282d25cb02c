package dev.gavel.rego.compile;

import dev.gavel.rego.RegoError;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds rules that depend on themselves, directly or through other rules. */
final class RecursionCheck {
  private final RuleNode root;
  private final List<RegoError> errors;
  private final Map<RuleNode, Set<RuleNode>> edges = new HashMap<>();
  private final Map<RuleNode, Integer> state = new HashMap<>();

  RecursionCheck(RuleNode root, List<RegoError> errors) {
    this.root = root;
    this.errors = errors;
  }

  void check() {
    List<RuleNode> nodes = new ArrayList<>();
    collect(root, nodes);
    for (RuleNode n : nodes) {
      Set<RuleNode> deps = new LinkedHashSet<>();
      List<CompiledRule> rules = new ArrayList<>(n.rules());
      rules.addAll(n.defaults());
      for (CompiledRule r : rules) {
        TermWalker.rule(r, t -> dependencies(t, deps));
      }
      edges.put(n, deps);
    }
    for (RuleNode n : nodes) {
      if (!state.containsKey(n) && visit(n)) {
        return;
      }
    }
  }

  private void collect(RuleNode n, List<RuleNode> out) {
    if (n.hasRules()) {
      out.add(n);
    }
    for (RuleNode c : n.children().values()) {
      collect(c, out);
    }
  }

  /**
   * Depth-first from {@code start}; true when it found (and reported) a cycle. Iterative: a policy
   * may chain thousands of rules, more than the Java stack would take as recursion.
   */
  private boolean visit(RuleNode start) {
    List<RuleNode> path = new ArrayList<>();
    Deque<Iterator<RuleNode>> pending = new ArrayDeque<>();
    enter(start, path, pending);
    while (!pending.isEmpty()) {
      Iterator<RuleNode> next = pending.peek();
      if (!next.hasNext()) {
        pending.pop();
        state.put(path.remove(path.size() - 1), 2);
        continue;
      }
      RuleNode d = next.next();
      Integer s = state.get(d);
      if (s != null && s == 1) {
        report(d, path);
        return true;
      }
      if (s == null) {
        enter(d, path, pending);
      }
    }
    return false;
  }

  private void enter(RuleNode n, List<RuleNode> path, Deque<Iterator<RuleNode>> pending) {
    state.put(n, 1);
    path.add(n);
    pending.push(edges.getOrDefault(n, Set.of()).iterator());
  }

  private void report(RuleNode d, List<RuleNode> path) {
    int from = path.indexOf(d);
    StringBuilder chain = new StringBuilder();
    for (int i = from; i < path.size(); i++) {
      chain.append(name(path.get(i))).append(" -> ");
    }
    chain.append(name(d));
    CompiledRule r = d.rules().isEmpty() ? d.defaults().get(0) : d.rules().get(0);
    errors.add(new RegoError(RegoError.RECURSION, r.location(), "rule " + name(d) + " is recursive: " + chain));
  }

  private static String name(RuleNode n) {
    List<CompiledRule> rs = n.rules().isEmpty() ? n.defaults() : n.rules();
    return rs.get(0).pathName();
  }

  /** The rule nodes a data ref or call may read. */
  private void dependencies(Term t, Set<RuleNode> deps) {
    Term.Ref ref;
    if (t instanceof Term.Call c) {
      ref = c.operator();
    } else if (t instanceof Term.Ref r) {
      ref = r;
    } else {
      return;
    }
    if (!(ref.head() instanceof Term.Var hv) || !hv.name().equals("data")) {
      return;
    }
    RuleNode n = root;
    for (Term p : ref.path()) {
      if (n.hasRules()) {
        deps.add(n);
        return;
      }
      if (!(p instanceof Term.Scalar s)) {
        // A dynamic ref may reach many rules; real cycles through it are caught at evaluation.
        return;
      }
      Value key = s.value();
      n = n.child(key);
      if (n == null) {
        return;
      }
    }
    subtree(n, deps);
  }

  private static void subtree(RuleNode n, Set<RuleNode> deps) {
    if (n.hasRules()) {
      deps.add(n);
    }
    for (RuleNode c : n.children().values()) {
      subtree(c, deps);
    }
  }
}
