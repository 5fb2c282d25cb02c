package dev.gavel.rego.builtins.jsonschema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema validation (networknt's validator) reported the way OPA's library reports it: one
 * error per failed keyword with OPA's error type ({@code invalid_type}, {@code required}, ...),
 * field ({@code (root)}, {@code id}, {@code a.0}) and description ("Invalid type. Expected:
 * integer, given: string"). Schemas are draft 7 unless their {@code $schema} names another draft.
 * References are resolved inside the schema only: nothing is fetched (the engine does no I/O).
 */
final class GoJsonSchema {
  private GoJsonSchema() {}

  /** One validation error in OPA's shape. */
  record Error(String type, String field, String description) {
    String text() {
      return field + ": " + description;
    }
  }

  private static final Map<SpecVersion.VersionFlag, JsonSchemaFactory> FACTORIES = new HashMap<>();

  private static synchronized JsonSchemaFactory factory(SpecVersion.VersionFlag v) {
    return FACTORIES.computeIfAbsent(v, flag -> JsonSchemaFactory.getInstance(flag, b -> b.schemaLoaders(
        loaders -> loaders.add(new AllowSchemaLoader(iri -> iri.toString().startsWith("classpath:"))))));
  }

  /** Compiles a schema; throws SchemaError with OPA's message when it is not a valid schema. */
  static JsonSchema compile(JsonNode schema) {
    String problem = SchemaCheck.check(schema);
    if (problem != null) {
      throw new SchemaError(problem);
    }
    SpecVersion.VersionFlag version = SpecVersion.VersionFlag.V7;
    JsonNode declared = schema.isObject() ? schema.get("$schema") : null;
    if (declared != null && declared.isTextual()) {
      String d = declared.asText();
      if (d.contains("draft-04")) {
        version = SpecVersion.VersionFlag.V4;
      } else if (d.contains("draft-06")) {
        version = SpecVersion.VersionFlag.V6;
      } else if (d.contains("2019-09")) {
        version = SpecVersion.VersionFlag.V201909;
      } else if (d.contains("2020-12")) {
        version = SpecVersion.VersionFlag.V202012;
      }
    }
    try {
      JsonSchema s = factory(version).getSchema(schema);
      s.initializeValidators();
      return s;
    } catch (RuntimeException e) {
      throw new SchemaError(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /** A schema that does not compile. */
  static final class SchemaError extends RuntimeException {
    SchemaError(String message) {
      super(message);
    }
  }

  /** The order in which OPA's library checks a node's keywords. */
  private static final List<String> ORDER = List.of("type", "false", "anyOf", "oneOf", "allOf", "not", "dependencies",
      "dependentRequired", "then", "else", "const", "enum", "items", "additionalItems", "minItems", "maxItems", "uniqueItems",
      "contains", "maxProperties", "minProperties", "required", "additionalProperties", "propertyNames", "minLength",
      "maxLength", "pattern", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "format");

  /**
   * Errors in OPA's order: a node's own errors before those of its children, a node's keywords
   * in the order OPA checks them; an anyOf or oneOf that fails is one error at the node followed
   * by the errors of its first alternative.
   */
  static List<Error> validate(JsonSchema schema, JsonNode document) {
    List<ValidationMessage> all = new ArrayList<>(schema.validate(document));
    List<ValidationMessage> kept = new ArrayList<>();
    Map<String, Boolean> groups = new HashMap<>();
    List<ValidationMessage> synthetic = new ArrayList<>();
    for (ValidationMessage m : all) {
      if (m.getType().equals("oneOf") || m.getType().equals("anyOf")) {
        // The validator reported the applicator itself: no error of ours stands for it.
        String p = m.getEvaluationPath().toString();
        groups.put(p.substring(0, p.length() - m.getType().length() - 1), true);
      }
    }
    for (ValidationMessage m : all) {
      String path = m.getEvaluationPath().toString();
      int at = firstApplicator(path);
      if (at < 0) {
        kept.add(m);
        continue;
      }
      String group = path.substring(0, at);
      String branch = path.substring(at);
      if (!groups.containsKey(group)) {
        groups.put(group, true);
        synthetic.add(m);
      }
      if (branch.matches("\\.(anyOf|oneOf)\\[0].*")) {
        kept.add(m);
      }
    }
    List<Error> out = new ArrayList<>();
    List<Object[]> ranked = new ArrayList<>();
    for (ValidationMessage m : synthetic) {
      String path = m.getEvaluationPath().toString();
      int at = firstApplicator(path);
      String kw = path.startsWith(".anyOf[", at) ? "anyOf" : "oneOf";
      String loc = m.getInstanceLocation().toString();
      Error e = kw.equals("anyOf") ? new Error("number_any_of", field(loc), "Must validate at least one schema (anyOf)")
          : new Error("number_one_of", field(loc), "Must validate one and only one schema (oneOf)");
      ranked.add(new Object[] {depth(loc), ORDER.indexOf(kw), ranked.size(), e});
    }
    for (ValidationMessage m : kept) {
      String loc = m.getInstanceLocation().toString();
      int rank = ORDER.indexOf(m.getType());
      ranked.add(new Object[] {depth(loc), rank < 0 ? ORDER.size() : rank, ranked.size(), map(m)});
    }
    ranked.sort((x, y) -> {
      int c = Integer.compare((int) x[0], (int) y[0]);
      if (c == 0 && (int) x[0] == (int) y[0]) {
        c = Integer.compare((int) x[1], (int) y[1]);
      }
      return c != 0 ? c : Integer.compare((int) x[2], (int) y[2]);
    });
    for (Object[] r : ranked) {
      out.add((Error) r[3]);
    }
    return out;
  }

  private static int firstApplicator(String path) {
    int a = path.indexOf(".anyOf[");
    int o = path.indexOf(".oneOf[");
    return a < 0 ? o : o < 0 ? a : Math.min(a, o);
  }

  private static int depth(String location) {
    return location.equals("$") ? 0 : location.split("[.\\[]").length - 1;
  }

  private static Error map(ValidationMessage m) {
    String field = field(m.getInstanceLocation().toString());
    JsonNode s = m.getSchemaNode();
    JsonNode v = m.getInstanceNode();
    String kw = m.getType();
    return switch (kw) {
      case "type" -> new Error("invalid_type", field, "Invalid type. Expected: " + types(s) + ", given: " + typeOf(v));
      case "required" -> new Error("required", field, m.getProperty() + " is required");
      case "enum" -> new Error("enum", field, field + " must be one of the following: " + joined(s));
      case "const" -> new Error("const", field, field + " does not match: " + s);
      case "minimum" -> new Error("number_gte", field, "Must be greater than or equal to " + number(s));
      case "exclusiveMinimum" -> new Error("number_gt", field, "Must be greater than " + number(s));
      case "maximum" -> new Error("number_lte", field, "Must be less than or equal to " + number(s));
      case "exclusiveMaximum" -> new Error("number_lt", field, "Must be less than " + number(s));
      case "multipleOf" -> new Error("multiple_of", field, "Must be a multiple of " + number(s));
      case "minLength" -> new Error("string_gte", field, "String length must be greater than or equal to " + s.asText());
      case "maxLength" -> new Error("string_lte", field, "String length must be less than or equal to " + s.asText());
      case "pattern" -> new Error("pattern", field, "Does not match pattern '" + s.asText() + "'");
      case "format" -> new Error("format", field, "Does not match format '" + s.asText() + "'");
      case "minItems" -> new Error("array_min_items", field, "Array must have at least " + s.asText() + " items");
      case "maxItems" -> new Error("array_max_items", field, "Array must have at most " + s.asText() + " items");
      case "uniqueItems" -> new Error("unique", field, "array items" + duplicate(v) + " must be unique");
      case "minProperties" -> new Error("array_min_properties", field, "Must have at least " + s.asText() + " properties");
      case "maxProperties" -> new Error("array_max_properties", field, "Must have at most " + s.asText() + " properties");
      case "additionalProperties" -> new Error("additional_property_not_allowed", field,
          "Additional property " + m.getProperty() + " is not allowed");
      case "additionalItems", "items" -> new Error("array_no_additional_items", field, "No additional items allowed on array");
      case "contains" -> new Error("contains", field, "At least one of the items must match");
      case "anyOf" -> new Error("number_any_of", field, "Must validate at least one schema (anyOf)");
      case "oneOf" -> new Error("number_one_of", field, "Must validate one and only one schema (oneOf)");
      case "allOf" -> new Error("number_all_of", field, "Must validate all the schemas (allOf)");
      case "not" -> new Error("number_not", field, "Must not validate the schema (not)");
      case "dependencies", "dependentRequired" -> new Error("missing_dependency", field,
          "Has a dependency on " + (m.getArguments() != null && m.getArguments().length > 1 ? m.getArguments()[1] : m.getProperty()));
      case "propertyNames" -> new Error("invalid_property_name", field, "Property name of \"" + m.getProperty() + "\" does not match");
      case "false" -> new Error("false", field, "False always fails validation");
      case "then" -> new Error("condition_then", field, "Must validate \"then\" as \"if\" was valid");
      case "else" -> new Error("condition_else", field, "Must validate \"else\" as \"if\" was not valid");
      default -> new Error(kw, field, m.getMessage());
    };
  }

  /** OPA's field: the instance path below the root ({@code a.0.b}), or {@code (Root)}. */
  static String field(String location) {
    if (location.equals("$")) {
      return "(Root)";
    }
    String path = location.startsWith("$.") ? location.substring(2) : location.startsWith("$") ? location.substring(1) : location;
    return path.replaceAll("\\[(\\d+)]", ".$1").replaceAll("^\\.", "").replaceAll("\\['([^']*)']", ".$1");
  }

  /** OPA's name of a JSON value's type; integral numbers are "integer". */
  static String typeOf(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "null";
    } else if (v.isBoolean()) {
      return "boolean";
    } else if (v.isNumber()) {
      return v.isIntegralNumber() || v.decimalValue().stripTrailingZeros().scale() <= 0 ? "integer" : "number";
    } else if (v.isTextual()) {
      return "string";
    } else if (v.isArray()) {
      return "array";
    }
    return "object";
  }

  private static String types(JsonNode t) {
    if (t.isArray()) {
      List<String> names = new ArrayList<>();
      t.forEach(x -> names.add(x.asText()));
      return names.size() == 1 ? names.get(0) : "[" + String.join(",", names) + "]";
    }
    return t.asText();
  }

  private static String joined(JsonNode list) {
    List<String> items = new ArrayList<>();
    list.forEach(x -> items.add(x.toString()));
    return String.join(", ", items);
  }

  private static String number(JsonNode n) {
    return n.isNumber() ? n.numberValue().toString() : n.asText();
  }

  /** {@code [i,j]} of the first repeated item, as OPA names it. */
  private static String duplicate(JsonNode array) {
    Map<String, Integer> seen = new HashMap<>();
    for (int j = 0; array != null && j < array.size(); j++) {
      Integer i = seen.putIfAbsent(array.get(j).toString(), j);
      if (i != null) {
        return "[" + i + "," + j + "]";
      }
    }
    return "";
  }
}
