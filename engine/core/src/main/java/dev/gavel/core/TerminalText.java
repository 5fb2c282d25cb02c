package dev.gavel.core;

/**
 * Text from requests shown on a terminal: control characters (C0, DEL, C1, and the bidirectional
 * overrides that reorder what a reader sees) are printed as visible escapes, so a model name with
 * ANSI sequences cannot rewrite the verdict line.
 */
public final class TerminalText {
  private TerminalText() {}

  /** {@code s} with every control character written as {@code \xNN} or {@code \\u{NNNN}}; null as "null". */
  public static String escape(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
          || c == 0x2028 || c == 0x2029;
      if (control && sb == null) {
        sb = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (sb != null) {
        if (control) {
          sb.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u{%04x}", (int) c));
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }
}
