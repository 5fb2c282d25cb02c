package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** walk (a relation over every [path, value] of a document), graph.reachable, graph.reachable_paths. */
public final class GraphBuiltins implements BuiltinFamily {
  private static final Type GRAPH = Type.objectOf(Type.ANY, Type.anyOf(Type.arrayOf(Type.ANY), Type.setOf(Type.ANY)));
  private static final Type NODES = Type.anyOf(Type.arrayOf(Type.ANY), Type.setOf(Type.ANY));

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("walk", Type.tuple(Type.arrayOf(Type.ANY), Type.ANY), Param.of("x", Type.ANY)).asRelation(), (ctx, a) -> {
      List<Value> out = new ArrayList<>();
      walk(ctx, a.get(0), new ArrayList<>(), out);
      return ArrayValue.of(out);
    });
    r.register(BuiltinDecl.of("graph.reachable", Type.setOf(Type.ANY), Param.of("graph", GRAPH), Param.of("initial", NODES)),
        (ctx, a) -> {
          ObjectValue g = (ObjectValue) a.get(0);
          Set<Value> seen = new LinkedHashSet<>();
          Deque<Value> todo = new ArrayDeque<>(Operands.elements(2, a.get(1)));
          while (!todo.isEmpty()) {
            Value n = todo.pop();
            if (!g.containsKey(n) || !seen.add(n)) {
              continue;
            }
            todo.addAll(neighbours(g.get(n)));
          }
          return SetValue.of(seen);
        });
    r.register(BuiltinDecl.of("graph.reachable_paths", Type.setOf(Type.arrayOf(Type.ANY)), Param.of("graph", GRAPH), Param.of("initial", NODES)),
        (ctx, a) -> {
          ObjectValue g = (ObjectValue) a.get(0);
          Set<Value> out = new LinkedHashSet<>();
          for (Value start : Operands.elements(2, a.get(1))) {
            if (g.containsKey(start)) {
              paths(ctx, g, new ArrayList<>(List.of(start)), out);
            }
          }
          return SetValue.of(out);
        });
  }

  private static List<Value> neighbours(Value v) {
    if (v instanceof ArrayValue || v instanceof SetValue) {
      return Operands.elements(1, v);
    }
    return List.of();
  }

  /** Every maximal path: there can be exponentially many, so each is charged as it is built. */
  private static void paths(BuiltinContext ctx, ObjectValue g, List<Value> path, Set<Value> out) {
    Value last = path.get(path.size() - 1);
    boolean extended = false;
    for (Value n : neighbours(g.get(last))) {
      if (path.contains(n) || !g.containsKey(n)) {
        continue;
      }
      path.add(n);
      paths(ctx, g, path, out);
      path.remove(path.size() - 1);
      extended = true;
    }
    if (!extended) {
      ctx.charge(path.size());
      out.add(ArrayValue.of(path));
    }
  }

  /** Pre-order: the node itself, then its members in canonical order. */
  private static void walk(BuiltinContext ctx, Value v, List<Value> path, List<Value> out) {
    ctx.charge(path.size() + 2L);
    out.add(ArrayValue.of(ArrayValue.of(path), v));
    if (v instanceof ArrayValue a) {
      for (int i = 0; i < a.size(); i++) {
        path.add(NumberValue.of(i));
        walk(ctx, a.get(i), path, out);
        path.remove(path.size() - 1);
      }
    } else if (v instanceof ObjectValue o) {
      for (Value k : o.keys()) {
        path.add(k);
        walk(ctx, o.get(k), path, out);
        path.remove(path.size() - 1);
      }
    } else if (v instanceof SetValue s) {
      for (Value e : s.elements()) {
        path.add(e);
        walk(ctx, e, path, out);
        path.remove(path.size() - 1);
      }
    }
  }

}
