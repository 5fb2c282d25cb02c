package dev.gavel.rego.value;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable object whose keys may be any value. Iteration order is the canonical (sorted) key
 * order, computed once on first use, so output is deterministic.
 */
public final class ObjectValue implements Value {
  public static final ObjectValue EMPTY = new ObjectValue(Map.of());

  private final Map<Value, Value> map;
  private final int depth;
  private volatile Value[] sortedKeys;
  private int hash;

  private ObjectValue(Map<Value, Value> map) {
    this.map = map;
    this.depth = 1 + Math.max(ArrayValue.deepest(map.keySet()), ArrayValue.deepest(map.values()));
  }

  /** Copies the given map; later changes to it are not seen. */
  public static ObjectValue of(Map<? extends Value, ? extends Value> entries) {
    Objects.requireNonNull(entries, "entries");
    if (entries.isEmpty()) {
      return EMPTY;
    }
    return new ObjectValue(Collections.unmodifiableMap(new LinkedHashMap<>(entries)));
  }

  /** Takes ownership of a freshly built map that the caller will not touch again. */
  static ObjectValue owning(Map<Value, Value> entries) {
    return entries.isEmpty() ? EMPTY : new ObjectValue(Collections.unmodifiableMap(entries));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Map<Value, Value> asMap() {
    return map;
  }

  public Value get(Value key) {
    return map.get(key);
  }

  public Value get(String key) {
    return map.get(StringValue.of(key));
  }

  public boolean containsKey(Value key) {
    return map.containsKey(key);
  }

  public int size() {
    return map.size();
  }

  public boolean isEmpty() {
    return map.isEmpty();
  }

  /** Keys in canonical order. */
  public List<Value> keys() {
    Value[] k = sortedKeys;
    if (k == null) {
      k = map.keySet().toArray(new Value[0]);
      Arrays.sort(k);
      sortedKeys = k;
    }
    return Collections.unmodifiableList(Arrays.asList(k));
  }

  /** A copy with one key set. */
  public ObjectValue with(Value key, Value value) {
    LinkedHashMap<Value, Value> m = new LinkedHashMap<>(map);
    m.put(key, value);
    return owning(m);
  }

  /** A copy without one key. */
  public ObjectValue without(Value key) {
    if (!map.containsKey(key)) {
      return this;
    }
    LinkedHashMap<Value, Value> m = new LinkedHashMap<>(map);
    m.remove(key);
    return owning(m);
  }

  @Override
  public int nestingDepth() {
    return depth;
  }

  @Override
  public int typeRank() {
    return 5;
  }

  @Override
  public String typeName() {
    return "object";
  }

  @Override
  public int compareSameType(Value other) {
    ObjectValue o = (ObjectValue) other;
    List<Value> ka = keys();
    List<Value> kb = o.keys();
    int n = Math.min(ka.size(), kb.size());
    for (int i = 0; i < n; i++) {
      int c = ka.get(i).compareTo(kb.get(i));
      if (c != 0) {
        return c;
      }
      c = map.get(ka.get(i)).compareTo(o.map.get(kb.get(i)));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ka.size(), kb.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectValue ov && (ov == this || (hashCode() == ov.hashCode() && map.equals(ov.map)));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = map.hashCode() * 31 + 5;
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return ValueText.rego(this);
  }

  /** Accumulates entries; the last put for a key wins. */
  public static final class Builder {
    private LinkedHashMap<Value, Value> map = new LinkedHashMap<>();

    public Builder put(Value key, Value value) {
      map.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    public Builder put(String key, Value value) {
      return put(StringValue.of(key), value);
    }

    public boolean containsKey(Value key) {
      return map.containsKey(key);
    }

    public Value get(Value key) {
      return map.get(key);
    }

    public int size() {
      return map.size();
    }

    public ObjectValue build() {
      ObjectValue o = owning(map);
      map = new LinkedHashMap<>();
      return o;
    }
  }
}
