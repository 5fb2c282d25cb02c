package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.ledger.Dsse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;

/**
 * A JWS in compact serialisation (RFC 7515) over an in-toto statement. Only asymmetric algorithms
 * are accepted, and the header's {@code alg} must match the key that verifies it (ES256 with P-256,
 * ES384 with P-384, RS256/PS256 with RSA, EdDSA with Ed25519), so no algorithm confusion is possible.
 */
public record JwsSignature(String alg, String keyId, byte[] signingInput, byte[] payload, byte[] signature)
    implements SignedContent {
  private static final List<String> ALGORITHMS = List.of("ES256", "ES384", "RS256", "PS256", "EdDSA");

  /** Parses a compact JWS at {@code path}; structural problems are bad input. */
  public static JwsSignature parse(JsonNode n, String path) throws EvidenceFormatException {
    if (n == null || !n.isTextual()) {
      throw new EvidenceFormatException(path, "required compact JWS string is missing");
    }
    String[] parts = n.asText().split("\\.", -1);
    if (parts.length != 3) {
      throw new EvidenceFormatException(path, "a compact JWS has three dot-separated parts but this has " + parts.length);
    }
    byte[] headerBytes;
    byte[] payload;
    byte[] sig;
    try {
      headerBytes = Base64.getUrlDecoder().decode(parts[0]);
      payload = Base64.getUrlDecoder().decode(parts[1]);
      sig = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new EvidenceFormatException(path, "JWS parts must be base64url (header JSON, payload, signature)");
    }
    // As strict as the request: a duplicate "alg" or "kid" must not read differently here and elsewhere.
    JsonNode header = CanonicalForm.parseDecoded(headerBytes, path, "JWS header");
    if (!header.isObject()) {
      throw new EvidenceFormatException(path, "JWS header must be a JSON object");
    }
    String alg = header.path("alg").asText("");
    if (!ALGORITHMS.contains(alg)) {
      throw new EvidenceFormatException(path, "JWS alg must be one of " + ALGORITHMS + " but got '" + alg + "'");
    }
    if (header.has("crit")) {
      throw new EvidenceFormatException(path, "JWS critical header parameters are not supported");
    }
    return new JwsSignature(alg, header.path("kid").asText(""),
        (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), payload, sig);
  }

  @Override
  public boolean verifiedBy(PublicKey key) {
    if (!fits(key)) {
      return false;
    }
    return Dsse.verifySignature(key, signingInput, signature);
  }

  private boolean fits(PublicKey key) {
    switch (alg) {
      case "ES256":
        return key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256;
      case "ES384":
        return key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 384;
      case "RS256":
      case "PS256":
        return key instanceof RSAPublicKey;
      default:
        return key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals("Ed25519");
    }
  }

  @Override
  public List<String> keyIds() {
    return keyId.isEmpty() ? List.of() : List.of(keyId);
  }
}
