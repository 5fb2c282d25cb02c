package dev.gavel.rego.compile;

import dev.gavel.rego.ast.Module;
import dev.gavel.rego.builtins.BuiltinRegistry;
import java.util.List;

/** The output of compilation: the rule tree, the modules it came from and the builtins it may call. */
public record CompiledPolicy(RuleNode root, List<Module> modules, BuiltinRegistry builtins) {
  public CompiledPolicy {
    modules = List.copyOf(modules);
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
