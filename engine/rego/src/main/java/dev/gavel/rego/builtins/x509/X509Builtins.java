package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.builtins.BuiltinDecl;
import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.builtins.BuiltinException;
import dev.gavel.rego.builtins.BuiltinFamily;
import dev.gavel.rego.builtins.BuiltinRegistry;
import dev.gavel.rego.builtins.GoBase64;
import dev.gavel.rego.builtins.Type;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * crypto.x509.* and crypto.parse_private_keys: certificates, certificate requests and keys in PEM,
 * base64 of PEM or base64 of DER, returned in the JSON shapes of Go's x509 types as OPA returns
 * them, with chain verification against the evaluation's clock.
 */
public final class X509Builtins implements BuiltinFamily {
  private static final Type S = Type.STRING;
  private static final Type OBJECT = Type.objectOf(S, Type.ANY);
  private static final Type CERTS = Type.arrayOf(OBJECT);

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("crypto.x509.parse_certificates", CERTS, Param.of("certs", S)),
        (ctx, a) -> guard(() -> json(certificates(str(a.get(0))), true)));
    r.register(BuiltinDecl.of("crypto.x509.parse_and_verify_certificates", Type.tuple(Type.BOOLEAN, CERTS), Param.of("certs", S)),
        (ctx, a) -> verified(str(a.get(0)), new ChainVerifier.Options(null, ctx.now(), List.of()), true));
    r.register(BuiltinDecl.of("crypto.x509.parse_and_verify_certificates_with_options", Type.tuple(Type.BOOLEAN, CERTS),
            Param.of("certs", S), Param.of("options", OBJECT)),
        (ctx, a) -> verified(str(a.get(0)), VerifyOptions.of((ObjectValue) a.get(1), ctx.now()), false));
    r.register(BuiltinDecl.of("crypto.x509.parse_certificate_request", OBJECT, Param.of("csr", S)),
        (ctx, a) -> guard(() -> GoCsr.parse(csrBytes(str(a.get(0))))));
    r.register(BuiltinDecl.of("crypto.x509.parse_keypair", OBJECT, Param.of("cert", S), Param.of("pem", S)),
        (ctx, a) -> guard(() -> KeyPair.parse(str(a.get(0)), str(a.get(1)))));
    r.register(BuiltinDecl.of("crypto.x509.parse_rsa_private_key", OBJECT, Param.of("pem", S)), (ctx, a) -> guard(() -> {
      String pem = str(a.get(0));
      if (pem.isEmpty()) {
        throw new BuiltinException("input PEM data was empty");
      }
      if (!pem.startsWith("-----BEGIN")) {
        pem = new String(GoBase64.decodeStd(pem), StandardCharsets.UTF_8);
      }
      List<GoKeys.Key> keys = PrivateKeys.fromPem(pem);
      return keys.isEmpty() ? NullValue.INSTANCE : keys.get(0).jwk();
    }));
    r.register(BuiltinDecl.of("crypto.parse_private_keys", Type.arrayOf(OBJECT), Param.of("keys", S)), (ctx, a) -> guard(() -> {
      String pem = str(a.get(0));
      if (pem.isEmpty()) {
        return NullValue.INSTANCE;
      }
      return ArrayValue.of(PrivateKeys.fromPem(pem).stream().map(GoKeys.Key::json).toList());
    }));
  }

  private static String str(Value v) {
    return ((StringValue) v).value();
  }

  /** Go's errors surface as builtin errors with Go's text. */
  private static Value guard(Supplier<Value> f) {
    try {
      return f.get();
    } catch (X509Exception e) {
      throw new BuiltinException(e.getMessage());
    }
  }

  private static Value verified(String text, ChainVerifier.Options options, boolean uriStrings) {
    List<GoCertificate> certs;
    try {
      certs = certificates(text);
    } catch (X509Exception | BuiltinException e) {
      return ArrayValue.of(BooleanValue.FALSE, ArrayValue.EMPTY);
    }
    List<GoCertificate> chain = ChainVerifier.verify(certs, options);
    if (chain == null) {
      return ArrayValue.of(BooleanValue.FALSE, ArrayValue.EMPTY);
    }
    return ArrayValue.of(BooleanValue.TRUE, json(chain, uriStrings));
  }

  /** Certificates as JSON; OPA adds URIStrings except in parse_and_verify_certificates_with_options. */
  private static Value json(List<GoCertificate> certs, boolean uriStrings) {
    List<Value> out = new ArrayList<>();
    for (GoCertificate c : certs) {
      if (uriStrings) {
        out.add(c.json());
      } else {
        ObjectValue.Builder b = ObjectValue.builder();
        for (Value k : c.json().keys()) {
          if (!k.equals(StringValue.of("URIStrings"))) {
            b.put(k, c.json().get(k));
          }
        }
        out.add(b.build());
      }
    }
    return ArrayValue.of(out);
  }

  /** PEM text, or base64 of PEM, or base64 of DER (OPA's getX509CertsFromString). */
  static List<GoCertificate> certificates(String text) {
    if (text.startsWith("-----BEGIN")) {
      return fromPem(text.getBytes(StandardCharsets.UTF_8));
    }
    byte[] raw = GoBase64.decodeStd(text);
    if (new String(raw, 0, Math.min(raw.length, 10), StandardCharsets.ISO_8859_1).equals("-----BEGIN")) {
      return fromPem(raw);
    }
    return GoCertificate.parseAll(raw);
  }

  private static List<GoCertificate> fromPem(byte[] pem) {
    java.io.ByteArrayOutputStream der = new java.io.ByteArrayOutputStream();
    byte[] rest = pem;
    while (rest.length > 0) {
      GoPem.Block b = GoPem.decode(rest);
      if (b == null) {
        break;
      }
      if (!b.type().equals("CERTIFICATE")) {
        throw new X509Exception("PEM block type is '" + b.type() + "', expected CERTIFICATE");
      }
      der.writeBytes(b.bytes());
      rest = b.rest();
    }
    return GoCertificate.parseAll(der.toByteArray());
  }

  private static byte[] csrBytes(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (!text.startsWith("-----BEGIN CERTIFICATE REQUEST-----")) {
      bytes = GoBase64.decodeStd(text);
    }
    GoPem.Block b = GoPem.decode(bytes);
    if (b != null && !b.type().equals("CERTIFICATE REQUEST")) {
      throw new X509Exception("invalid PEM-encoded certificate signing request");
    }
    return b != null ? b.bytes() : bytes;
  }
}
