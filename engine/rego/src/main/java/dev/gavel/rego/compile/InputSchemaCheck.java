package dev.gavel.rego.compile;

import dev.gavel.rego.RegoError;
import dev.gavel.rego.ast.Annotation;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.ast.Rule;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of OPA's type checking against an input JSON Schema that Gavel makes: every reference
 * written as {@code input.a.b[0].c} is followed through the schema's {@code properties} and array
 * {@code items}, and one that names a property the schema does not declare, or goes into a string,
 * number, boolean or null, is {@code rego_type_error: undefined ref: input.a.b[0].c}, as OPA
 * reports it. Where the schema says less than that ({@code {}}, an object without
 * {@code properties}, {@code $ref}, {@code anyOf}/{@code oneOf}/{@code allOf}, a list of types) the
 * reference is not checked further: this check never reports what OPA would not. Values reached
 * through variables, imports or function results are not typed (OPA infers those; we do not).
 */
public final class InputSchemaCheck {
  private final ObjectValue schema;
  private final List<RegoError> errors = new ArrayList<>();

  private InputSchemaCheck(ObjectValue schema) {
    this.schema = schema;
  }

  /**
   * The undefined-ref errors of {@code module} against {@code schema}.
   *
   * @param schema a JSON Schema document (an object)
   * @throws IllegalArgumentException when the schema is not an object
   */
  public static List<RegoError> check(Module module, Value schema) {
    if (!(schema instanceof ObjectValue)) {
      throw new IllegalArgumentException("an input schema must be a JSON object but got " + (schema == null ? "null" : schema.typeName()));
    }
    return check(module, schema, Map.of());
  }

  /**
   * The undefined-ref errors of {@code module}'s rules, each against its input schema: {@code schema}
   * (may be null) with, over it, the {@code schemas} entries for {@code input} (or a path under it)
   * of the module's package-scoped METADATA and then of the rule's own, as OPA applies them; an
   * entry names a schema of {@code named} ({@code schema.x.y} is key {@code "x.y"}) or defines one
   * inline. An entry naming a schema not in a non-empty {@code named} is
   * {@code undefined schema: schema.x.y};
   * entries for data are not used.
   */
  public static List<RegoError> check(Module module, Value schema, Map<String, Value> named) {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(named, "named");
    List<RegoError> out = new ArrayList<>();
    Value packageSchema = schema;
    for (Annotation a : module.annotations()) {
      if (a.scope().equals("package") || a.scope().equals("subpackages")) {
        packageSchema = apply(packageSchema, a, named, module.packageLocation(), out);
      }
    }
    for (Rule r : module.rules()) {
      Value ruleSchema = packageSchema;
      for (Annotation a : r.annotations()) {
        if (!a.scope().equals("package") && !a.scope().equals("subpackages")) {
          ruleSchema = apply(ruleSchema, a, named, r.location(), out);
        }
      }
      if (ruleSchema instanceof ObjectValue o) {
        InputSchemaCheck c = new InputSchemaCheck(o);
        c.rule(r);
        out.addAll(c.errors);
      }
    }
    return List.copyOf(out);
  }

  /** {@code base} with the annotation's input schemas laid over it. */
  private static Value apply(Value base, Annotation a, Map<String, Value> named, dev.gavel.rego.Location at,
      List<RegoError> errors) {
    if (!(a.fields() instanceof ObjectValue f) || !(f.get("schemas") instanceof ArrayValue entries)) {
      return base;
    }
    Value out = base;
    for (Value entry : entries.elements()) {
      if (!(entry instanceof ObjectValue e) || !(e.get("path") instanceof ArrayValue path) || path.size() == 0
          || !StringValue.of("input").equals(path.get(0))) {
        continue;
      }
      Value def = e.get("definition");
      if (def == null && e.get("schema") instanceof ArrayValue ref) {
        List<String> name = new ArrayList<>();
        for (int i = 1; i < ref.size(); i++) {
          name.add(ref.get(i) instanceof StringValue sv ? sv.value() : JsonValues.write(ref.get(i)));
        }
        def = named.get(String.join(".", name));
        // without schemas to name (no --schema directory) OPA leaves such entries alone
        if (def == null && !named.isEmpty()) {
          errors.add(new RegoError(RegoError.TYPE, at, "undefined schema: schema." + String.join(".", name)));
        }
      }
      if (!(def instanceof ObjectValue)) {
        continue;
      }
      out = overlay(out, path.elements().subList(1, path.size()), def);
    }
    return out;
  }

  /** {@code base} with the schema at {@code path} (property names) replaced by {@code def}. */
  private static Value overlay(Value base, List<Value> path, Value def) {
    if (path.isEmpty()) {
      return def;
    }
    ObjectValue node = base instanceof ObjectValue o ? o : ObjectValue.EMPTY;
    ObjectValue props = node.get("properties") instanceof ObjectValue p ? p : ObjectValue.EMPTY;
    Value child = overlay(props.get(path.get(0)), path.subList(1, path.size()), def);
    return node.with(StringValue.of("type"), StringValue.of("object"))
        .with(StringValue.of("properties"), props.with(path.get(0), child));
  }

  private void rule(Rule r) {
    InputSchemaCheck c = this;
    TermWalker.term(r.ref(), c::visit);
    for (Rule x = r; x != null; x = x.elseRule()) {
      if (x.args() != null) {
        x.args().forEach(a -> TermWalker.term(a, c::visit));
      }
      if (x.key() != null) {
        TermWalker.term(x.key(), c::visit);
      }
      if (x.value() != null) {
        TermWalker.term(x.value(), c::visit);
      }
      TermWalker.body(x.body(), c::visit);
    }
  }

  private void visit(Term t) {
    if (!(t instanceof Term.Ref ref) || !(ref.head() instanceof Term.Var v) || !v.name().equals("input")) {
      return;
    }
    Value node = schema;
    for (Term seg : ref.path()) {
      String type = typeOf(node);
      if (type == null) {
        return;
      }
      switch (type) {
        case "object" -> {
          if (!(get(node, "properties") instanceof ObjectValue props)) {
            return;
          }
          if (!(seg instanceof Term.Scalar s && s.value() instanceof StringValue key)) {
            return; // a variable or computed key: any of the properties
          }
          Value next = props.get(key.value());
          if (next == null) {
            undefined(ref);
            return;
          }
          node = next;
        }
        case "array" -> {
          Value items = get(node, "items");
          if (!(items instanceof ObjectValue) || seg instanceof Term.Scalar s && s.value() instanceof StringValue) {
            return;
          }
          node = items;
        }
        case "string", "number", "integer", "boolean", "null" -> {
          undefined(ref);
          return;
        }
        default -> {
          return;
        }
      }
    }
  }

  /** The schema's single type: its "type", or "object" for a schema with only properties; null when it says less. */
  private static String typeOf(Value node) {
    if (!(node instanceof ObjectValue o)) {
      return null;
    }
    for (String combinator : new String[] {"$ref", "anyOf", "oneOf", "allOf", "not", "if"}) {
      if (o.get(combinator) != null) {
        return null;
      }
    }
    Value type = o.get("type");
    if (type instanceof StringValue s) {
      return s.value();
    }
    return type == null && o.get("properties") instanceof ObjectValue ? "object" : null;
  }

  private static Value get(Value node, String key) {
    return node instanceof ObjectValue o ? o.get(key) : null;
  }

  private void undefined(Term.Ref ref) {
    String shown = show(ref);
    if (shown != null) {
      errors.add(new RegoError(RegoError.TYPE, ref.location(), "undefined ref: " + shown));
    }
  }

  /** {@code input.a["b-c"][0][_].d}, as OPA prints a reference; null for one with computed parts. */
  private static String show(Term.Ref ref) {
    StringBuilder b = new StringBuilder("input");
    for (Term seg : ref.path()) {
      if (seg instanceof Term.Scalar s && s.value() instanceof StringValue str) {
        if (str.value().matches("[A-Za-z_][A-Za-z0-9_]*")) {
          b.append('.').append(str.value());
        } else {
          b.append('[').append(JsonValues.write(str)).append(']');
        }
      } else if (seg instanceof Term.Scalar s) {
        b.append('[').append(JsonValues.write(s.value())).append(']');
      } else if (seg instanceof Term.Var v) {
        b.append('[').append(v.name()).append(']');
      } else {
        return null;
      }
    }
    return b.toString();
  }
}
