package dev.gavel.rego.eval;

import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.compile.CompiledRule;
import dev.gavel.rego.compile.RuleIndex;
import dev.gavel.rego.compile.RuleKind;
import dev.gavel.rego.compile.RuleNode;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Evaluates the rules at a node into a document, and calls functions. */
final class RuleEval {
  private final Evaluation ev;

  RuleEval(Evaluation ev) {
    this.ev = ev;
  }

  /** The rules that may contribute for the current input: all of them, or the index's candidates. */
  private List<CompiledRule> candidates(RuleNode node) {
    RuleIndex idx = node.index();
    if (idx == null) {
      return node.rules();
    }
    Value[] at = {null};
    if (ev.scope.input != null) {
      Value v = ev.scope.input;
      for (Value k : idx.inputPath()) {
        v = v == null ? null : RefEval.child(v, k);
      }
      at[0] = v;
    }
    return idx.candidates(at[0]);
  }

  /** The value the rules at this node define, or null when undefined. */
  Value document(RuleNode node) {
    List<CompiledRule> rules = candidates(node);
    CompiledRule first = rules.isEmpty() ? node.defaults().get(0) : rules.get(0);
    boolean nested = false;
    for (CompiledRule r : rules) {
      nested |= !r.dynamicTail().isEmpty();
    }
    if (!nested && first.kind() == RuleKind.MULTI_VALUE) {
      Set<Value> out = new LinkedHashSet<>();
      for (CompiledRule r : rules) {
        Frame f = new Frame();
        ev.bodies.body(r.body(), 0, f, () -> ev.terms.eval(r.key(), f, v -> {
          ev.budget.charge(1, r.location());
          out.add(v);
          if (ev.ruleTrace != null) {
            ev.ruleTrace.contributed(r.pathName(), r.location(), v, r.title());
          }
          return false;
        }));
      }
      return SetValue.of(out);
    }
    if (!nested) {
      return complete(node);
    }
    return partial(node);
  }

  private Value complete(RuleNode node) {
    Set<Value> values = new LinkedHashSet<>();
    CompiledRule conflictAt = null;
    for (CompiledRule r : candidates(node)) {
      chainValues(r, new Frame(), values);
      if (values.size() > 1 && conflictAt == null) {
        conflictAt = r;
        break;
      }
    }
    if (values.size() > 1) {
      CompiledRule r = conflictAt != null ? conflictAt : node.rules().get(0);
      throw new RegoException(RegoError.EVAL_CONFLICT, r.location(),
          "rule " + r.pathName() + " produced conflicting values (complete rules must not produce multiple outputs)");
    }
    if (values.isEmpty()) {
      for (CompiledRule d : node.defaults()) {
        Frame f = new Frame();
        Value[] out = {null};
        ev.terms.eval(d.value(), f, v -> {
          out[0] = v;
          return true;
        });
        return out[0];
      }
      return null;
    }
    return values.iterator().next();
  }

  /**
   * Values of one rule of an else chain: the first rule in the chain whose body succeeds gives
   * the values.
   */
  private void chainValues(CompiledRule rule, Frame f, Set<Value> values) {
    for (CompiledRule r = rule; r != null; r = r.elseRule()) {
      boolean[] any = {false};
      CompiledRule cur = r;
      ev.bodies.body(r.body(), 0, f, () -> ev.terms.eval(cur.value(), f, v -> {
        any[0] = true;
        values.add(v);
        return values.size() > 1;
      }));
      if (any[0]) {
        return;
      }
    }
  }

  /** Rules whose heads hold variables: an object built from every solution's keys and value. */
  private Value partial(RuleNode node) {
    Map<Value, Object> root = new HashMap<>();
    partialInto(root, List.of(), node);
    return freeze(root);
  }

  /** True when some rule at the node has variables in its head's ref. */
  static boolean isGeneral(RuleNode node) {
    for (CompiledRule r : node.rules()) {
      if (!r.dynamicTail().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A node with general rules and rules below it: one object holding every rule's values, each
   * value a leaf at its rule's path. As in OPA, two different values at one path, or a path that
   * runs into another rule's value, conflict; sets at one path are merged.
   */
  Value partialWithDescendants(RuleNode node, List<Value> at) {
    Map<Value, Object> root = new HashMap<>();
    partialInto(root, List.of(), node);
    descendants(root, new ArrayList<>(), node, at);
    return freeze(root);
  }

  private void descendants(Map<Value, Object> root, List<Value> rel, RuleNode node, List<Value> at) {
    for (Map.Entry<Value, RuleNode> e : node.children().entrySet()) {
      RuleNode c = e.getValue();
      if (!c.hasRulesBelow()) {
        continue;
      }
      rel.add(e.getKey());
      at.add(e.getKey());
      try {
        List<CompiledRule> rs = c.rules().isEmpty() ? c.defaults() : c.rules();
        if (!rs.isEmpty() && rs.get(0).kind() == RuleKind.FUNCTION) {
          continue;
        }
        if (isGeneral(c)) {
          partialInto(root, List.copyOf(rel), c);
          descendants(root, rel, c, at);
        } else if (c.hasRules()) {
          Value v = ev.refs.docAt(c, null, at);
          if (v != null) {
            CompiledRule r = rs.get(0);
            if (r.kind() == RuleKind.MULTI_VALUE && v instanceof SetValue sv) {
              for (Value el : sv.elements()) {
                insert(root, rel, el, true, r);
              }
              if (sv.elements().isEmpty()) {
                insert(root, rel, null, true, r);
              }
            } else {
              insert(root, rel, v, false, r);
            }
          }
        } else {
          descendants(root, rel, c, at);
        }
      } finally {
        rel.remove(rel.size() - 1);
        at.remove(at.size() - 1);
      }
    }
  }

  private void partialInto(Map<Value, Object> root, List<Value> prefix, RuleNode node) {
    for (CompiledRule r : candidates(node)) {
      Frame f = new Frame();
      ev.bodies.body(r.body(), 0, f, () -> ev.terms.all(r.dynamicTail(), 0, new Value[r.dynamicTail().size()], f,
          tail -> {
            ev.budget.charge(tail.size(), r.location());
            List<Value> keys = prefix.isEmpty() ? tail : concat(prefix, tail);
            if (r.kind() == RuleKind.MULTI_VALUE) {
              return ev.terms.eval(r.key(), f, v -> {
                insert(root, keys, v, true, r);
                if (ev.ruleTrace != null) {
                  ev.ruleTrace.contributed(r.pathName(), r.location(), v, r.title());
                }
                return false;
              });
            }
            return ev.terms.eval(r.value(), f, v -> {
              insert(root, keys, v, false, r);
              if (ev.ruleTrace != null) {
                ev.ruleTrace.contributed(r.pathName(), r.location(), v, r.title());
              }
              return false;
            });
          }));
    }
  }

  private static List<Value> concat(List<Value> a, List<Value> b) {
    List<Value> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void insert(Map<Value, Object> root, List<Value> keys, Value v, boolean multi, CompiledRule r) {
    Map<Value, Object> m = root;
    for (int i = 0; i < keys.size() - 1; i++) {
      Object next = m.get(keys.get(i));
      if (next == null) {
        next = new HashMap<Value, Object>();
        m.put(keys.get(i), next);
      } else if (!(next instanceof Map)) {
        throw conflict(r);
      }
      m = (Map<Value, Object>) next;
    }
    Value last = keys.isEmpty() ? null : keys.get(keys.size() - 1);
    if (last == null) {
      throw new RegoException(RegoError.EVAL_INTERNAL, r.location(), "rule head has no key");
    }
    Object existing = m.get(last);
    if (multi) {
      if (existing == null) {
        existing = new LinkedHashSet<Value>();
        m.put(last, existing);
      } else if (!(existing instanceof Set)) {
        throw conflict(r);
      }
      if (v != null) {
        ((Set<Value>) existing).add(v);
      }
      return;
    }
    if (existing == null) {
      m.put(last, v);
    } else if (!(existing instanceof Value) || !existing.equals(v)) {
      // Another value, or a path another rule's value lies below.
      throw conflict(r);
    }
  }

  private static RegoException conflict(CompiledRule r) {
    return new RegoException(RegoError.EVAL_CONFLICT, r.location(),
        "object keys must be unique (rule " + r.pathName() + " produced conflicting values)");
  }

  @SuppressWarnings("unchecked")
  private static Value freeze(Object o) {
    if (o instanceof Value v) {
      return v;
    }
    if (o instanceof Set) {
      return SetValue.of((Set<Value>) o);
    }
    ObjectValue.Builder b = ObjectValue.builder();
    for (Map.Entry<Value, Object> e : ((Map<Value, Object>) o).entrySet()) {
      b.put(e.getKey(), freeze(e.getValue()));
    }
    return b.build();
  }

  /** Calls a user function; null when undefined. */
  Value callFunction(RuleNode node, List<Value> args, Location at) {
    Map<List<Value>, Object> cache = ev.scope.functionCache.computeIfAbsent(node, n -> new HashMap<>());
    Object cached = cache.get(args);
    if (cached != null) {
      return cached == EvalScope.UNDEFINED ? null : (Value) cached;
    }
    ev.budget.enter(at);
    try {
      return computeFunction(node, args, at, cache);
    } finally {
      ev.budget.exit();
    }
  }

  private Value computeFunction(RuleNode node, List<Value> args, Location at, Map<List<Value>, Object> cache) {
    Set<Value> values = new LinkedHashSet<>();
    for (CompiledRule r : node.rules()) {
      functionChain(r, args, values);
      if (values.size() > 1) {
        throw new RegoException(RegoError.EVAL_CONFLICT, at,
            "function " + r.pathName() + " produced conflicting values for the same inputs"
                + " (functions must not produce multiple outputs for same inputs)");
      }
    }
    Value result = values.isEmpty() ? null : values.iterator().next();
    if (result == null) {
      for (CompiledRule d : node.defaults()) {
        Set<Value> dv = new LinkedHashSet<>();
        functionChain(d, args, dv);
        if (!dv.isEmpty()) {
          result = dv.iterator().next();
          break;
        }
      }
    }
    cache.put(List.copyOf(args), result == null ? EvalScope.UNDEFINED : result);
    return result;
  }

  private void functionChain(CompiledRule rule, List<Value> args, Set<Value> values) {
    Frame f = new Frame();
    bindArgs(rule.args(), args, 0, f, () -> {
      chainValues(rule, f, values);
      return true;
    });
  }

  private boolean bindArgs(List<Term> params, List<Value> args, int i, Frame f, Next k) {
    if (i == params.size()) {
      return k.go();
    }
    return ev.terms.unifyValue(params.get(i), args.get(i), f, () -> bindArgs(params, args, i + 1, f, k));
  }
}
