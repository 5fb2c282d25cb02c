package dev.gavel.rego.value;

import java.util.List;
import java.util.Objects;

/** An ordered, immutable sequence of values. */
public final class ArrayValue implements Value {
  public static final ArrayValue EMPTY = new ArrayValue(List.of());

  private final List<Value> elements;
  private final int depth;
  private int hash;

  private ArrayValue(List<Value> elements) {
    this.elements = elements;
    this.depth = 1 + deepest(elements);
  }

  /** The greatest nesting depth among values (0 for none); the members' depths are known already. */
  static int deepest(Iterable<Value> values) {
    int d = 0;
    for (Value v : values) {
      d = Math.max(d, v.nestingDepth());
    }
    return d;
  }

  public static ArrayValue of(List<? extends Value> elements) {
    Objects.requireNonNull(elements, "elements");
    return elements.isEmpty() ? EMPTY : new ArrayValue(List.copyOf(elements));
  }

  public static ArrayValue of(Value... elements) {
    return of(List.of(elements));
  }

  public List<Value> elements() {
    return elements;
  }

  public int size() {
    return elements.size();
  }

  public Value get(int i) {
    return elements.get(i);
  }

  @Override
  public int nestingDepth() {
    return depth;
  }

  @Override
  public int typeRank() {
    return 4;
  }

  @Override
  public String typeName() {
    return "array";
  }

  @Override
  public int compareSameType(Value other) {
    List<Value> b = ((ArrayValue) other).elements;
    int n = Math.min(elements.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = elements.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(elements.size(), b.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArrayValue a && (a == this || (hashCode() == a.hashCode() && elements.equals(a.elements)));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = elements.hashCode() * 31 + 4;
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return ValueText.rego(this);
  }
}
