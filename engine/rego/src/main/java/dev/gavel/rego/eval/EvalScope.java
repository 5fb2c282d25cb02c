package dev.gavel.rego.eval;

import dev.gavel.rego.ast.Term;
import dev.gavel.rego.compile.RuleNode;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code with} can change: the input document, overridden data paths and replaced functions.
 * Each scope has its own memo of rule documents and function results, because a {@code with}
 * may change what they evaluate to.
 */
final class EvalScope {
  final Value input;
  /** Overridden data paths (from the data root) and their values, innermost last. */
  final List<Map.Entry<List<Value>, Value>> dataOverrides;
  /** Replaced functions by dotted name: a Term.Ref naming another function, or a Value. */
  final Map<String, Object> functionOverrides;
  final Map<RuleNode, Object> docCache = new HashMap<>();
  final Map<RuleNode, Map<List<Value>, Object>> functionCache = new HashMap<>();

  /** Marker for "evaluated and undefined" in caches. */
  static final Object UNDEFINED = new Object();

  EvalScope(Value input, List<Map.Entry<List<Value>, Value>> dataOverrides, Map<String, Object> functionOverrides) {
    this.input = input;
    this.dataOverrides = List.copyOf(dataOverrides);
    this.functionOverrides = Map.copyOf(functionOverrides);
  }

  static EvalScope root(Value input) {
    return new EvalScope(input, List.of(), Map.of());
  }

  EvalScope withInput(Value newInput) {
    return new EvalScope(newInput, dataOverrides, functionOverrides);
  }

  EvalScope withData(List<Value> path, Value value) {
    List<Map.Entry<List<Value>, Value>> o = new ArrayList<>(dataOverrides);
    o.add(Map.entry(List.copyOf(path), value));
    return new EvalScope(input, o, functionOverrides);
  }

  EvalScope withFunction(String name, Object replacement) {
    Map<String, Object> f = new HashMap<>(functionOverrides);
    f.put(name, replacement);
    return new EvalScope(input, dataOverrides, f);
  }

  EvalScope withoutFunctionOverrides() {
    return functionOverrides.isEmpty() ? this : new EvalScope(input, dataOverrides, Map.of());
  }

  boolean hasDataOverrides() {
    return !dataOverrides.isEmpty();
  }

  /** The override applying exactly at {@code path} (the innermost wins), or null. */
  Value overrideAt(List<Value> path) {
    for (int i = dataOverrides.size() - 1; i >= 0; i--) {
      if (dataOverrides.get(i).getKey().equals(path)) {
        return dataOverrides.get(i).getValue();
      }
    }
    return null;
  }

  /** True when some override lies strictly below {@code path}. */
  boolean overridesBelow(List<Value> path) {
    for (Map.Entry<List<Value>, Value> e : dataOverrides) {
      List<Value> p = e.getKey();
      if (p.size() > path.size() && p.subList(0, path.size()).equals(path)) {
        return true;
      }
    }
    return false;
  }

  /** Overrides strictly below {@code path}, in application order. */
  List<Map.Entry<List<Value>, Value>> overridesUnder(List<Value> path) {
    List<Map.Entry<List<Value>, Value>> out = new ArrayList<>();
    for (Map.Entry<List<Value>, Value> e : dataOverrides) {
      List<Value> p = e.getKey();
      if (p.size() > path.size() && p.subList(0, path.size()).equals(path)) {
        out.add(e);
      }
    }
    return out;
  }

  static Term.Ref asRef(Object o) {
    return o instanceof Term.Ref r ? r : null;
  }
}
