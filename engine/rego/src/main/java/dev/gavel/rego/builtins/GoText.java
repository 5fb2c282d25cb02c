package dev.gavel.rego.builtins;

/** Text as Go's strconv formats it, for error messages that must read like OPA's. */
final class GoText {
  private GoText() {}

  /** strconv.Quote: a double-quoted Go string literal; printable characters are kept as they are. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case 7 -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 11 -> sb.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", c));
          } else if (!printable(c)) {
            sb.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
          } else {
            sb.appendCodePoint(c);
          }
        }
      }
    });
    return sb.append('"').toString();
  }

  /** strconv.QuoteRune: {@code 'e'}. */
  static String quoteRune(int c) {
    String q = quote(new String(Character.toChars(c)));
    String inner = q.substring(1, q.length() - 1).replace("\\\"", "\"");
    return "'" + (c == '\'' ? "\\'" : inner) + "'";
  }

  /** Go's {@code %#U}: {@code U+0067 'g'}, without the quoted rune when it is not printable. */
  static String unicodeVerb(int c) {
    String hex = String.format("U+%04X", c);
    return printable(c) ? hex + " '" + new String(Character.toChars(c)) + "'" : hex;
  }

  static boolean printable(int c) {
    int t = Character.getType(c);
    return t != Character.CONTROL && t != Character.FORMAT && t != Character.UNASSIGNED
        && t != Character.PRIVATE_USE && t != Character.SURROGATE
        && t != Character.LINE_SEPARATOR && t != Character.PARAGRAPH_SEPARATOR
        && (t != Character.SPACE_SEPARATOR || c == ' ');
  }
}
