package dev.gavel.rego.eval;

import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.builtins.BuiltinException;
import dev.gavel.rego.builtins.BuiltinRegistry;
import dev.gavel.rego.compile.CompiledRule;
import dev.gavel.rego.compile.RuleKind;
import dev.gavel.rego.compile.RuleNode;
import dev.gavel.rego.compile.VarCollector;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import dev.gavel.rego.value.ValueText;
import java.util.ArrayList;
import java.util.List;

/** Evaluates calls: unification operators, user functions, builtins and their with-replacements. */
final class CallEval {
  private final Evaluation ev;

  CallEval(Evaluation ev) {
    this.ev = ev;
  }

  /** Building a dotted name per call showed in profiles: the policy memoises them per call site. */
  private String name(Term.Call c) {
    return ev.policy.operatorName(c);
  }

  /** A call used as an expression: succeeds unless false/undefined; an extra argument receives the output. */
  boolean expr(Term.Call c, Frame f, Next k) {
    String name = name(c);
    if (name.equals("eq") || name.equals("assign")) {
      return ev.terms.unify(c.args().get(0), c.args().get(1), f, k);
    }
    if (name.equals("print")) {
      return print(c, f) || k.go();
    }
    int arity = arity(name);
    List<Term> args = c.args();
    if (arity >= 0 && args.size() == arity + 1) {
      List<Term> in = args.subList(0, arity);
      Term out = args.get(arity);
      return ev.terms.allEnumeratorsFirst(in, f,
          vals -> invoke(name, c.location(), vals, result -> ev.terms.unifyValue(out, result, f, k)));
    }
    return ev.terms.allEnumeratorsFirst(args, f,
        vals -> invoke(name, c.location(), vals, result -> !BooleanValue.FALSE.equals(result) && k.go()));
  }

  /** A call used as a value inside another term. */
  boolean value(Term.Call c, Frame f, OnValue k) {
    String name = name(c);
    if (name.equals("eq") || name.equals("assign")) {
      return ev.terms.unify(c.args().get(0), c.args().get(1), f, () -> k.accept(BooleanValue.TRUE));
    }
    if (name.equals("print")) {
      print(c, f);
      return k.accept(BooleanValue.TRUE);
    }
    return ev.terms.allEnumeratorsFirst(c.args(), f, vals -> invoke(name, c.location(), vals, k));
  }

  /** Declared operand count of a function or builtin; -1 when unknown. */
  int arity(String name) {
    if (name.startsWith("data.")) {
      RuleNode n = node(name);
      if (n != null) {
        List<CompiledRule> rs = n.rules().isEmpty() ? n.defaults() : n.rules();
        if (!rs.isEmpty() && rs.get(0).kind() == RuleKind.FUNCTION) {
          return rs.get(0).args().size();
        }
      }
      return -1;
    }
    BuiltinRegistry.Builtin b = ev.policy.builtins().lookup(name);
    return b == null ? -1 : b.decl().arity();
  }

  private RuleNode node(String dotted) {
    return ev.policy.functionNode(dotted);
  }

  /** Calls a function by name with evaluated arguments; {@code k} receives each output. */
  boolean invoke(String name, Location at, List<Value> args, OnValue k) {
    Object replacement = ev.scope.functionOverrides.get(name);
    List<Value> outs;
    if (replacement instanceof Value v) {
      outs = List.of(v);
    } else if (replacement != null) {
      // A mock runs without any function mocks, so it can call the original it replaces.
      String target = VarCollector.refName((Term.Ref) replacement);
      EvalScope saved = ev.scope;
      ev.scope = saved.withoutFunctionOverrides();
      try {
        outs = results(target, at, args);
      } finally {
        ev.scope = saved;
      }
    } else {
      outs = results(name, at, args);
    }
    for (Value v : outs) {
      if (k.accept(v)) {
        return true;
      }
    }
    return false;
  }

  /** The outputs of one call: none when undefined, several for relations. */
  private List<Value> results(String name, Location at, List<Value> args) {
    if (name.startsWith("data.")) {
      RuleNode n = node(name);
      if (n == null || !n.hasRules()) {
        throw new RegoException(RegoError.EVAL_INTERNAL, at, "undefined function " + name);
      }
      Value result = ev.rules.callFunction(n, args, at);
      return result == null ? List.of() : List.of(result);
    }
    BuiltinRegistry.Builtin b = ev.policy.builtins().lookup(name);
    if (b == null) {
      throw new RegoException(RegoError.EVAL_INTERNAL, at, "undefined function " + name);
    }
    Value result;
    long allocatedBefore = ev.budget.elementsAllocated();
    try {
      if (b.decl().nondeterministic()) {
        List<Object> key = List.of(name, List.copyOf(args));
        Object cached = ev.context.cache().get(key);
        if (cached == null) {
          cached = b.call(ev.context, args);
          if (cached != null) {
            ev.context.cache().put(key, cached);
          }
        }
        result = (Value) cached;
      } else {
        result = b.call(ev.context, args);
      }
    } catch (BuiltinException e) {
      if (ev.strict) {
        throw new RegoException(e.isTypeError() ? RegoError.EVAL_TYPE : RegoError.EVAL_BUILTIN, at,
            name + ": " + e.getMessage());
      }
      return List.of();
    } catch (RegoException e) {
      if (e.code().equals(RegoError.EVAL_LIMIT) && e.errors().get(0).location().line() <= 0) {
        // BuiltinContext.charge cannot know the call site; name it and the builtin.
        throw new RegoException(RegoError.EVAL_LIMIT, at, name + ": " + e.errors().get(0).message());
      }
      throw e;
    } catch (RuntimeException e) {
      if (ev.strict) {
        throw new RegoException(RegoError.EVAL_BUILTIN, at, name + ": " + e);
      }
      return List.of();
    }
    if (result == null) {
      return List.of();
    }
    if (ev.budget.elementsAllocated() == allocatedBefore) {
      chargeResult(name, result, args, at);
    }
    if (b.decl().relation() && result instanceof ArrayValue outs) {
      return outs.elements();
    }
    return List.of(result);
  }

  /**
   * Charges a builtin's result to the element budget when the builtin charged nothing itself:
   * the members of a collection or the characters of a string, but nothing when the builtin
   * handed back one of its operands. Shallow, so it costs O(1): members of members were charged
   * when they were built.
   */
  private void chargeResult(String name, Value result, List<Value> args, Location at) {
    for (Value a : args) {
      if (a == result) {
        return;
      }
    }
    long n;
    if (result instanceof StringValue s) {
      n = s.value().length();
    } else if (result instanceof ArrayValue a) {
      n = a.size();
    } else if (result instanceof ObjectValue o) {
      n = o.size();
    } else if (result instanceof SetValue st) {
      n = st.size();
    } else {
      return;
    }
    ev.budget.charge(n, at, name);
  }

  /** print(...): undefined operands print as {@code <undefined>}; always succeeds. */
  private boolean print(Term.Call c, Frame f) {
    List<String> parts = new ArrayList<>();
    for (Term a : c.args()) {
      List<Value> vals = new ArrayList<>();
      ev.terms.eval(a, f, v -> {
        vals.add(v);
        return true;
      });
      if (vals.isEmpty()) {
        parts.add("<undefined>");
      } else {
        Value v = vals.get(0);
        parts.add(v instanceof StringValue s ? s.value() : ValueText.rego(v));
      }
    }
    ev.context.print(String.join(" ", parts));
    return false;
  }
}
