package dev.gavel.rego.builtins;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.math.BigDecimal;

/**
 * io.jwt.decode_verify: the signature (by cert or secret), the required alg, exp/nbf against the
 * evaluation time (or constraints.time), iss and aud. Any failed check gives [false, {}, {}].
 */
final class JwtConstraints {
  private static final Value INVALID = ArrayValue.of(BooleanValue.FALSE, ObjectValue.EMPTY, ObjectValue.EMPTY);
  private static final BigDecimal NS = BigDecimal.valueOf(1_000_000_000L);

  private JwtConstraints() {}

  static Value decodeVerify(BuiltinContext ctx, String jwt, ObjectValue c) {
    for (Value k : c.keys()) {
      String key = k instanceof StringValue s ? s.value() : "";
      if (!java.util.Set.of("cert", "secret", "alg", "iss", "aud", "time").contains(key)) {
        throw new BuiltinException("unknown token validation constraint: " + key);
      }
    }
    JwtBuiltins.Token t = JwtBuiltins.decode(jwt);
    Value cert = c.get("cert");
    Value secret = c.get("secret");
    if ((cert == null) == (secret == null)) {
      throw new BuiltinException("exactly one of cert or secret must be given");
    }
    if (c.get("alg") instanceof StringValue alg && !alg.value().equals(t.alg())) {
      return INVALID;
    }
    String keyText = ((StringValue) (cert != null ? cert : secret)).value();
    boolean hmac = t.alg().startsWith("HS");
    if (hmac != (secret != null) || !JwtBuiltins.verify(t, t.alg(), keyText)) {
      return INVALID;
    }
    if (!(t.payload() instanceof ObjectValue claims)) {
      return INVALID;
    }
    BigDecimal now = c.get("time") instanceof NumberValue n ? n.value() : new BigDecimal(TimeBuiltins.nanos(ctx.now()));
    Value exp = claims.get("exp");
    if (exp != null) {
      if (!(exp instanceof NumberValue e)) {
        throw new BuiltinException("exp value must be a number");
      }
      if (now.compareTo(e.value().multiply(NS)) >= 0) {
        return INVALID;
      }
    }
    Value nbf = claims.get("nbf");
    if (nbf != null) {
      if (!(nbf instanceof NumberValue b)) {
        throw new BuiltinException("nbf value must be a number");
      }
      if (now.compareTo(b.value().multiply(NS)) < 0) {
        return INVALID;
      }
    }
    if (c.get("iss") instanceof StringValue iss && !iss.equals(claims.get("iss"))) {
      return INVALID;
    }
    Value aud = claims.get("aud");
    Value want = c.get("aud");
    if (aud != null) {
      if (!(want instanceof StringValue w)) {
        return INVALID;
      }
      boolean ok = aud instanceof StringValue s ? s.equals(w)
          : aud instanceof ArrayValue arr && arr.elements().contains(w);
      if (!ok) {
        return INVALID;
      }
    } else if (want != null) {
      return INVALID;
    }
    return ArrayValue.of(BooleanValue.TRUE, t.header(), claims);
  }

}
