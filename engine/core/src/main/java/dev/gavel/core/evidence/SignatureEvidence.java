package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;

/**
 * Verifies the request's artifact signatures: {@code dsse} (an envelope over an in-toto Statement)
 * and {@code jws} (a compact JWS over an in-toto Statement) against
 * {@code data.gavel.trust.signers}, and {@code model-signing} (an OpenSSF model signature: key,
 * certificate chain or Sigstore keyless; see {@link ModelSigningEvidence}). The facts name which
 * artifact digests each signature covers.
 */
final class SignatureEvidence {
  private SignatureEvidence() {}

  static ObjectNode verify(JsonNode entry, String path, List<String> artifacts, TrustRoots trust, Instant at,
      ModelFiles disk) throws EvidenceFormatException {
    String format = entry.path("format").asText("");
    switch (format) {
      case "jws":
        return jws(entry, path, artifacts, trust, at);
      case "model-signing":
        return ModelSigningEvidence.verify(entry, path, artifacts, trust, at, disk);
      case "dsse":
        break;
      default:
        throw new EvidenceFormatException(path + ".format", "signature format '" + format
            + "' is not one of dsse, model-signing, jws");
    }
    String envPath = path + ".envelope";
    DsseEnvelope env = DsseEnvelope.parse(entry.get("envelope"), envPath);
    PublicKey embedded = entry.has("publicKey") ? pem(entry.get("publicKey"), path + ".publicKey") : null;
    if (!env.payloadType().equals(InTotoStatement.PAYLOAD_TYPE)) {
      throw new EvidenceFormatException(envPath + ".payloadType", "must be " + InTotoStatement.PAYLOAD_TYPE
          + " but got '" + env.payloadType() + "'");
    }
    InTotoStatement st = InTotoStatement.parse(env.payload(), envPath + ".payload");
    SignerVerdict verdict = SignerVerdict.judge(env, trust.signers(), embedded, at);
    return fact(format, verdict, st.predicateType(), st.digests(), artifacts);
  }

  /**
   * The facts about one signature: who signed it, how ({@code method}: key unless the caller says
   * otherwise), its status, the problem when it is not trusted, and which artifacts it covers.
   */
  static ObjectNode fact(String format, SignerVerdict verdict, String predicateType, List<String> digests,
      List<String> artifacts) {
    ObjectNode fact = JsonNodeFactory.instance.objectNode();
    fact.put("format", format);
    fact.put("method", "key");
    fact.put("status", verdict.status().json());
    if (!verdict.trusted()) {
      fact.put("problem", verdict.status().json());
    }
    fact.put("trusted", verdict.trusted());
    if (verdict.signer() != null) {
      fact.put("signer", verdict.signer());
    }
    fact.put("detail", verdict.detail());
    fact.put("predicateType", predicateType);
    EvidenceVerifier.coverage(fact, digests, artifacts);
    return fact;
  }

  /** {@code format: jws}: a compact JWS whose payload is an in-toto statement. */
  private static ObjectNode jws(JsonNode entry, String path, List<String> artifacts, TrustRoots trust, Instant at)
      throws EvidenceFormatException {
    JwsSignature jws = JwsSignature.parse(entry.get("jws"), path + ".jws");
    PublicKey embedded = entry.has("publicKey") ? pem(entry.get("publicKey"), path + ".publicKey") : null;
    InTotoStatement st = InTotoStatement.parse(jws.payload(), path + ".jws");
    SignerVerdict verdict = SignerVerdict.judge(jws, trust.signers(), embedded, at);
    return fact("jws", verdict, st.predicateType(), st.digests(), artifacts);
  }

  static PublicKey pem(JsonNode n, String path) throws EvidenceFormatException {
    if (!n.isTextual()) {
      throw new EvidenceFormatException(path, "must be a PEM string");
    }
    try {
      return PublicKeyPem.parse(n.asText());
    } catch (IllegalArgumentException e) {
      throw new EvidenceFormatException(path, e.getMessage());
    }
  }
}
