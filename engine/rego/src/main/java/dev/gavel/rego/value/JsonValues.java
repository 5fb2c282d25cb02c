package dev.gavel.rego.value;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.rego.EvalLimits;
import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between Jackson trees and Rego values. Numbers are read exactly (BigDecimal); when
 * writing JSON, sets become arrays in canonical order and non-string object keys become their JSON
 * text, as OPA does.
 */
public final class JsonValues {
  /** Reads numbers exactly; shared, immutable configuration. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private JsonValues() {}

  /** Parses JSON text into a value; throws JsonProcessingException with a location on bad input. */
  public static Value parse(String json) throws JsonProcessingException {
    return fromJson(MAPPER.readTree(json));
  }

  /**
   * Converts a Jackson tree; null and missing nodes become null.
   *
   * @throws RegoException eval_limit_exceeded when the tree nests deeper than
   *     {@link EvalLimits#DEFAULT_MAX_DEPTH}: conversion and evaluation recurse per level, and a
   *     tree built by hand (or read with relaxed parser constraints) can be arbitrarily deep
   */
  public static Value fromJson(JsonNode node) {
    return fromJson(node, EvalLimits.DEFAULT_MAX_DEPTH);
  }

  /** Like {@link #fromJson(JsonNode)} with another depth limit ({@code maxDepth} must be positive). */
  public static Value fromJson(JsonNode node, int maxDepth) {
    if (maxDepth <= 0) {
      throw new IllegalArgumentException("maxDepth must be positive but was " + maxDepth);
    }
    return convert(node, 0, maxDepth);
  }

  private static Value convert(JsonNode node, int depth, int maxDepth) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NullValue.INSTANCE;
    }
    if (node.isBoolean()) {
      return BooleanValue.of(node.booleanValue());
    }
    if (node.isNumber()) {
      if (node.isIntegralNumber()) {
        return NumberValue.of(node.bigIntegerValue());
      }
      if (node.isDouble() || node.isFloat()) {
        return NumberValue.of(node.doubleValue());
      }
      return NumberValue.of(node.decimalValue());
    }
    if (node.isTextual()) {
      return StringValue.of(node.textValue());
    }
    if (node.isContainerNode() && depth >= maxDepth) {
      throw new RegoException(RegoError.EVAL_LIMIT, Location.NONE,
          "JSON document nests deeper than the nesting depth limit of " + maxDepth);
    }
    if (node.isArray()) {
      List<Value> out = new ArrayList<>(node.size());
      for (JsonNode e : node) {
        out.add(convert(e, depth + 1, maxDepth));
      }
      return ArrayValue.of(out);
    }
    if (node.isObject()) {
      LinkedHashMap<Value, Value> m = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(StringValue.of(e.getKey()), convert(e.getValue(), depth + 1, maxDepth));
      }
      return ObjectValue.owning(m);
    }
    if (node.isBinary()) {
      throw new IllegalArgumentException("binary JSON nodes are not Rego values");
    }
    return StringValue.of(node.asText());
  }

  public static JsonNode toJson(Value v) {
    JsonNodeFactory f = MAPPER.getNodeFactory();
    if (v instanceof NullValue) {
      return f.nullNode();
    }
    if (v instanceof BooleanValue b) {
      return f.booleanNode(b.value());
    }
    if (v instanceof NumberValue n) {
      return numberNode(f, n.value());
    }
    if (v instanceof StringValue s) {
      return f.textNode(s.value());
    }
    if (v instanceof ArrayValue a) {
      ArrayNode arr = f.arrayNode(a.size());
      for (Value e : a.elements()) {
        arr.add(toJson(e));
      }
      return arr;
    }
    if (v instanceof SetValue s) {
      ArrayNode arr = f.arrayNode(s.size());
      for (Value e : s.elements()) {
        arr.add(toJson(e));
      }
      return arr;
    }
    ObjectValue o = (ObjectValue) v;
    ObjectNode obj = f.objectNode();
    for (Value k : o.keys()) {
      obj.set(keyText(k), toJson(o.get(k)));
    }
    return obj;
  }

  private static JsonNode numberNode(JsonNodeFactory f, BigDecimal d) {
    BigDecimal s = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    if (s.scale() <= 0 && s.precision() - s.scale() < 400) {
      return f.numberNode(s.toBigIntegerExact());
    }
    return f.numberNode(s);
  }

  /** An object key as JSON output shows it: strings as themselves, other values as JSON text. */
  public static String keyText(Value k) {
    return k instanceof StringValue s ? s.value() : write(k);
  }

  /** Compact JSON text. */
  public static String write(Value v) {
    try {
      return MAPPER.writeValueAsString(toJson(v));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise value", e);
    }
  }

  /** Indented JSON text. */
  public static String writePretty(Value v) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(v));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise value", e);
    }
  }
}
