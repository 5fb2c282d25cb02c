package dev.gavel.bundles;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import dev.gavel.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OPA's bundle signature verification, rule for rule, with OPA's messages:
 * <ol>
 *   <li>{@code .signatures.json} must be there when a key is configured ("bundle missing
 *       .signatures.json file") and hold exactly one JWT;
 *   <li>the key id is the configured one, else the token's {@code kid} header, else its deprecated
 *       {@code keyid} claim; none is "verification key ID is empty", an unknown one "verification
 *       key corresponding to ID ... not found";
 *   <li>the signature must verify under that key with the configured algorithm (the token's
 *       {@code alg} header must be that algorithm, and the key's type must suit it);
 *   <li>the token's {@code scope} must equal the configured scope (or the key's) exactly;
 *   <li>every file of the bundle but the signature file must be listed and match its digest
 *       ("file X not included in bundle signature", "X: digest mismatch (want: ..., got: ...)"), and
 *       every listed file must be in the bundle ("file(s) [...] specified in bundle signatures but
 *       not found in the target bundle").
 * </ol>
 * Stricter than OPA where OPA is lenient in ways that could hide tampering: the header is always
 * parsed, strict JSON throughout (a duplicate key is an error), a file listed twice is an error,
 * and HMAC comparisons are constant-time.
 */
public final class BundleVerifier {
  private BundleVerifier() {}

  /** What a verified signature says. */
  public record Verified(String keyId, String algorithm, String scope, List<SignedFile> files) {
    public Verified {
      files = List.copyOf(files);
    }
  }

  /** The decoded payload. */
  record Claims(String keyId, String scope, String issuer, Long issuedAt, Map<String, SignedFile> files) {}

  /** Verifies the whole bundle: its signature, then every file against it. */
  public static Verified verify(BundleArchive bundle, VerificationConfig config) throws BundleException {
    BundleArchive.File sig = bundle.file(BundleArchive.SIGNATURES)
        .orElseThrow(() -> BundleException.invalid("bundle missing .signatures.json file"));
    Token t = verifySignatures(sig.bytes(), config);
    Map<String, SignedFile> pending = new LinkedHashMap<>(t.claims.files());
    for (BundleArchive.File f : bundle.files()) {
      if (!f.path().equals(BundleArchive.SIGNATURES)) {
        verifyFile(f.path(), f.bytes(), pending);
      }
    }
    if (!pending.isEmpty()) {
      List<String> names = new ArrayList<>(pending.keySet());
      names.sort(BundleArchive::compareUtf8);
      throw BundleException.invalid("file(s) " + BundleRoots.show(names) + " specified in bundle signatures but not found in the target bundle");
    }
    return new Verified(t.keyId, t.algorithm, t.claims.scope(), new ArrayList<>(t.claims.files().values()));
  }

  /** The plugin id of OPA's own JWT verifier in {@code .signatures.json}. */
  static final String DEFAULT_VERIFIER = "_default";

  record Token(String keyId, String algorithm, Claims claims) {}

  /** OPA's VerifyBundleSignature over the bytes of {@code .signatures.json}. */
  static Token verifySignatures(byte[] signaturesJson, VerificationConfig config) throws BundleException {
    JsonNode n;
    try {
      n = Json.read(signaturesJson);
    } catch (Json.ParseException e) {
      throw BundleException.invalid("bundle load failed on signatures decode: " + e.located());
    }
    if (!n.isObject()) {
      throw BundleException.invalid("bundle load failed on signatures decode: .signatures.json must be an object");
    }
    // OPA names its built-in verifier "_default" (opa build writes "plugin": "_default"); an empty
    // plugin means the same. Any other plugin is a verifier Gavel does not have.
    String plugin = n.hasNonNull("plugin") ? n.get("plugin").asText() : "";
    if (!plugin.isEmpty() && !plugin.equals(DEFAULT_VERIFIER)) {
      throw BundleException.invalid("no verifier exists under id " + plugin);
    }
    List<String> tokens = new ArrayList<>();
    JsonNode sigs = n.get("signatures");
    if (sigs != null && !sigs.isNull()) {
      if (!sigs.isArray()) {
        throw BundleException.invalid("bundle load failed on signatures decode: signatures must be an array of strings");
      }
      for (JsonNode s : sigs) {
        if (!s.isTextual()) {
          throw BundleException.invalid("bundle load failed on signatures decode: signatures must be an array of strings");
        }
        tokens.add(s.asText());
      }
    }
    return verifyTokens(tokens, config);
  }

  static Token verifyTokens(List<String> tokens, VerificationConfig config) throws BundleException {
    if (tokens.isEmpty()) {
      throw BundleException.invalid(".signatures.json: missing JWT (expected exactly one)");
    }
    if (tokens.size() > 1) {
      throw BundleException.invalid(".signatures.json: multiple JWTs not supported (expected exactly one)");
    }
    return verifyToken(tokens.get(0), config);
  }

  /** OPA's verifyJWTSignature. */
  static Token verifyToken(String token, VerificationConfig config) throws BundleException {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw BundleException.invalid("failed to split compact JWT: invalid number of segments");
    }
    JsonNode header = json(decode(parts[0], "failed to extract key ID from headers: failed to decode source"),
        "failed to parse JWT headers");
    if (!header.isObject()) {
      throw BundleException.invalid("failed to parse JWT headers: not a JSON object");
    }
    Claims claims = claims(json(decode(parts[1], "failed to base64 decode JWT payload"), "failed to parse JWT payload"));
    String keyId = config.keyId();
    if (keyId.isEmpty() && header.has("kid")) {
      if (!header.get("kid").isTextual()) {
        throw BundleException.invalid("failed to extract key ID from headers: kid is not a string");
      }
      keyId = header.get("kid").asText();
    }
    if (keyId.isEmpty() && claims.keyId() != null) {
      keyId = claims.keyId();
    }
    if (keyId.isEmpty()) {
      throw BundleException.invalid("verification key ID is empty");
    }
    VerificationConfig.Key key = config.keys().get(keyId);
    if (key == null) {
      throw BundleException.invalid("verification key corresponding to ID " + keyId + " not found");
    }
    String headerAlg = header.path("alg").isTextual() ? header.get("alg").asText() : "";
    JwsAlgorithm alg = key.algorithm() != null ? JwsAlgorithm.require(key.algorithm(), BundleException.Kind.CONFIGURATION)
        : JwsAlgorithm.require(headerAlg, BundleException.Kind.INVALID);
    // A configured key that cannot serve its own configured algorithm is the configuration's fault,
    // whatever the token says; a token that picked an algorithm its key cannot serve is the token's.
    BundleException.Kind keyFault = key.algorithm() != null ? BundleException.Kind.CONFIGURATION : BundleException.Kind.INVALID;
    PublicKey pub = null;
    if (alg.secret() != key.secret()) {
      throw new BundleException(keyFault, "wrong key type: " + alg + (alg.secret() ? " needs a shared secret but a public key is configured"
          : " needs a public key but a shared secret is configured"));
    }
    if (!alg.secret()) {
      pub = PemKeys.publicKey(new String(key.material(), StandardCharsets.UTF_8));
      String wrong = alg.unsuitable(pub);
      if (wrong != null) {
        throw new BundleException(keyFault, "wrong key type: " + wrong);
      }
    }
    if (!alg.name().equals(headerAlg)) {
      throw BundleException.invalid("failed to verify JWT signature: the token's alg " + (headerAlg.isEmpty() ? "(none)" : headerAlg)
          + " is not the configured algorithm " + alg);
    }
    byte[] signature = decode(parts[2], "failed to base64 decode JWT signature");
    byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (alg.secret()) {
      verifyHmac(alg, key.material(), signingInput, signature);
    } else {
      verifyPublic(alg, pub, token);
    }
    String scope = config.scope().isEmpty() ? key.scope() : config.scope();
    String tokenScope = claims.scope() == null ? "" : claims.scope();
    if (!tokenScope.equals(scope)) {
      throw BundleException.invalid("scope mismatch");
    }
    return new Token(keyId, alg.name(), claims);
  }

  private static void verifyHmac(JwsAlgorithm alg, byte[] secret, byte[] input, byte[] signature) throws BundleException {
    try {
      Mac mac = Mac.getInstance(alg.jca);
      // OPA accepts any secret length (its own tests use "secret"), so verification does too.
      mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, alg.jca));
      if (secret.length == 0 || !MessageDigest.isEqual(mac.doFinal(input), signature)) {
        throw BundleException.invalid("failed to verify JWT signature: invalid HMAC signature");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void verifyPublic(JwsAlgorithm alg, PublicKey pub, String token) throws BundleException {
    try {
      JWSVerifier v = pub instanceof RSAPublicKey r ? new RSASSAVerifier(r) : new ECDSAVerifier((ECPublicKey) pub);
      JWSObject jws = JWSObject.parse(token);
      if (!jws.verify(v)) {
        throw BundleException.invalid("failed to verify JWT signature: " + (alg.family == JwsAlgorithm.Family.EC
            ? "ECDSA verification error" : "RSA verification error"));
      }
    } catch (java.text.ParseException e) {
      throw BundleException.invalid("failed to parse JWT: " + e.getMessage());
    } catch (JOSEException e) {
      throw BundleException.invalid("failed to verify JWT signature: " + e.getMessage());
    }
  }

  /** Unpadded base64url, as JWS requires; the message names the first bad byte as Go's decoder does. */
  private static byte[] decode(String part, String what) throws BundleException {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
        throw BundleException.invalid(what + ": illegal base64 data at input byte " + i);
      }
    }
    if (part.length() % 4 == 1) {
      throw BundleException.invalid(what + ": illegal base64 data at input byte " + (part.length() - 1));
    }
    return Base64.getUrlDecoder().decode(part);
  }

  private static JsonNode json(byte[] bytes, String what) throws BundleException {
    try {
      return Json.read(bytes);
    } catch (Json.ParseException e) {
      throw BundleException.invalid(what + ": " + e.getMessage());
    }
  }

  /** The payload, typed as OPA's DecodedSignature; a file listed twice is refused. */
  static Claims claims(JsonNode p) throws BundleException {
    if (!p.isObject()) {
      throw BundleException.invalid("failed to parse JWT payload: not a JSON object");
    }
    String keyId = text(p, "keyid");
    String scope = text(p, "scope");
    String iss = text(p, "iss");
    Long iat = null;
    if (p.hasNonNull("iat")) {
      if (!p.get("iat").isIntegralNumber() || !p.get("iat").canConvertToLong()) {
        throw BundleException.invalid("failed to parse JWT payload: iat must be an integer");
      }
      iat = p.get("iat").asLong();
    }
    Map<String, SignedFile> files = new LinkedHashMap<>();
    if (p.hasNonNull("files")) {
      if (!p.get("files").isArray()) {
        throw BundleException.invalid("failed to parse JWT payload: files must be an array of {name, hash, algorithm}");
      }
      for (JsonNode f : p.get("files")) {
        if (!f.isObject()) {
          throw BundleException.invalid("failed to parse JWT payload: files must be an array of {name, hash, algorithm}");
        }
        String name = text(f, "name");
        SignedFile sf = new SignedFile(name == null ? "" : name, nullToEmpty(text(f, "hash")), nullToEmpty(text(f, "algorithm")));
        if (files.put(sf.name(), sf) != null) {
          throw BundleException.invalid("failed to parse JWT payload: file " + sf.name() + " is listed twice");
        }
      }
    }
    return new Claims(keyId, scope, iss, iat, files);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String text(JsonNode o, String field) throws BundleException {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw BundleException.invalid("failed to parse JWT payload: " + field + " must be a string");
    }
    return v.asText();
  }

  /** OPA's VerifyBundleFile: removes the file from {@code files} when it matches. */
  static void verifyFile(String path, byte[] content, Map<String, SignedFile> files) throws BundleException {
    SignedFile f = files.get(path);
    if (f == null) {
      throw BundleException.invalid("file " + path + " not included in bundle signature");
    }
    if (f.algorithm().isEmpty()) {
      throw BundleException.invalid("no hashing algorithm provided for file " + path);
    }
    byte[] got = OpaHash.hash(path, content, f.algorithm());
    byte[] want;
    try {
      want = HexFormat.of().parseHex(f.hash());
    } catch (IllegalArgumentException e) {
      throw BundleException.invalid(path + ": the signed hash is not hex: " + f.hash());
    }
    if (!MessageDigest.isEqual(want, got)) {
      throw BundleException.invalid(path + ": digest mismatch (want: " + HexFormat.of().formatHex(want) + ", got: "
          + HexFormat.of().formatHex(got) + ")");
    }
    files.remove(path);
  }
}
