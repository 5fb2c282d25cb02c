package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.Value;
import java.util.LinkedHashSet;
import java.util.Set;

/** Set algebra ({@code &}, {@code |}, intersection, union) and membership ({@code in}). */
public final class SetBuiltins implements BuiltinFamily {
  private static final Type SET = Type.setOf(Type.ANY);
  private static final Type SET_OF_SETS = Type.setOf(Type.setOf(Type.ANY));

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("and", SET, Param.of("x", SET), Param.of("y", SET)).asInfix("&"), (ctx, args) -> {
      Set<Value> out = new LinkedHashSet<>(((SetValue) args.get(0)).asSet());
      out.retainAll(((SetValue) args.get(1)).asSet());
      return SetValue.of(out);
    });
    r.register(BuiltinDecl.of("or", SET, Param.of("x", SET), Param.of("y", SET)).asInfix("|"), (ctx, args) -> {
      Set<Value> out = new LinkedHashSet<>(((SetValue) args.get(0)).asSet());
      out.addAll(((SetValue) args.get(1)).asSet());
      return SetValue.of(out);
    });
    r.register(BuiltinDecl.of("intersection", SET, Param.of("xs", SET_OF_SETS)), (ctx, args) -> {
      Set<Value> out = null;
      for (Value s : ((SetValue) args.get(0)).elements()) {
        Set<Value> el = sets(s);
        if (out == null) {
          out = new LinkedHashSet<>(el);
        } else {
          out.retainAll(el);
        }
      }
      return out == null ? SetValue.EMPTY : SetValue.of(out);
    });
    r.register(BuiltinDecl.of("union", SET, Param.of("xs", SET_OF_SETS)), (ctx, args) -> {
      Set<Value> out = new LinkedHashSet<>();
      for (Value s : ((SetValue) args.get(0)).elements()) {
        out.addAll(sets(s));
      }
      return SetValue.of(out);
    });
    r.register(BuiltinDecl.of("internal.member_2", Type.BOOLEAN, Param.of("x", Type.ANY), Param.of("y", Type.ANY)).asInfix("in"),
        (ctx, args) -> BooleanValue.of(member(args.get(0), args.get(1))));
    r.register(BuiltinDecl.of("internal.member_3", Type.BOOLEAN,
            Param.of("x", Type.ANY), Param.of("y", Type.ANY), Param.of("z", Type.ANY)).asInfix("in"),
        (ctx, args) -> BooleanValue.of(member(args.get(0), args.get(1), args.get(2))));
  }

  private static Set<Value> sets(Value s) {
    if (!(s instanceof SetValue sv)) {
      throw BuiltinException.operand(1, "set of sets", "set containing " + s.typeName());
    }
    return sv.asSet();
  }

  static boolean member(Value x, Value coll) {
    if (coll instanceof SetValue s) {
      return s.contains(x);
    }
    if (coll instanceof ArrayValue a) {
      return a.elements().contains(x);
    }
    if (coll instanceof ObjectValue o) {
      return o.asMap().containsValue(x);
    }
    return false;
  }

  static boolean member(Value key, Value value, Value coll) {
    if (coll instanceof SetValue s) {
      // A set element is its own key.
      return key.equals(value) && s.contains(value);
    }
    if (coll instanceof ArrayValue a) {
      if (key instanceof NumberValue n && n.isInteger()) {
        var i = n.asInt();
        return i.isPresent() && i.getAsInt() >= 0 && i.getAsInt() < a.size() && a.get(i.getAsInt()).equals(value);
      }
      return false;
    }
    if (coll instanceof ObjectValue o) {
      Value v = o.get(key);
      return v != null && v.equals(value);
    }
    return false;
  }
}
