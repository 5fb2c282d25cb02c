package dev.gavel.rego.eval;

import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.compile.CompiledRule;
import dev.gavel.rego.compile.RuleKind;
import dev.gavel.rego.compile.RuleNode;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates references: into local values and input by navigation, and into {@code data} by
 * walking the rule tree and the base documents together, so only the rules a ref reaches run.
 */
final class RefEval {
  private static final Object IN_PROGRESS = new Object();
  private final Evaluation ev;

  RefEval(Evaluation ev) {
    this.ev = ev;
  }

  boolean eval(Term.Ref r, Frame f, OnValue k) {
    Term head = r.head();
    if (head instanceof Term.Var v) {
      Value bound = f.get(v.name());
      if (bound != null) {
        return navigate(bound, r.path(), 0, f, k);
      }
      if (v.name().equals("data")) {
        return walk(r.path(), 0, ev.policy.root(), ev.data, new ArrayList<>(), f, k);
      }
      if (v.name().equals("input")) {
        return ev.scope.input != null && navigate(ev.scope.input, r.path(), 0, f, k);
      }
      throw new RegoException(RegoError.EVAL_INTERNAL, r.location(), "var " + v.name() + " is unbound");
    }
    return ev.terms.eval(head, f, hv -> navigate(hv, r.path(), 0, f, k));
  }

  /** Follows path elements into a value; unbound variables enumerate keys. */
  boolean navigate(Value v, List<Term> path, int i, Frame f, OnValue k) {
    if (i == path.size()) {
      return k.accept(v);
    }
    Term elem = path.get(i);
    if (TermEval.isUnboundVar(elem, f)) {
      String name = ((Term.Var) elem).name();
      return BodyEval.members(v, (key, child) -> {
        ev.tick();
        f.bind(name, key);
        try {
          return navigate(child, path, i + 1, f, k);
        } finally {
          f.unbind(name);
        }
      });
    }
    if (TermEval.hasUnboundPattern(elem, f)) {
      return BodyEval.members(v, (key, child) ->
          ev.terms.unifyValue(elem, key, f, () -> navigate(child, path, i + 1, f, k)));
    }
    return ev.terms.eval(elem, f, key -> {
      Value child = child(v, key);
      return child != null && navigate(child, path, i + 1, f, k);
    });
  }

  /** The member of a collection at a key, or null. */
  static Value child(Value v, Value key) {
    if (v instanceof ObjectValue o) {
      return o.get(key);
    }
    if (v instanceof ArrayValue a) {
      if (key instanceof NumberValue n && n.isInteger()) {
        var idx = n.asInt();
        if (idx.isPresent() && idx.getAsInt() >= 0 && idx.getAsInt() < a.size()) {
          return a.get(idx.getAsInt());
        }
      }
      return null;
    }
    if (v instanceof SetValue s) {
      return s.contains(key) ? key : null;
    }
    return null;
  }

  private boolean walk(List<Term> path, int i, RuleNode node, Value base, List<Value> at, Frame f, OnValue k) {
    EvalScope scope = ev.scope;
    if (scope.hasDataOverrides()) {
      Value ov = scope.overrideAt(at);
      if (ov != null) {
        return navigate(ov, path, i, f, k);
      }
    }
    if (node == null && !scope.hasDataOverrides()) {
      return base != null && walkBase(base, path, i, f, k);
    }
    if (node == null || node.hasRules() || i == path.size()) {
      Value d = docAt(node, base, at);
      return d != null && navigate(d, path, i, f, k);
    }
    Term elem = path.get(i);
    if (TermEval.isUnboundVar(elem, f)) {
      String name = ((Term.Var) elem).name();
      Set<Value> keys = new LinkedHashSet<>(node.children().keySet());
      if (base instanceof ObjectValue bo) {
        keys.addAll(bo.keys());
      }
      for (Map.Entry<List<Value>, Value> o : scope.overridesUnder(at)) {
        keys.add(o.getKey().get(at.size()));
      }
      for (Value key : keys) {
        ev.tick();
        f.bind(name, key);
        try {
          if (walkChild(path, i, node, base, at, key, f, k)) {
            return true;
          }
        } finally {
          f.unbind(name);
        }
      }
      return false;
    }
    return ev.terms.eval(elem, f, key -> walkChild(path, i, node, base, at, key, f, k));
  }

  /** Navigation inside base documents, where integer keys also address string keys ("2"). */
  private boolean walkBase(Value v, List<Term> path, int i, Frame f, OnValue k) {
    if (i == path.size()) {
      return k.accept(v);
    }
    Term elem = path.get(i);
    if (TermEval.isUnboundVar(elem, f) || TermEval.hasUnboundPattern(elem, f)) {
      return navigate(v, path, i, f, k);
    }
    return ev.terms.eval(elem, f, key -> {
      Value child = child(v, key);
      if (child == null && v instanceof ObjectValue o && key instanceof NumberValue) {
        child = o.get(dev.gavel.rego.value.StringValue.of(key.toString()));
      }
      return child != null && walkBase(child, path, i + 1, f, k);
    });
  }

  private boolean walkChild(List<Term> path, int i, RuleNode node, Value base, List<Value> at, Value key, Frame f, OnValue k) {
    RuleNode c = node.child(key);
    Value cb = base instanceof ObjectValue o ? o.get(key) : null;
    if (cb == null && base instanceof ObjectValue o && key instanceof NumberValue) {
      // Base documents are stored under string keys; data[2] reads the key "2", as in OPA.
      cb = o.get(dev.gavel.rego.value.StringValue.of(key.toString()));
    }
    if (c == null && cb == null && !ev.scope.hasDataOverrides()) {
      return false;
    }
    at.add(key);
    try {
      return walk(path, i + 1, c, cb, at, f, k);
    } finally {
      at.remove(at.size() - 1);
    }
  }

  /** The whole document at a node: rules' values merged with base data and overrides. */
  Value docAt(RuleNode node, Value base, List<Value> at) {
    EvalScope scope = ev.scope;
    if (scope.hasDataOverrides()) {
      Value ov = scope.overrideAt(at);
      if (ov != null) {
        return ov;
      }
    }
    if (node == null) {
      return applyOverrides(base, at);
    }
    Object cached = scope.docCache.get(node);
    if (cached == IN_PROGRESS) {
      throw new RegoException(RegoError.RECURSION, Location0.of(node), "rule " + name(node) + " is recursive");
    }
    if (cached != null) {
      return cached == EvalScope.UNDEFINED ? null : (Value) cached;
    }
    scope.docCache.put(node, IN_PROGRESS);
    Value result;
    // A rule reached from another rule's body evaluates on top of it: one level deeper.
    ev.budget.enter(Location0.of(node));
    try {
      result = compute(node, base, at);
    } finally {
      ev.budget.exit();
      scope.docCache.remove(node);
    }
    scope.docCache.put(node, result == null ? EvalScope.UNDEFINED : result);
    return result;
  }

  private Value compute(RuleNode node, Value base, List<Value> at) {
    Value result;
    if (node.hasRules()) {
      if (isFunctionNode(node)) {
        return null;
      }
      if (base != null) {
        // A base document at a rule's path takes precedence, as in OPA.
        return applyOverrides(base, at);
      }
      if (RuleEval.isGeneral(node) && node.hasRulesBelowChildren()) {
        return applyOverrides(ev.rules.partialWithDescendants(node, at), at);
      }
      result = ev.rules.document(node);
      if ((result == null || result instanceof ObjectValue) && node.hasRulesBelowChildren()) {
        ObjectValue.Builder b = ObjectValue.builder();
        if (result != null) {
          for (Value key : ((ObjectValue) result).keys()) {
            b.put(key, ((ObjectValue) result).get(key));
          }
        }
        mergeChildren(node, null, at, b);
        result = b.build();
      }
    } else {
      if (base != null && !(base instanceof ObjectValue)) {
        return applyOverrides(base, at);
      }
      ObjectValue.Builder b = ObjectValue.builder();
      if (base instanceof ObjectValue bo) {
        for (Value key : bo.keys()) {
          b.put(key, bo.get(key));
        }
      }
      mergeChildren(node, base, at, b);
      result = b.build();
    }
    return applyOverrides(result, at);
  }

  private void mergeChildren(RuleNode node, Value base, List<Value> at, ObjectValue.Builder b) {
    for (Map.Entry<Value, RuleNode> e : node.children().entrySet()) {
      RuleNode c = e.getValue();
      if (!c.hasDocumentBelow() && base == null) {
        continue;
      }
      if (isFunctionNode(c)) {
        continue;
      }
      Value cb = base instanceof ObjectValue o ? o.get(e.getKey()) : null;
      at.add(e.getKey());
      try {
        Value cd = docAt(c, cb, at);
        if (cd != null) {
          b.put(e.getKey(), cd);
        }
      } finally {
        at.remove(at.size() - 1);
      }
    }
  }

  private static boolean isFunctionNode(RuleNode n) {
    List<CompiledRule> rs = n.rules().isEmpty() ? n.defaults() : n.rules();
    return !rs.isEmpty() && rs.get(0).kind() == RuleKind.FUNCTION;
  }

  /** Applies with-overrides that lie below {@code at} to a document. */
  private Value applyOverrides(Value doc, List<Value> at) {
    EvalScope scope = ev.scope;
    if (!scope.hasDataOverrides()) {
      return doc;
    }
    Value out = doc;
    for (Map.Entry<List<Value>, Value> o : scope.overridesUnder(at)) {
      out = ValuePaths.set(out, o.getKey().subList(at.size(), o.getKey().size()), o.getValue());
    }
    return out;
  }

  static String name(RuleNode n) {
    List<CompiledRule> rs = n.rules().isEmpty() ? n.defaults() : n.rules();
    return rs.isEmpty() ? "data" : rs.get(0).pathName();
  }

  /** Location of a node's first rule. */
  static final class Location0 {
    private Location0() {}

    static dev.gavel.rego.Location of(RuleNode n) {
      List<CompiledRule> rs = n.rules().isEmpty() ? n.defaults() : n.rules();
      return rs.isEmpty() ? dev.gavel.rego.Location.NONE : rs.get(0).location();
    }
  }
}
