package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import dev.gavel.rego.value.ValueText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The language's own operators and the internal functions OPA's compiler rewrites syntax into:
 * {@code eq} ({@code =}), {@code assign} ({@code :=}) and {@code print}, which the evaluator
 * implements (unification; print with undefined operands), and {@code internal.print},
 * {@code internal.template_string} and {@code internal.test_case}, which may also be called by name.
 */
public final class InternalBuiltins implements BuiltinFamily {
  @Override
  public void register(BuiltinRegistry r) {
    r.declareOperator(BuiltinDecl.of("eq", Type.BOOLEAN, Param.of("x", Type.ANY), Param.of("y", Type.ANY)).asInfix("="));
    r.declareOperator(BuiltinDecl.of("assign", Type.BOOLEAN, Param.of("x", Type.ANY), Param.of("y", Type.ANY)).asInfix(":="));
    r.declareOperator(BuiltinDecl.variadic("print", Type.ANY));
    // internal.print([{x1...}, {x2...}]): one line per combination of the operands' values; an
    // empty set is an undefined operand.
    r.register(BuiltinDecl.returningNothing("internal.print", Param.of("operands", Type.arrayOf(Type.setOf(Type.ANY)))),
        (ctx, a) -> {
          List<Value> ops = ((ArrayValue) a.get(0)).elements();
          crossProduct(ops, 0, new String[ops.size()], line -> ctx.print(String.join(" ", line)));
          return BooleanValue.TRUE;
        });
    // internal.template_string([parts...]): the parts concatenated; a part with several values
    // is a conflict, as in OPA.
    r.register(BuiltinDecl.of("internal.template_string", Type.STRING, Param.of("parts", Type.arrayOf(Type.ANY))),
        (ctx, a) -> {
          List<Value> parts = ((ArrayValue) a.get(0)).elements();
          List<String> out = new ArrayList<>();
          crossProduct(parts, 0, new String[parts.size()], line -> {
            if (!out.isEmpty()) {
              throw new BuiltinException("template-strings must not produce multiple outputs");
            }
            out.add(String.join("", line));
          });
          return StringValue.of(out.isEmpty() ? "" : out.get(0));
        });
    // internal.test_case(args): marks a parametrised test case for OPA's tracers; Gavel's test
    // runner has no tracer, so it only succeeds.
    r.register(BuiltinDecl.returningNothing("internal.test_case", Param.of("case", Type.arrayOf(Type.ANY))),
        (ctx, a) -> BooleanValue.TRUE);
  }

  private static void crossProduct(List<Value> ops, int i, String[] buf, Consumer<String[]> out) {
    if (i == ops.size()) {
      out.accept(buf);
      return;
    }
    Value op = ops.get(i);
    if (op instanceof StringValue s) {
      buf[i] = s.value();
      crossProduct(ops, i + 1, buf, out);
      return;
    }
    if (op instanceof NumberValue || op instanceof BooleanValue || op instanceof NullValue) {
      buf[i] = ValueText.rego(op);
      crossProduct(ops, i + 1, buf, out);
      return;
    }
    if (!(op instanceof SetValue set)) {
      throw new BuiltinException("illegal argument type: " + op.typeName());
    }
    if (set.size() == 0) {
      buf[i] = "<undefined>";
      crossProduct(ops, i + 1, buf, out);
      return;
    }
    for (Value v : set.elements()) {
      buf[i] = v instanceof StringValue s ? s.value() : ValueText.rego(v);
      crossProduct(ops, i + 1, buf, out);
    }
  }
}
