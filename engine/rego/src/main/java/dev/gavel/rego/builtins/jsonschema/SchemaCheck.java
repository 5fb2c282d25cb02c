package dev.gavel.rego.builtins.jsonschema;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks OPA's JSON Schema library makes when it compiles a schema, with its messages
 * ("has a primitive type that is NOT VALID -- given: /unknown/ ...", "minLength must be of an
 * integer", "pattern must be a valid regex"), walked over every subschema. The validator itself
 * accepts such schemas silently, so verify_schema and match_schema ask this first.
 */
final class SchemaCheck {
  private static final List<String> TYPES = List.of("array", "boolean", "integer", "number", "null", "object", "string");
  private static final List<String> SUBSCHEMA_MAPS = List.of("properties", "patternProperties", "definitions", "$defs");
  private static final List<String> SUBSCHEMAS = List.of("additionalProperties", "additionalItems", "propertyNames",
      "contains", "not", "if", "then", "else");
  private static final List<String> SUBSCHEMA_LISTS = List.of("allOf", "anyOf", "oneOf");

  private SchemaCheck() {}

  /** Null when the schema compiles, else OPA's message. */
  static String check(JsonNode schema) {
    try {
      walk(schema);
      return null;
    } catch (Invalid e) {
      return e.getMessage();
    }
  }

  private static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private static void walk(JsonNode s) {
    if (s.isBoolean()) {
      return;
    }
    if (!s.isObject()) {
      throw new Invalid("Invalid type. Expected: object, given: " + GoJsonSchema.typeOf(s));
    }
    JsonNode type = s.get("type");
    if (type != null) {
      if (type.isTextual()) {
        validType(type.asText());
      } else if (type.isArray()) {
        Set<String> seen = new HashSet<>();
        for (JsonNode t : type) {
          if (!t.isTextual()) {
            throw new Invalid("Invalid type. Expected: string, given: " + GoJsonSchema.typeOf(t));
          }
          validType(t.asText());
          if (!seen.add(t.asText())) {
            throw new Invalid(t.asText() + " type is duplicated");
          }
        }
      } else {
        throw new Invalid("Invalid type. Expected: type, given: string/Array Of Strings");
      }
    }
    for (String k : List.of("minimum", "maximum", "multipleOf")) {
      JsonNode n = s.get(k);
      if (n != null && !n.isNumber()) {
        throw new Invalid(k + " must be of a number");
      }
    }
    JsonNode multiple = s.get("multipleOf");
    if (multiple != null && multiple.decimalValue().signum() <= 0) {
      throw new Invalid("multipleOf must be strictly greater than 0");
    }
    for (String k : List.of("minLength", "maxLength", "minProperties", "maxProperties", "minItems", "maxItems")) {
      JsonNode n = s.get(k);
      if (n != null) {
        if (!n.isIntegralNumber() && !(n.isNumber() && n.decimalValue().stripTrailingZeros().scale() <= 0)) {
          throw new Invalid(k + " must be of an integer");
        }
        if (n.asLong() < 0) {
          throw new Invalid(k + " must be greater than or equal to 0");
        }
      }
    }
    ordered(s, "minLength", "maxLength", "cannot be greater than");
    ordered(s, "minProperties", "maxProperties", "cannot be greater than");
    JsonNode pattern = s.get("pattern");
    if (pattern != null) {
      if (!pattern.isTextual() || !compiles(pattern.asText())) {
        throw new Invalid("pattern must be a valid regex");
      }
    }
    unique(s, "required");
    unique(s, "enum");
    JsonNode unique = s.get("uniqueItems");
    if (unique != null && !unique.isBoolean()) {
      throw new Invalid("uniqueItems must be of a boolean");
    }
    for (String k : SUBSCHEMA_MAPS) {
      JsonNode m = s.get(k);
      if (m != null) {
        if (!m.isObject()) {
          throw new Invalid(k + " must be of type object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (k.equals("patternProperties") && !compiles(e.getKey())) {
            throw new Invalid("Invalid regex pattern '" + e.getKey() + "'");
          }
          walk(e.getValue());
        }
      }
    }
    for (String k : SUBSCHEMAS) {
      JsonNode sub = s.get(k);
      if (sub != null && !(sub.isBoolean() && (k.startsWith("additional")))) {
        if (!sub.isObject() && !sub.isBoolean()) {
          throw new Invalid(k + " must be of an object");
        }
        walk(sub);
      }
    }
    for (String k : SUBSCHEMA_LISTS) {
      JsonNode list = s.get(k);
      if (list != null) {
        if (!list.isArray()) {
          throw new Invalid(k + " must be of an array");
        }
        for (JsonNode sub : list) {
          walk(sub);
        }
      }
    }
    JsonNode items = s.get("items");
    if (items != null) {
      if (items.isArray()) {
        for (JsonNode sub : items) {
          walk(sub);
        }
      } else {
        walk(items);
      }
    }
  }

  private static void validType(String t) {
    if (!TYPES.contains(t)) {
      throw new Invalid("has a primitive type that is NOT VALID -- given: /" + t
          + "/ Expected valid values are:[array boolean integer number null object string]");
    }
  }

  private static void ordered(JsonNode s, String min, String max, String wording) {
    JsonNode a = s.get(min);
    JsonNode b = s.get(max);
    if (a != null && b != null && a.asLong() > b.asLong()) {
      throw new Invalid(min + " " + wording + " " + max);
    }
  }

  private static void unique(JsonNode s, String key) {
    JsonNode list = s.get(key);
    if (list == null) {
      return;
    }
    if (!list.isArray()) {
      throw new Invalid(key + " must be of an array");
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode v : list) {
      if (!seen.add(v.toString())) {
        throw new Invalid(key + " items must be unique");
      }
    }
  }

  private static boolean compiles(String regex) {
    try {
      Pattern.compile(regex);
      return true;
    } catch (PatternSyntaxException e) {
      return false;
    }
  }
}
