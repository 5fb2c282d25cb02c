package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.Value;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** object.get, object.keys, object.remove, object.filter, object.union, object.union_n, object.subset. */
public final class ObjectBuiltins implements BuiltinFamily {
  private static final Type OBJECT = Type.objectOf(Type.ANY, Type.ANY);
  private static final Type KEYS = Type.anyOf(Type.arrayOf(Type.ANY), Type.setOf(Type.ANY), OBJECT);
  private static final Type COLLECTION = Type.anyOf(OBJECT, Type.setOf(Type.ANY), Type.arrayOf(Type.ANY));

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("object.get", Type.ANY, Param.of("object", OBJECT), Param.of("key", Type.ANY),
        Param.of("default", Type.ANY)), (ctx, args) -> {
          ObjectValue o = (ObjectValue) args.get(0);
          Value key = args.get(1);
          if (key instanceof ArrayValue path) {
            Value cur = o;
            for (Value k : path.elements()) {
              cur = child(cur, k);
              if (cur == null) {
                return args.get(2);
              }
            }
            return cur;
          }
          Value v = o.get(key);
          return v == null ? args.get(2) : v;
        });
    r.register(BuiltinDecl.of("object.keys", Type.setOf(Type.ANY), Param.of("object", OBJECT)),
        (ctx, args) -> SetValue.of(((ObjectValue) args.get(0)).keys()));
    r.register(BuiltinDecl.of("object.remove", OBJECT, Param.of("object", OBJECT), Param.of("keys", KEYS).described("object", "set", "array")),
        (ctx, args) -> {
          Set<Value> drop = keySet(args.get(1));
          ObjectValue.Builder b = ObjectValue.builder();
          ObjectValue o = (ObjectValue) args.get(0);
          for (Value k : o.keys()) {
            if (!drop.contains(k)) {
              b.put(k, o.get(k));
            }
          }
          return b.build();
        });
    r.register(BuiltinDecl.of("object.filter", OBJECT, Param.of("object", OBJECT), Param.of("keys", KEYS).described("object", "set", "array")),
        (ctx, args) -> {
          Set<Value> keep = keySet(args.get(1));
          ObjectValue.Builder b = ObjectValue.builder();
          ObjectValue o = (ObjectValue) args.get(0);
          for (Value k : o.keys()) {
            if (keep.contains(k)) {
              b.put(k, o.get(k));
            }
          }
          return b.build();
        });
    r.register(BuiltinDecl.of("object.union", OBJECT, Param.of("a", OBJECT), Param.of("b", OBJECT)),
        (ctx, args) -> union((ObjectValue) args.get(0), (ObjectValue) args.get(1)));
    r.register(BuiltinDecl.of("object.union_n", OBJECT, Param.of("objects", Type.arrayOf(OBJECT))),
        (ctx, args) -> {
          ObjectValue out = ObjectValue.EMPTY;
          for (Value v : ((ArrayValue) args.get(0)).elements()) {
            if (!(v instanceof ObjectValue o)) {
              throw BuiltinException.operand(1, "array of objects", "array containing " + v.typeName());
            }
            out = union(out, o);
          }
          return out;
        });
    r.register(BuiltinDecl.of("object.subset", Type.BOOLEAN, Param.of("super", COLLECTION), Param.of("sub", COLLECTION)),
        (ctx, args) -> {
          Value sup = args.get(0);
          Value sub = args.get(1);
          boolean compatible = sup.typeName().equals(sub.typeName())
              || (sup instanceof ArrayValue && sub instanceof SetValue);
          if (!compatible) {
            throw new BuiltinException("both arguments must be objects, sets or arrays of the same kind"
                + " (or an array and a set)");
          }
          return BooleanValue.of(subset(sup, sub));
        });
  }

  private static Value child(Value v, Value key) {
    if (v instanceof ObjectValue o) {
      return o.get(key);
    }
    if (v instanceof ArrayValue a && key instanceof dev.gavel.rego.value.NumberValue n) {
      var i = n.asInt();
      return i.isPresent() && i.getAsInt() >= 0 && i.getAsInt() < a.size() ? a.get(i.getAsInt()) : null;
    }
    if (v instanceof SetValue s) {
      return s.contains(key) ? key : null;
    }
    return null;
  }

  private static Set<Value> keySet(Value keys) {
    if (keys instanceof ObjectValue o) {
      return new HashSet<>(o.keys());
    }
    return new HashSet<>(Operands.elements(2, keys));
  }

  /** Recursive merge; on a key present in both, b wins unless both values are objects. */
  static ObjectValue union(ObjectValue a, ObjectValue b) {
    Map<Value, Value> out = new LinkedHashMap<>(a.asMap());
    for (Value k : b.keys()) {
      Value bv = b.get(k);
      Value av = out.get(k);
      if (av instanceof ObjectValue ao && bv instanceof ObjectValue bo) {
        out.put(k, union(ao, bo));
      } else {
        out.put(k, bv);
      }
    }
    return ObjectValue.of(out);
  }

  static boolean subset(Value sup, Value sub) {
    if (sup instanceof ObjectValue so && sub instanceof ObjectValue bo) {
      for (Value k : bo.keys()) {
        Value sv = so.get(k);
        if (sv == null) {
          return false;
        }
        Value bv = bo.get(k);
        boolean ok = sv.isCollection() && bv.isCollection() && (sv.typeName().equals(bv.typeName())
            || (sv instanceof ArrayValue && bv instanceof SetValue))
            ? subset(sv, bv) : sv.equals(bv);
        if (!ok) {
          return false;
        }
      }
      return true;
    }
    if (sup instanceof SetValue ss && sub instanceof SetValue bs) {
      return ss.asSet().containsAll(bs.asSet());
    }
    if (sup instanceof ArrayValue sa && sub instanceof SetValue bs) {
      return new HashSet<>(sa.elements()).containsAll(bs.asSet());
    }
    if (sup instanceof ArrayValue sa && sub instanceof ArrayValue ba) {
      List<Value> a = sa.elements();
      List<Value> b = ba.elements();
      if (b.isEmpty()) {
        return true;
      }
      for (int i = 0; i + b.size() <= a.size(); i++) {
        if (a.subList(i, i + b.size()).equals(b)) {
          return true;
        }
      }
      return false;
    }
    return sup.equals(sub);
  }
}
