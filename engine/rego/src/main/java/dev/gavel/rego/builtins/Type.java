package dev.gavel.rego.builtins;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The declared type of a builtin operand or result, in OPA's type model: the scalar types, arrays
 * with static (positional) and dynamic element types, objects with static and dynamic properties,
 * sets, and unions ({@code any<...>}). The registry checks operands against the top level of these
 * types before a builtin runs; element types document intent, are published by
 * {@code gavel capabilities}, and are checked by the builtin where OPA does.
 *
 * <p>Unions and static object properties are kept in OPA's canonical order (type order null,
 * boolean, number, string, array, object, set; properties by key) so that a declaration prints
 * exactly as OPA's capabilities file does.
 */
public sealed interface Type
    permits Type.Any, Type.Null, Type.Bool, Type.Num, Type.Str, Type.ArrayType, Type.ObjectType,
        Type.SetOf, Type.AnyOf {

  Any ANY = new Any();
  Null NULL = new Null();
  Bool BOOLEAN = new Bool();
  Num NUMBER = new Num();
  Str STRING = new Str();

  /** True when the value's top-level type fits. */
  boolean accepts(Value v);

  /** OPA's wording in operand errors: {@code string}, {@code one of {set, array}}. */
  String describe();

  /** OPA's type notation, as its type checker prints it: {@code array[string]}, {@code any<number, string>}. */
  String notation();

  /** An array of any length whose elements are all of {@code element}. */
  static ArrayType arrayOf(Type element) {
    return new ArrayType(List.of(), Objects.requireNonNull(element, "element"));
  }

  /** A fixed-length array: element i has type {@code items[i]}. */
  static ArrayType tuple(Type... items) {
    return new ArrayType(List.of(items), null);
  }

  static SetOf setOf(Type element) {
    return new SetOf(element);
  }

  /** An object whose keys are of {@code key} and values of {@code value}. */
  static ObjectType objectOf(Type key, Type value) {
    return new ObjectType(List.of(), Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  /** An object with named properties and, unless {@code key} is null, further dynamic ones. */
  static ObjectType object(List<Property> properties, Type key, Type value) {
    return new ObjectType(properties, key, value);
  }

  static Property property(String key, Type value) {
    return new Property(key, value);
  }

  static AnyOf anyOf(Type... options) {
    return new AnyOf(List.of(options));
  }

  /** OPA's type order: null, boolean, number, string, array, object, set, any. */
  static int order(Type t) {
    if (t instanceof Null) {
      return 0;
    } else if (t instanceof Bool) {
      return 1;
    } else if (t instanceof Num) {
      return 2;
    } else if (t instanceof Str) {
      return 3;
    } else if (t instanceof ArrayType) {
      return 4;
    } else if (t instanceof ObjectType) {
      return 5;
    } else if (t instanceof SetOf) {
      return 6;
    }
    return 7;
  }

  /** OPA's ordering of types, used to keep unions canonical. */
  Comparator<Type> CANONICAL = Type::compare;

  private static int compare(Type a, Type b) {
    int c = Integer.compare(order(a), order(b));
    if (c != 0) {
      return c;
    }
    if (a instanceof ArrayType x) {
      ArrayType y = (ArrayType) b;
      if ((x.dynamic() == null) != (y.dynamic() == null)) {
        return x.dynamic() == null ? -1 : 1;
      }
      if (x.dynamic() != null) {
        int d = compare(x.dynamic(), y.dynamic());
        if (d != 0) {
          return d;
        }
      }
      return compareLists(x.items(), y.items());
    }
    if (a instanceof ObjectType x) {
      ObjectType y = (ObjectType) b;
      if ((x.key() == null) != (y.key() == null)) {
        return x.key() == null ? -1 : 1;
      }
      if (x.key() != null) {
        int d = compare(x.key(), y.key());
        if (d == 0) {
          d = compare(x.value(), y.value());
        }
        if (d != 0) {
          return d;
        }
      }
      for (int i = 0; i < Math.min(x.properties().size(), y.properties().size()); i++) {
        int d = x.properties().get(i).key().compareTo(y.properties().get(i).key());
        if (d == 0) {
          d = compare(x.properties().get(i).value(), y.properties().get(i).value());
        }
        if (d != 0) {
          return d;
        }
      }
      return Integer.compare(x.properties().size(), y.properties().size());
    }
    if (a instanceof SetOf x) {
      return compare(x.element(), ((SetOf) b).element());
    }
    if (a instanceof AnyOf x) {
      return compareLists(x.options(), b instanceof AnyOf y ? y.options() : List.of());
    }
    return 0;
  }

  private static int compareLists(List<Type> a, List<Type> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int d = compare(a.get(i), b.get(i));
      if (d != 0) {
        return d;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  record Any() implements Type {
    public boolean accepts(Value v) {
      return true;
    }

    public String describe() {
      return "any";
    }

    public String notation() {
      return "any";
    }
  }

  record Null() implements Type {
    public boolean accepts(Value v) {
      return v instanceof NullValue;
    }

    public String describe() {
      return "null";
    }

    public String notation() {
      return "null";
    }
  }

  record Bool() implements Type {
    public boolean accepts(Value v) {
      return v instanceof BooleanValue;
    }

    public String describe() {
      return "boolean";
    }

    public String notation() {
      return "boolean";
    }
  }

  record Num() implements Type {
    public boolean accepts(Value v) {
      return v instanceof NumberValue;
    }

    public String describe() {
      return "number";
    }

    public String notation() {
      return "number";
    }
  }

  record Str() implements Type {
    public boolean accepts(Value v) {
      return v instanceof StringValue;
    }

    public String describe() {
      return "string";
    }

    public String notation() {
      return "string";
    }
  }

  /**
   * An array: {@code items} are the types of the first elements by position (OPA's "static"),
   * {@code dynamic}, when not null, the type of every further element.
   */
  record ArrayType(List<Type> items, Type dynamic) implements Type {
    public ArrayType {
      items = List.copyOf(items);
    }

    public boolean accepts(Value v) {
      return v instanceof ArrayValue;
    }

    public String describe() {
      return "array";
    }

    public String notation() {
      String s = "array";
      if (!items.isEmpty()) {
        s += items.stream().map(Type::notation).collect(Collectors.joining(", ", "<", ">"));
      }
      return dynamic == null ? s : s + "[" + dynamic.notation() + "]";
    }
  }

  /** A named object property of a given type. */
  record Property(String key, Type value) {
    public Property {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * An object: named {@code properties} (OPA's "static", kept sorted by key) and, when
   * {@code key} and {@code value} are not null, any further properties of those types.
   */
  record ObjectType(List<Property> properties, Type key, Type value) implements Type {
    public ObjectType {
      List<Property> sorted = new ArrayList<>(properties);
      sorted.sort(Comparator.comparing(Property::key));
      properties = List.copyOf(sorted);
      if ((key == null) != (value == null)) {
        throw new IllegalArgumentException("dynamic object properties need both a key and a value type");
      }
    }

    public boolean accepts(Value v) {
      return v instanceof ObjectValue;
    }

    public String describe() {
      return "object";
    }

    public String notation() {
      String s = "object";
      if (!properties.isEmpty()) {
        s += properties.stream().map(p -> p.key() + ": " + p.value().notation())
            .collect(Collectors.joining(", ", "<", ">"));
      }
      return key == null ? s : s + "[" + key.notation() + ": " + value.notation() + "]";
    }
  }

  record SetOf(Type element) implements Type {
    public SetOf {
      Objects.requireNonNull(element, "element");
    }

    public boolean accepts(Value v) {
      return v instanceof SetValue;
    }

    public String describe() {
      return "set";
    }

    public String notation() {
      return "set[" + element.notation() + "]";
    }
  }

  /**
   * A union, kept in OPA's canonical order. Operand errors describe it in that order unless the
   * parameter names its own wording ({@link BuiltinDecl.Param#described}), as OPA's builtins do.
   */
  record AnyOf(List<Type> options) implements Type {
    public AnyOf {
      if (options.isEmpty()) {
        throw new IllegalArgumentException("a union needs options");
      }
      List<Type> sorted = new ArrayList<>(options);
      sorted.sort(CANONICAL);
      options = List.copyOf(sorted);
    }

    public boolean accepts(Value v) {
      for (Type t : options) {
        if (t.accepts(v)) {
          return true;
        }
      }
      return false;
    }

    public String describe() {
      return "one of {" + options.stream().map(Type::describe).collect(Collectors.joining(", ")) + "}";
    }

    public String notation() {
      return options.stream().map(Type::notation).collect(Collectors.joining(", ", "any<", ">"));
    }
  }
}
