package dev.gavel.rego.builtins.graphql;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A schema built from a schema document AST (definitions and extensions merged by name), with
 * the built-in scalars and directives, and the validation rules a schema must pass.
 */
final class GqlSchema {
  static final Set<String> SCALARS = Set.of("Int", "Float", "String", "Boolean", "ID");
  static final Set<String> BUILTIN_DIRECTIVES = Set.of("skip", "include", "deprecated", "specifiedBy", "oneOf");

  /** One named type after merging. */
  static final class TypeDef {
    String kind;
    final String name;
    final Map<String, ObjectValue> fields = new LinkedHashMap<>();
    final List<String> interfaces = new ArrayList<>();
    final List<String> members = new ArrayList<>();
    final Set<String> enumValues = new LinkedHashSet<>();
    int line;

    TypeDef(String name, String kind) {
      this.name = name;
      this.kind = kind;
    }
  }

  final Map<String, TypeDef> types = new LinkedHashMap<>();
  final Set<String> directives = new LinkedHashSet<>(BUILTIN_DIRECTIVES);
  final Map<String, String> roots = new LinkedHashMap<>();
  /** Where each directive may be applied: the built-ins' locations, then the schema's definitions. */
  final Map<String, Set<String>> directiveLocations = new LinkedHashMap<>(Map.of(
      "deprecated", Set.of("FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION", "ENUM_VALUE"),
      "skip", Set.of("FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"),
      "include", Set.of("FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"),
      "specifiedBy", Set.of("SCALAR"),
      "oneOf", Set.of("INPUT_OBJECT")));
  /** Directives applied in type system definitions: {name, location}, checked by validate(). */
  private final List<String[]> applied = new ArrayList<>();

  static GqlSchema from(ObjectValue doc) {
    GqlSchema s = new GqlSchema();
    for (String sc : SCALARS) {
      s.types.put(sc, new TypeDef(sc, "SCALAR"));
    }
    for (Value d : list(doc, "Definitions")) {
      ObjectValue o = (ObjectValue) d;
      String name = str(o, "Name");
      if (s.types.containsKey(name) && !SCALARS.contains(name)) {
        throw new GqlSyntaxError("Cannot redeclare type " + name + ".", 0, 0);
      }
      s.types.put(name, new TypeDef(name, str(o, "Kind")));
      s.merge(o);
    }
    for (Value d : list(doc, "Extensions")) {
      ObjectValue o = (ObjectValue) d;
      s.types.computeIfAbsent(str(o, "Name"), n -> new TypeDef(n, str(o, "Kind")));
      s.merge(o);
    }
    for (Value d : list(doc, "Directives")) {
      s.directives.add(str((ObjectValue) d, "Name"));
      Set<String> locs = new LinkedHashSet<>();
      for (Value l : list((ObjectValue) d, "Locations")) {
        locs.add(((StringValue) l).value());
      }
      s.directiveLocations.put(str((ObjectValue) d, "Name"), locs);
    }
    for (String k : List.of("Schema", "SchemaExtension")) {
      for (Value d : list(doc, k)) {
        for (Value op : list((ObjectValue) d, "OperationTypes")) {
          s.roots.put(str((ObjectValue) op, "Operation"), str((ObjectValue) op, "Type"));
        }
      }
    }
    for (String op : List.of("query", "mutation", "subscription")) {
      String dflt = Character.toUpperCase(op.charAt(0)) + op.substring(1);
      if (!s.roots.containsKey(op) && s.types.containsKey(dflt)) {
        s.roots.put(op, dflt);
      }
    }
    return s;
  }

  private void merge(ObjectValue o) {
    TypeDef t = types.get(str(o, "Name"));
    String kind = str(o, "Kind");
    apply(o, kind);
    for (Value f : list(o, "Fields")) {
      apply((ObjectValue) f, kind.equals("INPUT_OBJECT") ? "INPUT_FIELD_DEFINITION" : "FIELD_DEFINITION");
      for (Value a : list((ObjectValue) f, "Arguments")) {
        apply((ObjectValue) a, "ARGUMENT_DEFINITION");
      }
    }
    for (Value e : list(o, "EnumValues")) {
      apply((ObjectValue) e, "ENUM_VALUE");
    }
    for (Value f : list(o, "Fields")) {
      t.fields.put(str((ObjectValue) f, "Name"), (ObjectValue) f);
    }
    for (Value i : list(o, "Interfaces")) {
      t.interfaces.add(((StringValue) i).value());
    }
    for (Value m : list(o, "Types")) {
      t.members.add(((StringValue) m).value());
    }
    for (Value e : list(o, "EnumValues")) {
      if (!t.enumValues.add(str((ObjectValue) e, "Name"))) {
        throw new GqlSyntaxError("Enum value " + t.name + "." + str((ObjectValue) e, "Name") + " can only be defined once.", 0, 0);
      }
    }
  }

  private void apply(ObjectValue node, String location) {
    for (Value d : list(node, "Directives")) {
      applied.add(new String[] {str((ObjectValue) d, "Name"), location});
    }
  }

  /** Throws the first schema rule that is broken. */
  void validate() {
    for (String[] a : applied) {
      Set<String> allowed = directiveLocations.get(a[0]);
      if (allowed != null && !allowed.contains(a[1])) {
        throw fail("Directive " + a[0] + " is not applicable on " + a[1] + ".");
      }
    }
    for (TypeDef t : types.values()) {
      if (SCALARS.contains(t.name) && t.kind.equals("SCALAR")) {
        continue;
      }
      if (t.name.startsWith("__")) {
        throw fail("Name \"" + t.name + "\" must not begin with \"__\", which is reserved by GraphQL introspection.");
      }
      switch (t.kind) {
        case "OBJECT", "INTERFACE" -> {
          if (t.fields.isEmpty()) {
            throw fail(t.kind + " " + t.name + ": must define one or more fields.");
          }
          for (ObjectValue f : t.fields.values()) {
            TypeDef ft = named(typeName((ObjectValue) f.get("Type")));
            if (ft.kind.equals("INPUT_OBJECT")) {
              throw fail(t.kind + " " + t.name + ": field " + str(f, "Name") + " must be an output type.");
            }
            for (Value a : list(f, "Arguments")) {
              TypeDef at = named(typeName((ObjectValue) ((ObjectValue) a).get("Type")));
              if (!isInput(at)) {
                throw fail(t.name + "." + str(f, "Name") + ": argument " + str((ObjectValue) a, "Name") + " must be an input type.");
              }
            }
          }
          checkInterfaces(t);
        }
        case "INPUT_OBJECT" -> {
          if (t.fields.isEmpty()) {
            throw fail("INPUT_OBJECT " + t.name + ": must define one or more input fields.");
          }
          for (ObjectValue f : t.fields.values()) {
            if (!isInput(named(typeName((ObjectValue) f.get("Type"))))) {
              throw fail(t.name + "." + str(f, "Name") + ": field must be an input type.");
            }
          }
        }
        case "ENUM" -> {
          if (t.enumValues.isEmpty()) {
            throw fail("ENUM " + t.name + ": must define one or more unique enum values.");
          }
        }
        case "UNION" -> {
          if (t.members.isEmpty()) {
            throw fail("UNION " + t.name + ": must define one or more member types.");
          }
          for (String m : t.members) {
            if (!named(m).kind.equals("OBJECT")) {
              throw fail("UNION " + t.name + ": member " + m + " must be an object type.");
            }
          }
        }
        default -> { }
      }
    }
    for (Map.Entry<String, String> r : roots.entrySet()) {
      named(r.getValue());
    }
  }

  private void checkInterfaces(TypeDef t) {
    for (String i : t.interfaces) {
      TypeDef it = named(i);
      if (!it.kind.equals("INTERFACE")) {
        throw fail(t.kind + " " + t.name + ": " + i + " is not an interface.");
      }
      for (String transitive : it.interfaces) {
        if (!t.interfaces.contains(transitive)) {
          throw fail(t.kind + " " + t.name + " must implement " + transitive + " because it is implemented by " + i + ".");
        }
      }
      for (String fn : it.fields.keySet()) {
        if (!t.fields.containsKey(fn)) {
          throw fail("For " + t.name + " to implement " + i + " it must have a field called " + fn + ".");
        }
      }
    }
  }

  private static boolean isInput(TypeDef t) {
    return t.kind.equals("SCALAR") || t.kind.equals("ENUM") || t.kind.equals("INPUT_OBJECT");
  }

  TypeDef named(String name) {
    TypeDef t = types.get(name);
    if (t == null) {
      throw fail("Undefined type " + name + ".");
    }
    return t;
  }

  /** The innermost named type of a Type AST. */
  static String typeName(ObjectValue type) {
    ObjectValue t = type;
    while (t.get("Elem") instanceof ObjectValue e) {
      t = e;
    }
    return str(t, "NamedType");
  }

  /** The Type AST as GraphQL text ("[Locale!]!"). */
  static String typeText(ObjectValue type) {
    String base = type.get("Elem") instanceof ObjectValue e ? "[" + typeText(e) + "]" : str(type, "NamedType");
    return BooleanValue.TRUE.equals(type.get("NonNull")) ? base + "!" : base;
  }

  static GqlSyntaxError fail(String message) {
    return new GqlSyntaxError(message, 0, 0);
  }

  static List<Value> list(ObjectValue o, String key) {
    return o.get(key) instanceof ArrayValue a ? a.elements() : List.of();
  }

  static String str(ObjectValue o, String key) {
    return o.get(key) instanceof StringValue s ? s.value() : "";
  }
}
