package dev.gavel.rego.builtins.graphql;

import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Validates a query document against a schema: fields exist on their types, arguments are known and
 * required ones given, leaf and composite selections fit, fragments and variables are defined.
 */
final class GqlQueryValidator {
  private final GqlSchema schema;
  private final Map<String, ObjectValue> fragments = new HashMap<>();
  private Set<String> variables = new HashSet<>();

  /** Where each field selection starts in the query text (by identity); empty for an AST given as an object. */
  private final Map<Value, int[]> positions;

  private GqlQueryValidator(GqlSchema schema, Map<Value, int[]> positions) {
    this.schema = schema;
    this.positions = positions;
  }

  static void validate(ObjectValue query, GqlSchema schema) {
    validate(query, schema, Map.of());
  }

  static void validate(ObjectValue query, GqlSchema schema, Map<Value, int[]> positions) {
    new GqlQueryValidator(schema, positions).run(query);
  }

  /** A validation error at the field's position, when known (gqlparser reports them there). */
  private GqlSyntaxError failAt(ObjectValue sel, String message) {
    int[] at = positions.get(sel);
    return at == null ? GqlSchema.fail(message) : new GqlSyntaxError(message, at[0], at[1]);
  }

  private void run(ObjectValue query) {
    for (Value f : GqlSchema.list(query, "Fragments")) {
      fragments.put(GqlSchema.str((ObjectValue) f, "Name"), (ObjectValue) f);
    }
    for (Value o : GqlSchema.list(query, "Operations")) {
      ObjectValue op = (ObjectValue) o;
      String root = schema.roots.get(GqlSchema.str(op, "Operation"));
      if (root == null) {
        throw GqlSchema.fail("Schema does not support operation type \"" + GqlSchema.str(op, "Operation") + "\"");
      }
      variables = new HashSet<>();
      for (Value v : GqlSchema.list(op, "VariableDefinitions")) {
        variables.add(GqlSchema.str((ObjectValue) v, "Variable"));
      }
      selections(GqlSchema.list(op, "SelectionSet"), schema.named(root), new HashSet<>());
    }
    for (ObjectValue f : fragments.values()) {
      schema.named(GqlSchema.str(f, "TypeCondition"));
    }
  }

  private void selections(java.util.List<Value> set, GqlSchema.TypeDef parent, Set<String> visiting) {
    for (Value s : set) {
      ObjectValue sel = (ObjectValue) s;
      directives(sel);
      if (sel.get("Alias") != null) {
        field(sel, parent, visiting);
      } else if (sel.get("TypeCondition") != null) {
        String on = GqlSchema.str(sel, "TypeCondition");
        selections(GqlSchema.list(sel, "SelectionSet"), on.isEmpty() ? parent : schema.named(on), visiting);
      } else {
        String name = GqlSchema.str(sel, "Name");
        ObjectValue frag = fragments.get(name);
        if (frag == null) {
          throw GqlSchema.fail("Unknown fragment \"" + name + "\".");
        }
        if (visiting.add(name)) {
          selections(GqlSchema.list(frag, "SelectionSet"), schema.named(GqlSchema.str(frag, "TypeCondition")), visiting);
          visiting.remove(name);
        }
      }
    }
  }

  private void field(ObjectValue sel, GqlSchema.TypeDef parent, Set<String> visiting) {
    String name = GqlSchema.str(sel, "Name");
    if (name.equals("__typename") || name.equals("__schema") || name.equals("__type")) {
      return;
    }
    ObjectValue def = parent.fields.get(name);
    if (def == null) {
      throw failAt(sel, "Cannot query field \"" + name + "\" on type \"" + parent.name + "\".");
    }
    Map<String, ObjectValue> declared = new HashMap<>();
    for (Value a : GqlSchema.list(def, "Arguments")) {
      declared.put(GqlSchema.str((ObjectValue) a, "Name"), (ObjectValue) a);
    }
    Set<String> given = new HashSet<>();
    for (Value a : GqlSchema.list(sel, "Arguments")) {
      ObjectValue arg = (ObjectValue) a;
      String an = GqlSchema.str(arg, "Name");
      if (!declared.containsKey(an)) {
        throw failAt(sel, "Unknown argument \"" + an + "\" on field \"" + parent.name + "." + name + "\".");
      }
      given.add(an);
      value((ObjectValue) arg.get("Value"));
    }
    for (Map.Entry<String, ObjectValue> d : declared.entrySet()) {
      ObjectValue type = (ObjectValue) d.getValue().get("Type");
      if (BooleanValue.TRUE.equals(type.get("NonNull")) && d.getValue().get("DefaultValue") == null && !given.contains(d.getKey())) {
        throw failAt(sel, "Field \"" + name + "\" argument \"" + d.getKey() + "\" of type \""
            + GqlSchema.typeText(type) + "\" is required, but it was not provided");
      }
    }
    GqlSchema.TypeDef type = schema.named(GqlSchema.typeName((ObjectValue) def.get("Type")));
    boolean leaf = type.kind.equals("SCALAR") || type.kind.equals("ENUM");
    java.util.List<Value> sub = GqlSchema.list(sel, "SelectionSet");
    if (leaf && !sub.isEmpty()) {
      throw failAt(sel, "Field \"" + name + "\" must not have a selection since type \"" + type.name + "\" has no subfields.");
    }
    if (!leaf && sub.isEmpty()) {
      throw failAt(sel, "Field \"" + name + "\" of type \"" + type.name + "\" must have a selection of subfields.");
    }
    selections(sub, type, visiting);
  }

  private void directives(ObjectValue sel) {
    for (Value d : GqlSchema.list(sel, "Directives")) {
      ObjectValue dir = (ObjectValue) d;
      if (!schema.directives.contains(GqlSchema.str(dir, "Name"))) {
        throw GqlSchema.fail("Unknown directive \"@" + GqlSchema.str(dir, "Name") + "\".");
      }
      for (Value a : GqlSchema.list(dir, "Arguments")) {
        value((ObjectValue) ((ObjectValue) a).get("Value"));
      }
    }
  }

  private void value(ObjectValue v) {
    if (v == null) {
      return;
    }
    if (NumberValue.ZERO.equals(v.get("Kind")) && !variables.contains(GqlSchema.str(v, "Raw"))) {
      throw GqlSchema.fail("Variable \"$" + GqlSchema.str(v, "Raw") + "\" is not defined.");
    }
    for (Value c : GqlSchema.list(v, "Children")) {
      value((ObjectValue) ((ObjectValue) c).get("Value"));
    }
  }
}
