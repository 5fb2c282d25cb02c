package dev.gavel.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 JSON Canonicalization Scheme: object members sorted by their UTF-16 code units, no
 * insignificant whitespace, minimal string escaping, and numbers serialised as ECMAScript does.
 * The output bytes are what the ledger hashes.
 */
public final class CanonicalJson {
  private static final BigDecimal MAX_SAFE = new BigDecimal("9007199254740991");

  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of a JSON value; throws IllegalArgumentException for non-JSON values. */
  public static byte[] canonicalize(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    write(node, sb);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code sha256:<hex>} of the canonical bytes: how Gavel names a JSON document by content (DESIGN 3.2). */
  public static String sha256(JsonNode node) {
    try {
      return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(canonicalize(node)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** The canonical text of a JSON value. */
  public static String text(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    write(node, sb);
    return sb.toString();
  }

  private static void write(JsonNode n, StringBuilder sb) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      sb.append("null");
    } else if (n.isBoolean()) {
      sb.append(n.booleanValue());
    } else if (n.isNumber()) {
      sb.append(number(n));
    } else if (n.isTextual()) {
      string(n.textValue(), sb);
    } else if (n.isArray()) {
      sb.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(n.get(i), sb);
      }
      sb.append(']');
    } else if (n.isObject()) {
      List<String> keys = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        keys.add(it.next().getKey());
      }
      // String.compareTo compares UTF-16 code units, exactly RFC 8785's ordering.
      keys.sort(String::compareTo);
      sb.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        string(keys.get(i), sb);
        sb.append(':');
        write(n.get(keys.get(i)), sb);
      }
      sb.append('}');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + n.getNodeType());
    }
  }

  /** ECMAScript Number.prototype.toString of the value as an IEEE double. */
  static String number(JsonNode n) {
    if (n.isInt() || n.isLong()) {
      long v = n.longValue();
      if (v >= -9007199254740991L && v <= 9007199254740991L) {
        return Long.toString(v);
      }
    }
    if (n.isIntegralNumber()) {
      BigInteger bi = n.bigIntegerValue();
      if (new BigDecimal(bi).abs().compareTo(MAX_SAFE) <= 0) {
        return bi.toString();
      }
      return ecmaDouble(bi.doubleValue());
    }
    BigDecimal d = n.decimalValue();
    if (d.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = d.stripTrailingZeros();
    if (stripped.scale() <= 0 && stripped.abs().compareTo(MAX_SAFE) <= 0) {
      return stripped.toBigIntegerExact().toString();
    }
    return ecmaDouble(d.doubleValue());
  }

  static String ecmaDouble(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("RFC 8785 forbids NaN and infinities");
    }
    if (v == 0) {
      return "0";
    }
    // Shortest round-tripping digits and exponent (Double.toString gives them for doubles).
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int k = digits.length();
    int nExp = k - bd.scale(); // value = 0.digits * 10^nExp
    StringBuilder sb = new StringBuilder();
    if (v < 0) {
      sb.append('-');
    }
    if (k <= nExp && nExp <= 21) {
      sb.append(digits);
      sb.append("0".repeat(nExp - k));
    } else if (0 < nExp && nExp <= 21) {
      sb.append(digits, 0, nExp).append('.').append(digits.substring(nExp));
    } else if (-6 < nExp && nExp <= 0) {
      sb.append("0.").append("0".repeat(-nExp)).append(digits);
    } else {
      int e = nExp - 1;
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits.substring(1));
      }
      sb.append('e').append(e >= 0 ? "+" : "-").append(Math.abs(e));
    }
    return sb.toString();
  }

  private static void string(String s, StringBuilder sb) {
    JsonStrings.appendQuoted(sb, s, JsonStrings.LoneSurrogates.REJECT);
  }
}
