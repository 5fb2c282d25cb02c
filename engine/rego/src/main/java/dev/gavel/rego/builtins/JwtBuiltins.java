package dev.gavel.rego.builtins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.jwk.JWK;
import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * io.jwt.*: decoding, verification (HS, RS, PS, ES, EdDSA) and signing of compact JWS tokens.
 * Signatures are computed with the JDK; key material is read by {@link JwtKeys}.
 */
public final class JwtBuiltins implements BuiltinFamily {
  private static final Type S = Type.STRING;
  private static final Type OBJECT = Type.objectOf(Type.ANY, Type.ANY);
  private static final Map<String, String> HASH = Map.of("256", "SHA-256", "384", "SHA-384", "512", "SHA-512");

  /** The three parts of a compact token, decoded. */
  record Token(String headerPart, String payloadPart, byte[] signature, ObjectValue header, Value payload) {
    byte[] signingInput() {
      return (headerPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII);
    }

    String alg() {
      return header.get("alg") instanceof StringValue s ? s.value() : "";
    }
  }

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("io.jwt.decode", Type.tuple(OBJECT, OBJECT, S), Param.of("jwt", S)), (ctx, a) -> {
      Token t = decode(str(a.get(0)));
      return ArrayValue.of(t.header(), t.payload(), StringValue.of(HexFormat.of().formatHex(t.signature())));
    });
    for (String alg : List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
        "ES256", "ES384", "ES512")) {
      String name = "io.jwt.verify_" + alg.toLowerCase(java.util.Locale.ROOT);
      String param = alg.startsWith("HS") ? "secret" : "certificate";
      r.register(BuiltinDecl.of(name, Type.BOOLEAN, Param.of("jwt", S), Param.of(param, S)), (ctx, a) -> {
        // As in OPA, the keys are read before the token.
        List<PublicKey> keys = alg.startsWith("HS") ? List.of() : JwtKeys.publicKeys(str(a.get(1)));
        Token t = decode(str(a.get(0)));
        return BooleanValue.of(verify(t, alg, str(a.get(1)), keys));
      });
    }
    r.register(BuiltinDecl.of("io.jwt.verify_eddsa", Type.BOOLEAN, Param.of("jwt", S), Param.of("certificate", S)),
        (ctx, a) -> {
          List<PublicKey> keys = JwtKeys.publicKeys(str(a.get(1)));
          return BooleanValue.of(verify(decode(str(a.get(0))), "EdDSA", str(a.get(1)), keys));
        });
    r.register(BuiltinDecl.of("io.jwt.decode_verify", Type.tuple(Type.BOOLEAN, OBJECT, OBJECT), Param.of("jwt", S),
        Param.of("constraints", Type.objectOf(S, Type.ANY))).asNondeterministic(), (ctx, a) -> JwtConstraints.decodeVerify(ctx, str(a.get(0)), (ObjectValue) a.get(1)));
    r.register(BuiltinDecl.of("io.jwt.encode_sign", S, Param.of("headers", Type.objectOf(S, Type.ANY)),
        Param.of("payload", Type.objectOf(S, Type.ANY)), Param.of("key", Type.objectOf(S, Type.ANY))).asNondeterministic(),
        (ctx, a) -> StringValue.of(sign(JsonValues.write(a.get(0)), JsonValues.write(a.get(1)), JsonValues.write(a.get(2)))));
    r.register(BuiltinDecl.of("io.jwt.encode_sign_raw", S, Param.of("headers", S), Param.of("payload", S), Param.of("key", S)).asNondeterministic(),
        (ctx, a) -> StringValue.of(sign(str(a.get(0)), str(a.get(1)), str(a.get(2)))));
  }

  private static String str(Value v) {
    return ((StringValue) v).value();
  }

  static Token decode(String jwt) {
    String[] parts = jwt.split("\\.", -1);
    if (parts.length < 2) {
      throw new BuiltinException("encoded JWT had no period separators");
    }
    if (parts.length != 3) {
      throw new BuiltinException("encoded JWT must have 3 sections, found " + parts.length);
    }
    Value header = json(b64(parts[0], "header"), "header");
    if (!(header instanceof ObjectValue h)) {
      throw new BuiltinException("JWT header is not a JSON object");
    }
    if (h.get("enc") != null) {
      throw new BuiltinException("JWT is a JWE object, which is not supported");
    }
    byte[] payloadBytes = b64(parts[1], "payload");
    if (h.get("cty") instanceof StringValue cty && cty.value().equalsIgnoreCase("JWT")) {
      // A nested token: the payload is the inner JWT (possibly as a JSON string); report the innermost.
      String inner = new String(payloadBytes, StandardCharsets.UTF_8);
      if (inner.startsWith("\"")) {
        inner = ((StringValue) json(payloadBytes, "payload")).value();
      }
      return decode(inner);
    }
    Value payload = json(payloadBytes, "payload");
    return new Token(parts[0], parts[1], b64(parts[2], "signature"), h, payload);
  }

  /** Strict base64url (padding tolerated), with Go's wording for the first illegal byte. */
  private static byte[] b64(String part, String what) {
    String p = part;
    while (p.endsWith("=")) {
      p = p.substring(0, p.length() - 1);
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
        throw new BuiltinException("JWT " + what + " had invalid encoding: illegal base64 data at input byte " + i);
      }
    }
    try {
      return Base64.getUrlDecoder().decode(p);
    } catch (IllegalArgumentException e) {
      throw new BuiltinException("JWT " + what + " had invalid encoding: illegal base64 data at input byte " + p.length());
    }
  }

  private static Value json(byte[] bytes, String what) {
    try {
      return JsonValues.parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new BuiltinException("JWT " + what + " is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** True when the token is signed with {@code alg} by the key (secret for HS*, key text otherwise). */
  static boolean verify(Token t, String alg, String keyText) {
    return verify(t, alg, keyText, null);
  }

  /** With {@code keys} already read from {@code keyText} (null: read them here). */
  static boolean verify(Token t, String alg, String keyText, List<PublicKey> keys) {
    // No JWS extensions are understood, so a token that declares critical ones must not verify.
    if (!t.alg().equals(alg) || t.header().get("crit") != null) {
      return false;
    }
    if (alg.startsWith("HS")) {
      byte[] mac = hmac(alg, keyText.getBytes(StandardCharsets.UTF_8), t.signingInput());
      return MessageDigest.isEqual(mac, t.signature());
    }
    for (PublicKey k : keys != null ? keys : JwtKeys.publicKeys(keyText)) {
      if (verifyWith(alg, k, t.signingInput(), t.signature())) {
        return true;
      }
    }
    return false;
  }

  static boolean verifyWith(String alg, PublicKey key, byte[] input, byte[] sig) {
    try {
      Signature s = signature(alg, key);
      if (s == null) {
        return false;
      }
      s.initVerify(key);
      s.update(input);
      return s.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The JDK signature for a JWS algorithm, or null when the key does not fit it. */
  private static Signature signature(String alg, java.security.Key key) throws GeneralSecurityException {
    String bits = alg.length() > 2 ? alg.substring(2) : "";
    if (alg.equals("EdDSA")) {
      return key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals("Ed25519") ? Signature.getInstance("Ed25519") : null;
    }
    if (alg.startsWith("RS") && key instanceof RSAKey) {
      return Signature.getInstance("SHA" + bits + "withRSA");
    }
    if (alg.startsWith("PS") && key instanceof RSAKey) {
      Signature s = Signature.getInstance("RSASSA-PSS");
      String h = HASH.get(bits);
      s.setParameter(new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), Integer.parseInt(bits) / 8, 1));
      return s;
    }
    if (alg.startsWith("ES") && key instanceof ECKey) {
      return Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
    }
    return null;
  }

  private static byte[] hmac(String alg, byte[] key, byte[] input) {
    try {
      String name = "HmacSHA" + alg.substring(2);
      Mac m = Mac.getInstance(name);
      m.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, name));
      return m.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new BuiltinException("HMAC failed: " + e.getMessage());
    }
  }

  /**
   * Signs a header and payload (JSON texts, kept byte for byte) with a JWK, checking them in OPA's
   * order: the key, the header's alg (read as jwx reads it), the algorithm, then a JWT payload.
   */
  static String sign(String headerJson, String payloadJson, String jwkJson) {
    Object key;
    try {
      key = JwtKeys.signingKey(JWK.parse(jwkJson));
    } catch (BuiltinException e) {
      throw e;
    } catch (Exception e) {
      throw new BuiltinException("failed to parse JWK: " + e.getMessage());
    }
    JwsHeader header = JwsHeader.parse(headerJson);
    String alg;
    try {
      alg = header.string("alg");
    } catch (BuiltinException e) {
      if (!e.getMessage().startsWith("jwsbb: header")) {
        throw new BuiltinException("missing or invalid 'alg' header: " + e.getMessage());
      }
      alg = ""; // an absent alg is refused when signing, after the checks below
    }
    if (!alg.isEmpty() && !ALGORITHMS.contains(alg)) {
      throw new BuiltinException("unknown JWS algorithm: " + alg);
    }
    String t = headerJson.strip();
    if (!t.startsWith("{")) {
      // Decoded into the standard headers by Go's encoding/json.
      char c = t.charAt(0);
      throw new BuiltinException("-0123456789\"[tfn".indexOf(c) >= 0
          ? "json: cannot unmarshal " + (c == '[' ? "array" : c == '"' ? "string" : c == 't' || c == 'f' ? "bool" : c == 'n' ? "null" : "number")
              + " into Go value of type jws.StandardHeaders"
          : "invalid character " + GoText.quoteRune(c) + " looking for beginning of value");
    }
    String typ;
    try {
      typ = header.string("typ");
    } catch (BuiltinException e) {
      typ = null;
    }
    if ((typ == null || typ.equals("JWT")) && !validJson(payloadJson)) {
      throw new BuiltinException("type is JWT but payload is not JSON");
    }
    if (alg.isEmpty()) {
      throw new BuiltinException("unsupported signature algorithm");
    }
    String input = b64url(headerJson) + "." + b64url(payloadJson);
    byte[] sig;
    try {
      if (alg.startsWith("HS")) {
        if (!(key instanceof byte[] secret)) {
          throw new BuiltinException("HS algorithms need an oct JWK");
        }
        sig = hmac(alg, secret, input.getBytes(StandardCharsets.US_ASCII));
      } else {
        Signature s = signature(alg, (java.security.Key) key);
        if (s == null) {
          throw new BuiltinException("key does not fit algorithm " + alg);
        }
        s.initSign((PrivateKey) key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        sig = s.sign();
      }
    } catch (BuiltinException e) {
      throw e;
    } catch (Exception e) {
      throw new BuiltinException("failed to sign JWT: " + e.getMessage());
    }
    return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
  }

  private static final List<String> ALGORITHMS = List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
      "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

  static boolean knownAlgorithm(String alg) {
    return ALGORITHMS.contains(alg);
  }

  /** Go's json.Valid. */
  private static boolean validJson(String s) {
    if (s.isBlank()) {
      return false;
    }
    try {
      JsonValues.parse(s);
      return true;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static String b64url(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

}
