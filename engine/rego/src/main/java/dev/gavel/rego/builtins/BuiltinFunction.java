package dev.gavel.rego.builtins;

import dev.gavel.rego.value.Value;
import java.util.List;

/**
 * The implementation of one builtin. Operands have already been checked against the declared
 * parameter types. Return null for "undefined"; throw {@link BuiltinException} for errors.
 */
@FunctionalInterface
public interface BuiltinFunction {
  Value apply(BuiltinContext ctx, List<Value> args);
}
