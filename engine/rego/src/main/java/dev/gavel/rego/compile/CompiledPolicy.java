package dev.gavel.rego.compile;

import dev.gavel.rego.ast.Module;
import dev.gavel.rego.builtins.BuiltinRegistry;
import java.util.List;

/** The output of compilation: the rule tree, the modules it came from and the builtins it may call. */
public record CompiledPolicy(RuleNode root, List<Module> modules, BuiltinRegistry builtins,
    java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<RuleNode>> functionNodes,
    java.util.concurrent.ConcurrentHashMap<Object, String> operatorNames) {
  public CompiledPolicy {
    modules = List.copyOf(modules);
  }

  public CompiledPolicy(RuleNode root, List<Module> modules, BuiltinRegistry builtins) {
    this(root, modules, builtins, new java.util.concurrent.ConcurrentHashMap<>(), new java.util.concurrent.ConcurrentHashMap<>());
  }

  /** Operator names by call site, shared by every evaluation of this policy (identity keys). */
  private static final class CallSite {
    final dev.gavel.rego.ast.Term.Call call;

    CallSite(dev.gavel.rego.ast.Term.Call call) {
      this.call = call;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CallSite c && c.call == call;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(call);
    }
  }

  /** The dotted operator name of a call ({@code count}, {@code data.a.f}), memoised per call site. */
  public String operatorName(dev.gavel.rego.ast.Term.Call c) {
    return operatorNames.computeIfAbsent(new CallSite(c), k -> VarCollector.operatorName(((CallSite) k).call));
  }

  /** The node a dotted {@code data.a.f} name denotes, or null; memoised because calls repeat. */
  public RuleNode functionNode(String dotted) {
    return functionNodes.computeIfAbsent(dotted, d -> {
      String[] parts = d.split("\\.");
      RuleNode n = root;
      for (int i = 1; i < parts.length && n != null; i++) {
        n = n.child(dev.gavel.rego.value.StringValue.of(parts[i]));
      }
      return java.util.Optional.ofNullable(n);
    }).orElse(null);
  }

  /** The node at a path of string keys, or null. */
  public RuleNode node(List<dev.gavel.rego.value.Value> path) {
    RuleNode n = root;
    for (dev.gavel.rego.value.Value k : path) {
      n = n.child(k);
      if (n == null) {
        return null;
      }
    }
    return n;
  }
}
