package dev.gavel.rego.value;

import java.util.Objects;

/** A string. Strings sort by Unicode code point, as Go compares UTF-8 bytes. */
public record StringValue(String value) implements Value {
  public static final StringValue EMPTY = new StringValue("");

  public StringValue {
    Objects.requireNonNull(value, "value");
  }

  public static StringValue of(String value) {
    return new StringValue(value);
  }

  @Override
  public int typeRank() {
    return 3;
  }

  @Override
  public String typeName() {
    return "string";
  }

  @Override
  public int compareSameType(Value other) {
    return compareCodePoints(value, ((StringValue) other).value);
  }

  /** Code-point order; differs from String.compareTo only around surrogate pairs. */
  public static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        boolean sa = Character.isSurrogate(ca);
        boolean sb = Character.isSurrogate(cb);
        if (sa != sb) {
          return sa ? 1 : -1;
        }
        return Character.compare(ca, cb);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  @Override
  public String toString() {
    return ValueText.quote(value);
  }
}
