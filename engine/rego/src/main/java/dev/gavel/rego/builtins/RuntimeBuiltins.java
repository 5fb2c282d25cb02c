package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** opa.runtime, trace, rand.intn, uuid.rfc4122, uuid.parse, array.flatten: builtins that touch the evaluation context. */
public final class RuntimeBuiltins implements BuiltinFamily {
  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("opa.runtime", Type.objectOf(Type.STRING, Type.ANY)).asNondeterministic(), (ctx, a) -> {
      if (ctx.environment().isEmpty()) {
        return ObjectValue.EMPTY;
      }
      ObjectValue.Builder env = ObjectValue.builder();
      for (Map.Entry<String, String> e : ctx.environment().entrySet()) {
        env.put(e.getKey(), StringValue.of(e.getValue()));
      }
      return ObjectValue.builder().put("env", env.build()).build();
    });
    r.register(BuiltinDecl.of("trace", Type.BOOLEAN, Param.of("note", Type.STRING)), (ctx, a) -> {
      ctx.print(((StringValue) a.get(0)).value());
      return BooleanValue.TRUE;
    });
    r.register(BuiltinDecl.of("rand.intn", Type.NUMBER, Param.of("str", Type.STRING), Param.of("n", Type.NUMBER)).asNondeterministic(),
        (ctx, a) -> {
          int n = Operands.integer(2, a.get(1));
          if (n == 0) {
            return NumberValue.ZERO;
          }
          return NumberValue.of(ctx.random().nextInt(Math.abs(n)));
        });
    r.register(BuiltinDecl.of("uuid.rfc4122", Type.STRING, Param.of("k", Type.STRING)).asNondeterministic(), (ctx, a) -> {
      byte[] b = new byte[16];
      ctx.random().nextBytes(b);
      b[6] = (byte) ((b[6] & 0x0f) | 0x40);
      b[8] = (byte) ((b[8] & 0x3f) | 0x80);
      String h = HexFormat.of().formatHex(b);
      return StringValue.of(h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
          + h.substring(16, 20) + "-" + h.substring(20));
    });
    r.register(BuiltinDecl.of("uuid.parse", Type.objectOf(Type.STRING, Type.ANY), Param.of("uuid", Type.STRING)),
        (ctx, a) -> UuidFields.parse(((StringValue) a.get(0)).value()));
    r.register(BuiltinDecl.of("array.flatten", Type.arrayOf(Type.ANY), Param.of("arr", Type.arrayOf(Type.ANY))), (ctx, a) -> {
      List<Value> out = new ArrayList<>();
      for (Value v : ((ArrayValue) a.get(0)).elements()) {
        if (v instanceof ArrayValue inner) {
          out.addAll(inner.elements());
        } else {
          out.add(v);
        }
      }
      return ArrayValue.of(out);
    });
  }

}
