package dev.gavel.rego.eval;

import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.Value;
import java.util.List;

/** Persistent updates of nested objects, used by {@code with} on input and data. */
final class ValuePaths {
  private ValuePaths() {}

  /**
   * A copy of {@code doc} with {@code value} at {@code path}; missing or non-object intermediate
   * documents become objects. An empty path replaces the document.
   */
  static Value set(Value doc, List<Value> path, Value value) {
    if (path.isEmpty()) {
      return value;
    }
    ObjectValue obj = doc instanceof ObjectValue o ? o : ObjectValue.EMPTY;
    Value key = path.get(0);
    Value child = obj.get(key);
    return obj.with(key, set(child, path.subList(1, path.size()), value));
  }
}
