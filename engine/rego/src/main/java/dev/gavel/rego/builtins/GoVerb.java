package dev.gavel.rego.builtins;

/**
 * One Go fmt verb as {@code sprintf} and the template engine's {@code printf} read it: flags
 * ({@code +-# 0}), width, precision and the verb letter. {@code end} is the index after the verb.
 */
public record GoVerb(String flags, int width, int precision, char verb, int end) {
  /** Whether the verb carries flag {@code c}. */
  public boolean has(char c) {
    return flags.indexOf(c) >= 0;
  }

  /** The verb starting at {@code i} (just after its '%'), or null when the format ends first (Go's %!(NOVERB)). */
  public static GoVerb parse(String format, int i) {
    int j = i;
    while (j < format.length() && "+-# 0".indexOf(format.charAt(j)) >= 0) {
      j++;
    }
    String flags = format.substring(i, j);
    int width = -1;
    int start = j;
    while (j < format.length() && Character.isDigit(format.charAt(j))) {
      j++;
    }
    if (j > start) {
      width = Integer.parseInt(format.substring(start, j));
    }
    int precision = -1;
    if (j < format.length() && format.charAt(j) == '.') {
      j++;
      start = j;
      while (j < format.length() && Character.isDigit(format.charAt(j))) {
        j++;
      }
      precision = j > start ? Integer.parseInt(format.substring(start, j)) : 0;
    }
    return j >= format.length() ? null : new GoVerb(flags, width, precision, format.charAt(j), j + 1);
  }
}
