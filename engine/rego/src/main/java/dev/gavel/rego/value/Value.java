package dev.gavel.rego.value;

/**
 * A ground Rego value. Values are immutable and totally ordered across types in OPA's order:
 * null &lt; boolean &lt; number &lt; string &lt; array &lt; object &lt; set. Equality is consistent with
 * that order, so {@code 1} equals {@code 1.0}.
 */
public sealed interface Value extends Comparable<Value>
    permits NullValue, BooleanValue, NumberValue, StringValue, ArrayValue, ObjectValue, SetValue {

  /** Rank of this value's type in the cross-type order. */
  int typeRank();

  /** OPA's name for this value's type, as {@code type_name} returns it. */
  String typeName();

  /** Compares two values of the same type rank. */
  int compareSameType(Value other);

  @Override
  default int compareTo(Value other) {
    int byType = Integer.compare(typeRank(), other.typeRank());
    return byType != 0 ? byType : compareSameType(other);
  }

  /**
   * How many collections deep this value nests: 0 for a scalar, 1 for {@code [1]}, 2 for
   * {@code {"a": [1]}} (object keys count). Known at construction, so checking a value against a
   * depth limit costs nothing and never recurses: values are compared, hashed and printed
   * recursively, and a value too deep for that must be refused before anything tries.
   */
  default int nestingDepth() {
    return 0;
  }

  /** True when this value is a collection (array, object or set). */
  default boolean isCollection() {
    return this instanceof ArrayValue || this instanceof ObjectValue || this instanceof SetValue;
  }
}
