package dev.gavel.rego.builtins;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.List;

/**
 * Shared operand conversions for builtin families. Positions are 1-based, as in OPA's messages.
 * Top-level types are already checked by the registry; these add the finer checks (integers,
 * element types) with OPA's wording.
 */
public final class Operands {
  private Operands() {}

  public static String string(Value v) {
    return ((StringValue) v).value();
  }

  public static NumberValue number(Value v) {
    return (NumberValue) v;
  }

  /** An integer operand that fits in an int, else "operand N must be integer number but got floating-point number". */
  public static int integer(int position, Value v) {
    if (!(v instanceof NumberValue n)) {
      throw BuiltinException.operand(position, "number", v.typeName());
    }
    if (!n.isInteger()) {
      throw BuiltinException.operand(position, "integer number", "floating-point number");
    }
    return n.asInt().orElseThrow(() -> new BuiltinException("operand " + position + " is too large"));
  }

  /** Elements of an array or set operand (sets in canonical order). */
  public static List<Value> elements(int position, Value v) {
    if (v instanceof ArrayValue a) {
      return a.elements();
    }
    if (v instanceof SetValue s) {
      return s.elements();
    }
    throw BuiltinException.operand(position, "one of {array, set}", v.typeName());
  }

  public static ObjectValue object(Value v) {
    return (ObjectValue) v;
  }

  public static ArrayValue array(Value v) {
    return (ArrayValue) v;
  }

  public static SetValue set(Value v) {
    return (SetValue) v;
  }
}
