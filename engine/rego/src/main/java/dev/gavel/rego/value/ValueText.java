package dev.gavel.rego.value;

/** Renders values as Rego source text (sets as {@code {1, 2}}, the empty set as {@code set()}). */
public final class ValueText {
  private ValueText() {}

  /** Rego/JSON text of a value. */
  public static String rego(Value v) {
    StringBuilder sb = new StringBuilder();
    append(sb, v);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Value v) {
    if (v instanceof StringValue s) {
      sb.append(quote(s.value()));
    } else if (v instanceof ArrayValue a) {
        sb.append('[');
        for (int i = 0; i < a.size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          append(sb, a.get(i));
        }
        sb.append(']');
    } else if (v instanceof ObjectValue o) {
        sb.append('{');
        boolean first = true;
        for (Value k : o.keys()) {
          if (!first) {
            sb.append(", ");
          }
          first = false;
          append(sb, k);
          sb.append(": ");
          append(sb, o.get(k));
        }
        sb.append('}');
    } else if (v instanceof SetValue s) {
        if (s.isEmpty()) {
          sb.append("set()");
          return;
        }
        sb.append('{');
        boolean first = true;
        for (Value e : s.elements()) {
          if (!first) {
            sb.append(", ");
          }
          first = false;
          append(sb, e);
        }
        sb.append('}');
    } else {
      sb.append(v.toString());
    }
  }

  /** JSON string literal, escaped as Go's encoding/json (and RFC 8785) escape it. */
  public static String quote(String s) {
    return dev.gavel.json.JsonStrings.quote(s);
  }
}
