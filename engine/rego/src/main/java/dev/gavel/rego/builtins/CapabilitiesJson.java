package dev.gavel.rego.builtins;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders a registry's declarations in the format of OPA's capabilities file: one entry per
 * builtin with its function type ({@code args}, {@code result}, {@code variadic}) in OPA's JSON
 * type notation, and the {@code infix}, {@code relation}, {@code nondeterministic} and
 * {@code deprecated} markers. Operands carry their names, as OPA's newer capabilities files do.
 */
public final class CapabilitiesJson {
  private CapabilitiesJson() {}

  /** The {@code builtins} array, in name order. */
  public static ArrayValue builtins(BuiltinRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    List<Value> out = new ArrayList<>();
    for (BuiltinRegistry.Builtin b : registry.all().values()) {
      out.add(entry(b.decl()));
    }
    return ArrayValue.of(out);
  }

  static ObjectValue entry(BuiltinDecl d) {
    ObjectValue.Builder e = ObjectValue.builder();
    e.put(StringValue.of("name"), StringValue.of(d.name()));
    e.put(StringValue.of("decl"), function(d));
    if (d.infix() != null) {
      e.put(StringValue.of("infix"), StringValue.of(d.infix()));
    }
    flag(e, "relation", d.relation());
    flag(e, "nondeterministic", d.nondeterministic());
    flag(e, "deprecated", d.deprecated());
    return e.build();
  }

  private static void flag(ObjectValue.Builder e, String key, boolean on) {
    if (on) {
      e.put(StringValue.of(key), BooleanValue.TRUE);
    }
  }

  private static ObjectValue function(BuiltinDecl d) {
    ObjectValue.Builder f = ObjectValue.builder();
    f.put(StringValue.of("type"), StringValue.of("function"));
    if (!d.params().isEmpty()) {
      List<Value> args = new ArrayList<>();
      for (BuiltinDecl.Param p : d.params()) {
        args.add(with(type(p.type()), "name", StringValue.of(p.name())));
      }
      f.put(StringValue.of("args"), ArrayValue.of(args));
    }
    if (d.result() != null) {
      f.put(StringValue.of("result"), type(d.result()));
    }
    if (d.variadic() != null) {
      f.put(StringValue.of("variadic"), type(d.variadic()));
    }
    return f.build();
  }

  /** One type in OPA's JSON notation. */
  public static ObjectValue type(Type t) {
    Objects.requireNonNull(t, "t");
    ObjectValue.Builder o = ObjectValue.builder();
    if (t instanceof Type.AnyOf u) {
      o.put(StringValue.of("type"), StringValue.of("any"));
      o.put(StringValue.of("of"), ArrayValue.of(u.options().stream().map(x -> (Value) type(x)).toList()));
    } else if (t instanceof Type.ArrayType a) {
      o.put(StringValue.of("type"), StringValue.of("array"));
      if (!a.items().isEmpty()) {
        o.put(StringValue.of("static"), ArrayValue.of(a.items().stream().map(x -> (Value) type(x)).toList()));
      }
      if (a.dynamic() != null) {
        o.put(StringValue.of("dynamic"), type(a.dynamic()));
      }
    } else if (t instanceof Type.ObjectType ob) {
      o.put(StringValue.of("type"), StringValue.of("object"));
      if (!ob.properties().isEmpty()) {
        List<Value> props = new ArrayList<>();
        for (Type.Property p : ob.properties()) {
          props.add(ObjectValue.builder().put(StringValue.of("key"), StringValue.of(p.key()))
              .put(StringValue.of("value"), type(p.value())).build());
        }
        o.put(StringValue.of("static"), ArrayValue.of(props));
      }
      if (ob.key() != null) {
        o.put(StringValue.of("dynamic"), ObjectValue.builder().put(StringValue.of("key"), type(ob.key()))
            .put(StringValue.of("value"), type(ob.value())).build());
      }
    } else if (t instanceof Type.SetOf s) {
      o.put(StringValue.of("type"), StringValue.of("set"));
      o.put(StringValue.of("of"), type(s.element()));
    } else {
      o.put(StringValue.of("type"), StringValue.of(t.describe()));
    }
    return o.build();
  }

  private static ObjectValue with(ObjectValue o, String key, Value v) {
    ObjectValue.Builder b = ObjectValue.builder();
    for (var e : o.asMap().entrySet()) {
      b.put(e.getKey(), e.getValue());
    }
    return b.put(StringValue.of(key), v).build();
  }
}
