package dev.gavel.json;

/**
 * The one JSON string escaper. Escapes exactly what RFC 8785 (and Go's encoding/json since 1.22,
 * which OPA uses) escape: the quote, the backslash, the short forms {@code \b \f \n \r \t}, and
 * every other control character as backslash-u-00xx in lowercase hex. Nothing else is escaped.
 */
public final class JsonStrings {
  private JsonStrings() {}

  /** What to do with a UTF-16 surrogate that is not part of a pair. */
  public enum LoneSurrogates {
    /** Refuse: RFC 8785 canonical JSON must be valid Unicode. */
    REJECT,
    /** Write it as a backslash-u escape (valid JSON text that reads back to the same string). */
    ESCAPE
  }

  /** {@code s} as a JSON string literal; lone surrogates are escaped. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    appendQuoted(sb, s, LoneSurrogates.ESCAPE);
    return sb.toString();
  }

  /**
   * Appends {@code s} as a JSON string literal. With {@link LoneSurrogates#REJECT}, throws
   * IllegalArgumentException naming the offending index.
   */
  public static void appendQuoted(StringBuilder sb, String s, LoneSurrogates lone) {
    // Most strings need no escaping: find the first character that does, copy the rest whole.
    int n = s.length();
    int first = 0;
    while (first < n) {
      char c = s.charAt(first);
      if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        break;
      }
      first++;
    }
    sb.append('"');
    if (first == n) {
      sb.append(s).append('"');
      return;
    }
    sb.append(s, 0, first);
    for (int i = first; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
        if (paired) {
          sb.append(c).append(s.charAt(++i));
        } else if (lone == LoneSurrogates.REJECT) {
          throw new IllegalArgumentException("lone surrogate U+" + Integer.toHexString(c).toUpperCase()
              + " in string at index " + i);
        } else {
          hex(sb, c);
        }
        continue;
      }
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            hex(sb, c);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** The index of the first lone surrogate in {@code s}, or -1 when it is valid Unicode. */
  public static int loneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void hex(StringBuilder sb, char c) {
    sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
  }
}
