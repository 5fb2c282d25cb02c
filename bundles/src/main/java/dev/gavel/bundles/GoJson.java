package dev.gavel.bundles;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The byte form OPA hashes a structured bundle file in: the document with every object's keys
 * sorted (by their UTF-8 bytes), no whitespace, strings and keys escaped as Go's
 * {@code encoding/json} escapes them with HTML escaping off  (short escapes for backspace, form feed, newline, return, tab,
 * a six-character u00XX escape for other control characters, U+2028 and U+2029 escaped, everything
 * else literal), and numbers exactly as written in JSON (OPA decodes with {@code UseNumber}). A
 * YAML document's numbers are what Go's encoder prints for the integer or float64 YAML yields.
 */
final class GoJson {
  private GoJson() {}

  /** A JSON number as written, kept apart from strings. */
  private record NumberText(String text) {}

  /** Canonical bytes of a JSON document; Json.ParseException when it is not strict JSON. */
  static byte[] fromJson(byte[] json) throws Json.ParseException {
    dev.gavel.json.Utf8.check(json);
    try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new Json.ParseException("empty document", 0, 0);
      }
      Object tree = read(p, t);
      if (p.nextToken() != null) {
        throw new Json.ParseException("trailing content after the document", p.currentLocation().getLineNr(),
            p.currentLocation().getColumnNr());
      }
      return bytes(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      var l = e.getLocation();
      throw new Json.ParseException(e.getOriginalMessage(), l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr());
    } catch (IOException e) {
      throw new Json.ParseException(e.getMessage(), 0, 0);
    }
  }

  /** Canonical bytes of a document read from YAML (numbers as Go prints int64 / float64). */
  static byte[] fromYamlTree(JsonNode node) throws Json.ParseException {
    return bytes(convert(node, true));
  }

  /**
   * Canonical bytes of a document Gavel holds (exact decimals kept as they are): what the builder
   * writes as {@code data.json}, so the file is its own canonical form.
   */
  static byte[] fromTree(JsonNode node) {
    try {
      return bytes(convert(node, false));
    } catch (Json.ParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        TreeMap<String, Object> m = new TreeMap<>(BundleArchive::compareUtf8);
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
          String k = p.currentName();
          Object v = read(p, p.nextToken());
          if (m.put(k, v) != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "duplicate key " + k);
          }
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          l.add(read(p, t));
        }
        return l;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new NumberText(p.getText());
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + t);
    }
  }

  private static Object convert(JsonNode n, boolean yaml) throws Json.ParseException {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isObject()) {
      TreeMap<String, Object> m = new TreeMap<>(BundleArchive::compareUtf8);
      var it = n.fields();
      while (it.hasNext()) {
        var e = it.next();
        m.put(e.getKey(), convert(e.getValue(), yaml));
      }
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      for (JsonNode e : n) {
        l.add(convert(e, yaml));
      }
      return l;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (!yaml && n.isNumber()) {
      if (n.isFloatingPointNumber() && !n.isBigDecimal()) {
        return new NumberText(goFloat(n.doubleValue()));
      }
      return new NumberText(n.isBigDecimal() ? n.decimalValue().toString() : n.bigIntegerValue().toString());
    }
    if (n.isIntegralNumber()) {
      BigInteger v = n.bigIntegerValue();
      if (v.bitLength() < 64) {
        return new NumberText(v.toString());
      }
      return new NumberText(goFloat(v.doubleValue()));
    }
    if (n.isNumber()) {
      return new NumberText(goFloat(n.doubleValue()));
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    throw new Json.ParseException("unsupported YAML value " + n.getNodeType(), 0, 0);
  }

  private static byte[] bytes(Object tree) {
    StringBuilder sb = new StringBuilder();
    write(tree, sb);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static void write(Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (var e : ((Map<String, Object>) m).entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(e.getKey(), sb);
        sb.append(':');
        write(e.getValue(), sb);
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(l.get(i), sb);
      }
      sb.append(']');
    } else if (v instanceof NumberText n) {
      sb.append(n.text());
    } else if (v instanceof Boolean b) {
      sb.append(b ? "true" : "false");
    } else {
      string((String) v, sb);
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** A string as Go's encoder writes it with SetEscapeHTML(false) (Go 1.22 and later). */
  static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\u2028', '\u2029' -> sb.append("\\u202").append(HEX[c & 0xf]);
        default -> {
          if (c < 0x20) {
            sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** What Go's encoding/json prints for a float64: shortest round-trip digits, 'e' form outside [1e-6, 1e21). */
  static String goFloat(double d) throws Json.ParseException {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new Json.ParseException("unsupported value: " + d + " (JSON has no NaN or infinity)", 0, 0);
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == d) {
        shortest = r;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    double abs = Math.abs(d);
    if (abs >= 1e-6 && abs < 1e21) {
      return shortest.toPlainString();
    }
    String digits = shortest.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - shortest.scale();
    StringBuilder sb = new StringBuilder();
    if (d < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    // Go prints at least two exponent digits, then encoding/json trims "e-0X" to "e-X".
    if (a < 10 && exp > 0) {
      sb.append('0');
    }
    sb.append(a);
    return sb.toString();
  }
}
