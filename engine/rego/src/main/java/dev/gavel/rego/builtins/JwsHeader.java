package dev.gavel.rego.builtins;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the raw header of io.jwt.encode_sign_raw the way OPA does (through jwx's jwsbb, on the
 * lenient fastjson parser), so that its error messages match: {@code cannot parse JSON: cannot
 * parse empty string; unparsed tail: ""}, {@code jwsbb: header "alg" not found}, {@code value
 * doesn't contain string; it contains number}. Only the top level is kept: for each key of a
 * top-level object, the first value's type and, for a string, its text.
 */
final class JwsHeader {
  private static final int MAX_DEPTH = 300;

  /** A top-level field: its fastjson type name, and the unescaped text when it is a string. */
  record Field(String type, String text) {}

  private final Map<String, Field> fields;
  private final String error;

  private JwsHeader(Map<String, Field> fields, String error) {
    this.fields = fields;
    this.error = error;
  }

  static JwsHeader parse(String json) {
    Map<String, Field> top = new LinkedHashMap<>();
    Reader r = new Reader(skipWs(json, 0), json);
    try {
      r.value(1, top);
      int end = skipWs(json, r.pos);
      if (end < json.length()) {
        return new JwsHeader(null, "unexpected tail: " + GoText.quote(startEnd(json.substring(end))));
      }
      return new JwsHeader(top, null);
    } catch (Failure f) {
      return new JwsHeader(null, "cannot parse JSON: " + f.getMessage() + "; unparsed tail: "
          + GoText.quote(startEnd(json.substring(Math.min(f.tail, json.length())))));
    }
  }

  /** The string value of a top-level key, or the error jwsbb reports for it. */
  String string(String key) {
    if (error != null) {
      throw new BuiltinException(error);
    }
    Field f = fields.get(key);
    if (f == null) {
      throw new BuiltinException("jwsbb: header \"" + key + "\" not found");
    }
    if (!f.type().equals("string")) {
      throw new BuiltinException("value doesn't contain string; it contains " + f.type());
    }
    return f.text();
  }

  /** fastjson's best-effort unescaping: a malformed escape stays as written. */
  static String unescape(String s) {
    int n = s.indexOf('\\');
    if (n < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.substring(0, n));
    int i = n;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        b.append(c);
        i++;
        continue;
      }
      char e = s.charAt(i + 1);
      i += 2;
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          int x = hex4(s, i);
          if (x < 0) {
            b.append("\\u");
          } else if (!Character.isSurrogate((char) x)) {
            b.append((char) x);
            i += 4;
          } else {
            int x1 = i + 10 <= s.length() && s.startsWith("\\u", i + 4) ? hex4(s, i + 6) : -1;
            if (x1 < 0) {
              b.append("\\u").append(s, i, i + 4);
              i += 4;
            } else {
              int cp = Character.isHighSurrogate((char) x) && Character.isLowSurrogate((char) x1)
                  ? Character.toCodePoint((char) x, (char) x1) : 0xFFFD;
              b.appendCodePoint(cp);
              i += 10;
            }
          }
        }
        default -> b.append('\\').append(e);
      }
    }
    return b.toString();
  }

  private static int hex4(String s, int i) {
    if (i + 4 > s.length()) {
      return -1;
    }
    int v = 0;
    for (int j = i; j < i + 4; j++) {
      int d = Character.digit(s.charAt(j), 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  private static String startEnd(String s) {
    return s.length() <= 80 ? s : s.substring(0, 40) + "..." + s.substring(s.length() - 40);
  }

  private static int skipWs(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n' || s.charAt(i) == '\t' || s.charAt(i) == '\r')) {
      i++;
    }
    return i;
  }

  private static final class Failure extends RuntimeException {
    final int tail;

    Failure(String message, int tail) {
      super(message, null, false, false);
      this.tail = tail;
    }
  }

  /** fastjson's recursive descent, keeping its error wording and the tail it reports. */
  private static final class Reader {
    final String s;
    int pos;

    Reader(int pos, String s) {
      this.pos = pos;
      this.s = s;
    }

    /** Parses one value; {@code top} (non-null only at the top level) collects object fields. */
    String value(int depth, Map<String, Field> top) {
      if (pos >= s.length()) {
        throw new Failure("cannot parse empty string", pos);
      }
      if (depth > MAX_DEPTH) {
        throw new Failure("too big depth for the nested JSON; it exceeds " + MAX_DEPTH, pos);
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{' -> {
          pos++;
          wrap("cannot parse object: ", () -> object(depth + 1, top));
          return "object";
        }
        case '[' -> {
          pos++;
          wrap("cannot parse array: ", () -> array(depth + 1));
          return "array";
        }
        case '"' -> {
          pos++;
          wrap("cannot parse string: ", this::rawString);
          return "string";
        }
        case 't' -> {
          return literal("true");
        }
        case 'f' -> {
          return literal("false");
        }
        case 'n' -> {
          if (s.startsWith("null", pos)) {
            pos += 4;
            return "null";
          }
          if (s.length() - pos >= 3 && s.substring(pos, pos + 3).equalsIgnoreCase("nan")) {
            pos += 3;
            return "number";
          }
          throw new Failure("unexpected value found: " + GoText.quote(s.substring(pos)), pos);
        }
        default -> {
          wrap("cannot parse number: ", this::number);
          return "number";
        }
      }
    }

    private void wrap(String prefix, Runnable r) {
      try {
        r.run();
      } catch (Failure f) {
        throw new Failure(prefix + f.getMessage(), f.tail);
      }
    }

    private String literal(String word) {
      if (!s.startsWith(word, pos)) {
        throw new Failure("unexpected value found: " + GoText.quote(s.substring(pos)), pos);
      }
      pos += word.length();
      return word;
    }

    private void array(int depth) {
      pos = skipWs(s, pos);
      if (pos >= s.length()) {
        throw new Failure("missing ']'", pos);
      }
      if (s.charAt(pos) == ']') {
        pos++;
        return;
      }
      while (true) {
        pos = skipWs(s, pos);
        wrap("cannot parse array value: ", () -> value(depth, null));
        pos = skipWs(s, pos);
        if (pos >= s.length()) {
          throw new Failure("unexpected end of array", pos);
        }
        char c = s.charAt(pos);
        if (c == ',') {
          pos++;
        } else if (c == ']') {
          pos++;
          return;
        } else {
          throw new Failure("missing ',' after array value", pos);
        }
      }
    }

    private void object(int depth, Map<String, Field> top) {
      pos = skipWs(s, pos);
      if (pos >= s.length()) {
        throw new Failure("missing '}'", pos);
      }
      if (s.charAt(pos) == '}') {
        pos++;
        return;
      }
      while (true) {
        pos = skipWs(s, pos);
        if (pos >= s.length() || s.charAt(pos) != '"') {
          throw new Failure("cannot find opening '\"\" for object key", pos);
        }
        pos++;
        int keyStart = pos;
        wrap("cannot parse object key: ", this::rawString);
        String key = unescape(s.substring(keyStart, pos - 1));
        pos = skipWs(s, pos);
        if (pos >= s.length() || s.charAt(pos) != ':') {
          throw new Failure("missing ':' after object key", pos);
        }
        pos = skipWs(s, pos + 1);
        int valueStart = pos;
        String[] type = new String[1];
        wrap("cannot parse object value: ", () -> type[0] = value(depth, null));
        if (top != null && !top.containsKey(key)) {
          String text = type[0].equals("string") ? unescape(s.substring(valueStart + 1, pos - 1)) : null;
          top.put(key, new Field(type[0], text));
        }
        pos = skipWs(s, pos);
        if (pos >= s.length()) {
          throw new Failure("unexpected end of object", pos);
        }
        char c = s.charAt(pos);
        if (c == ',') {
          pos++;
        } else if (c == '}') {
          pos++;
          return;
        } else {
          throw new Failure("missing ',' after object value", pos);
        }
      }
    }

    /** After the opening quote: to just past the closing quote (an even run of backslashes before it). */
    private void rawString() {
      int i = pos;
      while (true) {
        int n = s.indexOf('"', i);
        if (n < 0) {
          pos = s.length();
          throw new Failure("missing closing '\"'", s.length());
        }
        int backslashes = 0;
        for (int j = n - 1; j >= pos && s.charAt(j) == '\\'; j--) {
          backslashes++;
        }
        if (backslashes % 2 == 0) {
          pos = n + 1;
          return;
        }
        i = n + 1;
      }
    }

    private void number() {
      int i = pos;
      for (; i < s.length(); i++) {
        char ch = s.charAt(i);
        if ((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == 'e' || ch == 'E' || ch == '+') {
          continue;
        }
        if (i == pos || (i == pos + 1 && (s.charAt(pos) == '-' || s.charAt(pos) == '+'))) {
          if (s.length() - i >= 3) {
            String xs = s.substring(i, i + 3);
            if (xs.equalsIgnoreCase("inf") || xs.equalsIgnoreCase("nan")) {
              pos = i + 3;
              return;
            }
          }
          throw new Failure("unexpected char: " + GoText.quote(s.substring(pos, pos + 1)), pos);
        }
        break;
      }
      pos = i;
    }
  }
}
