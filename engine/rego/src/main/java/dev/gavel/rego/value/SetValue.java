package dev.gavel.rego.value;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** An immutable set; iteration in canonical (sorted) order. */
public final class SetValue implements Value {
  public static final SetValue EMPTY = new SetValue(Set.of());

  private final Set<Value> set;
  private final int depth;
  private volatile Value[] sorted;
  private int hash;

  private SetValue(Set<Value> set) {
    this.set = set;
    this.depth = 1 + ArrayValue.deepest(set);
  }

  public static SetValue of(Collection<? extends Value> elements) {
    Objects.requireNonNull(elements, "elements");
    if (elements.isEmpty()) {
      return EMPTY;
    }
    return new SetValue(Collections.unmodifiableSet(new LinkedHashSet<>(elements)));
  }

  public static SetValue of(Value... elements) {
    return of(Arrays.asList(elements));
  }

  /** Takes ownership of a freshly built set that the caller will not touch again. */
  static SetValue owning(Set<Value> elements) {
    return elements.isEmpty() ? EMPTY : new SetValue(Collections.unmodifiableSet(elements));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Set<Value> asSet() {
    return set;
  }

  public boolean contains(Value v) {
    return set.contains(v);
  }

  public int size() {
    return set.size();
  }

  public boolean isEmpty() {
    return set.isEmpty();
  }

  /** Elements in canonical order. */
  public List<Value> elements() {
    Value[] s = sorted;
    if (s == null) {
      s = set.toArray(new Value[0]);
      Arrays.sort(s);
      sorted = s;
    }
    return Collections.unmodifiableList(Arrays.asList(s));
  }

  @Override
  public int nestingDepth() {
    return depth;
  }

  @Override
  public int typeRank() {
    return 6;
  }

  @Override
  public String typeName() {
    return "set";
  }

  @Override
  public int compareSameType(Value other) {
    List<Value> a = elements();
    List<Value> b = ((SetValue) other).elements();
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SetValue sv && (sv == this || (hashCode() == sv.hashCode() && set.equals(sv.set)));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = set.hashCode() * 31 + 6;
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return ValueText.rego(this);
  }

  /** Accumulates elements. */
  public static final class Builder {
    private LinkedHashSet<Value> set = new LinkedHashSet<>();

    public Builder add(Value v) {
      set.add(Objects.requireNonNull(v));
      return this;
    }

    public boolean contains(Value v) {
      return set.contains(v);
    }

    public int size() {
      return set.size();
    }

    public SetValue build() {
      SetValue s = owning(set);
      set = new LinkedHashSet<>();
      return s;
    }
  }
}
