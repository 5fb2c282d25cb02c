package dev.gavel.http;

/**
 * The nesting depth of a JSON text, measured on its bytes before it is parsed (so a deeply nested
 * body costs one pass and no tree): brackets inside strings do not count. Malformed text is left
 * to the parser; this only refuses what is too deep.
 */
final class JsonDepth {
  private JsonDepth() {}

  /** The deepest nesting of arrays and objects in {@code json} (0 for a scalar). */
  static int of(byte[] json) {
    int depth = 0;
    int max = 0;
    boolean inString = false;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        max = Math.max(max, ++depth);
      } else if (b == '}' || b == ']') {
        depth--;
      }
    }
    return max;
  }
}
