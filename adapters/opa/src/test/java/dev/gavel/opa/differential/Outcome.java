package dev.gavel.opa.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import java.util.Map;
import java.util.Objects;

/**
 * What an engine made of a program and an input: a value (as JSON), undefined, or an error. Two
 * engines agree when the kinds agree and then the values (numbers compared by value) or the error
 * codes; error messages are kept for people and never compared, since OPA's wording is its own.
 * The regression cases store OPA's outcome in this form (engine/rego's DifferentialRegressionTest
 * reads it back).
 */
record Outcome(Kind kind, JsonNode value, String code, String message) {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  enum Kind { VALUE, UNDEFINED, COMPILE_ERROR, EVAL_ERROR, TIMEOUT, CRASH }

  Outcome {
    Objects.requireNonNull(kind, "kind");
    value = value == null ? null : normalise(value);
    code = code == null ? "" : code;
    message = message == null ? "" : message;
  }

  static Outcome value(JsonNode v) {
    return new Outcome(Kind.VALUE, v, null, null);
  }

  static Outcome undefined() {
    return new Outcome(Kind.UNDEFINED, null, null, null);
  }

  static Outcome error(Kind kind, String code, String message) {
    return new Outcome(kind, null, code, message);
  }

  /** The same answer: kind, then value or error code. A timeout or a crash never agrees. */
  boolean agrees(Outcome o) {
    if (kind != o.kind || kind == Kind.TIMEOUT || kind == Kind.CRASH) {
      return false;
    }
    return switch (kind) {
      case VALUE -> value.equals(o.value);
      case COMPILE_ERROR, EVAL_ERROR -> code.equals(o.code);
      default -> true;
    };
  }

  /**
   * Kind, code and the shape of the error message: what must stay the same while a disagreement is
   * shrunk, so that it stays the same disagreement.
   */
  String signature() {
    return kind + (code.isEmpty() ? "" : " " + code) + (kind == Kind.COMPILE_ERROR || kind == Kind.EVAL_ERROR ? ": " + shape(message) : "");
  }

  /**
   * An error message without its location and code, generated names and numbers made alike
   * ({@code prog:3: rego_compile_error: declared var x12 unused} is {@code declared var _ unused}).
   */
  static String shape(String message) {
    String s = firstLine(message).replaceFirst("^\\S*:\\d+(:\\d+)?: ", "").replaceFirst("^[a-z_]+_error: ", "");
    if (s.startsWith("undefined ref: ")) {
      return "undefined ref"; // the rest is the ref's text as OPA rewrote it
    }
    return s.replaceAll("\\b[xkpie]\\d+\\b", "_").replaceAll("\\d+", "#");
  }

  @Override
  public String toString() {
    return switch (kind) {
      case VALUE -> "value " + value;
      case UNDEFINED -> "undefined";
      default -> kind.name().toLowerCase() + " " + code + (message.isEmpty() ? "" : ": " + firstLine(message));
    };
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  ObjectNode toJson() {
    ObjectNode o = F.objectNode().put("kind", kind.name().toLowerCase());
    if (value != null) {
      o.set("value", value);
    }
    if (!code.isEmpty()) {
      o.put("code", code);
    }
    if (!message.isEmpty()) {
      o.put("message", message);
    }
    return o;
  }

  static Outcome fromJson(JsonNode o) {
    return new Outcome(Kind.valueOf(o.path("kind").asText().toUpperCase()), o.get("value"), o.path("code").asText(null),
        o.path("message").asText(null));
  }

  /** Numbers as exact decimals without trailing zeros (1, 1.0 and 1e0 are one number); the rest as is. */
  static JsonNode normalise(JsonNode n) {
    if (n.isNumber()) {
      java.math.BigDecimal d = n.decimalValue().stripTrailingZeros();
      return F.numberNode(d.signum() == 0 ? java.math.BigDecimal.ZERO : d);
    }
    if (n.isArray()) {
      ArrayNode a = F.arrayNode();
      n.forEach(x -> a.add(normalise(x)));
      return a;
    }
    if (n.isObject()) {
      ObjectNode o = F.objectNode();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        o.set(e.getKey(), normalise(e.getValue()));
      }
      return o;
    }
    return n;
  }

  /** JSON text to a tree, for constants written in code. */
  static JsonNode json(String text) {
    try {
      return Json.read(text);
    } catch (Json.ParseException e) {
      throw new IllegalArgumentException(e.located(), e);
    }
  }
}
