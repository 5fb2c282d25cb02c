package dev.gavel.rego.compile;

import dev.gavel.rego.RegoError;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.ast.Rule;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
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
    Objects.requireNonNull(module, "module");
    if (!(schema instanceof ObjectValue o)) {
      throw new IllegalArgumentException("an input schema must be a JSON object but got " + (schema == null ? "null" : schema.typeName()));
    }
    InputSchemaCheck c = new InputSchemaCheck(o);
    for (Rule r : module.rules()) {
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
    return List.copyOf(c.errors);
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
