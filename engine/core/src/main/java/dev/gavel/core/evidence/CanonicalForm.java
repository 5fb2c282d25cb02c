package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.RequestProblem;
import dev.gavel.json.Json;
import dev.gavel.json.JsonStrings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a document must satisfy before Gavel hashes, signs or records it: RFC 8785 canonical JSON
 * can write it. Every number must be a finite IEEE 754 double (so {@code 1e400} is out) and every
 * string, field names included, must be valid Unicode (no lone UTF-16 surrogate such as the JSON
 * escape {@code "\ud800"}). The same check applies to the request and to every JSON document
 * decoded out of it (signed payloads, JWS headers), and names each offending value by its path.
 */
public final class CanonicalForm {
  private CanonicalForm() {}

  /** Every value under {@code node} that canonical JSON cannot represent, named from {@code path}. */
  public static List<RequestProblem> problems(JsonNode node, String path) {
    List<RequestProblem> out = new ArrayList<>();
    walk(node, path, out);
    return out;
  }

  private static void walk(JsonNode n, String path, List<RequestProblem> out) {
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String at = child(path, e.getKey());
        int lone = JsonStrings.loneSurrogate(e.getKey());
        if (lone >= 0) {
          out.add(new RequestProblem(at, "field name is not valid Unicode: " + surrogate(e.getKey(), lone)));
        }
        walk(e.getValue(), at, out);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        walk(n.get(i), path + "[" + i + "]", out);
      }
    } else if (n.isTextual()) {
      int lone = JsonStrings.loneSurrogate(n.textValue());
      if (lone >= 0) {
        out.add(new RequestProblem(path, "string is not valid Unicode: " + surrogate(n.textValue(), lone)));
      }
    } else if (n.isNumber() && !Double.isFinite(n.doubleValue())) {
      out.add(new RequestProblem(path, "number is out of range: canonical JSON (RFC 8785) numbers are finite "
          + "IEEE 754 doubles (magnitude below 1.8e308)"));
    }
  }

  private static String surrogate(String s, int index) {
    return "lone surrogate U+" + Integer.toHexString(s.charAt(index)).toUpperCase() + " at index " + index;
  }

  /**
   * The path of field {@code key} under {@code path}: {@code $.a.b} for plain names, else
   * {@code $.a['key']} with quotes, backslashes, control characters and lone surrogates escaped.
   */
  public static String child(String path, String key) {
    if (plain(key)) {
      return path + "." + key;
    }
    StringBuilder sb = new StringBuilder(path).append("['");
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1));
      if (paired) {
        sb.append(c).append(key.charAt(++i));
      } else if (c == '\'' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append("']").toString();
  }

  /** A name written in dot form: ASCII letters, digits, {@code _ $ -}, not starting with a digit or dash. */
  private static boolean plain(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
      boolean more = (c >= '0' && c <= '9') || c == '-';
      if (!letter && !(i > 0 && more)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses JSON decoded out of the request ({@code what} says what it is, e.g. "payload") as strictly
   * as the request itself: valid UTF-8, no duplicate keys, no trailing content, exact decimals, and
   * representable in canonical JSON. Problems are reported at {@code path}, the request path of
   * the encoded value, with the position inside the decoded document in the message.
   */
  static JsonNode parseDecoded(byte[] bytes, String path, String what) throws EvidenceFormatException {
    JsonNode n;
    try {
      n = Json.read(bytes);
    } catch (Json.ParseException e) {
      throw new EvidenceFormatException(path, what + " is not valid JSON: " + e.located());
    }
    List<RequestProblem> bad = problems(n, "$");
    if (!bad.isEmpty()) {
      throw new EvidenceFormatException(path, "decoded " + what + ": " + bad.get(0));
    }
    return n;
  }
}
