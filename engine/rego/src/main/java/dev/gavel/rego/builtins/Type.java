package dev.gavel.rego.builtins;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The declared type of a builtin operand or result. The registry checks operands against the
 * top level of these types before a builtin runs; element types document intent and are checked by
 * the builtin where OPA does.
 */
public sealed interface Type
    permits Type.Any, Type.Null, Type.Bool, Type.Num, Type.Str, Type.ArrayOf, Type.ObjectOf,
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

  static ArrayOf arrayOf(Type element) {
    return new ArrayOf(element);
  }

  static SetOf setOf(Type element) {
    return new SetOf(element);
  }

  static ObjectOf objectOf(Type key, Type value) {
    return new ObjectOf(key, value);
  }

  static AnyOf anyOf(Type... options) {
    return new AnyOf(List.of(options));
  }

  record Any() implements Type {
    public boolean accepts(Value v) {
      return true;
    }

    public String describe() {
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
  }

  record Bool() implements Type {
    public boolean accepts(Value v) {
      return v instanceof BooleanValue;
    }

    public String describe() {
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
  }

  record Str() implements Type {
    public boolean accepts(Value v) {
      return v instanceof StringValue;
    }

    public String describe() {
      return "string";
    }
  }

  record ArrayOf(Type element) implements Type {
    public boolean accepts(Value v) {
      return v instanceof ArrayValue;
    }

    public String describe() {
      return "array";
    }
  }

  record SetOf(Type element) implements Type {
    public boolean accepts(Value v) {
      return v instanceof SetValue;
    }

    public String describe() {
      return "set";
    }
  }

  record ObjectOf(Type key, Type value) implements Type {
    public boolean accepts(Value v) {
      return v instanceof ObjectValue;
    }

    public String describe() {
      return "object";
    }
  }

  /** A union; described in declaration order, as OPA's messages list them. */
  record AnyOf(List<Type> options) implements Type {
    public AnyOf {
      options = List.copyOf(options);
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
  }
}
