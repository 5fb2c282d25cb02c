package dev.gavel.rego.eval;

import dev.gavel.rego.value.Value;
import java.util.HashMap;
import java.util.Map;

/**
 * Variable bindings of one rule evaluation (or query). Bindings are made and undone in strict
 * stack order by the continuation-passing evaluator, so a plain map suffices.
 */
final class Frame {
  private final Map<String, Value> vars = new HashMap<>();

  Value get(String name) {
    return vars.get(name);
  }

  boolean isBound(String name) {
    return vars.containsKey(name);
  }

  void bind(String name, Value v) {
    vars.put(name, v);
  }

  void unbind(String name) {
    vars.remove(name);
  }

  Map<String, Value> snapshot() {
    return new HashMap<>(vars);
  }
}
