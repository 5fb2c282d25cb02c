package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Verifies the request's artifact signatures against {@code data.gavel.trust.signers}:
 * {@code dsse} (an envelope over an in-toto Statement), {@code model-signing} (an OpenSSF
 * model-signing Sigstore bundle signed with a plain key) and {@code jws} (a compact JWS over an
 * in-toto Statement). The facts name which artifact digests each signature covers.
 */
final class SignatureEvidence {
  private SignatureEvidence() {}

  static ObjectNode verify(JsonNode entry, String path, List<String> artifacts, TrustRoots trust, Instant at)
      throws EvidenceFormatException {
    String format = entry.path("format").asText("");
    if (format.equals("jws")) {
      return jws(entry, path, artifacts, trust, at);
    }
    DsseEnvelope env;
    PublicKey embedded = null;
    List<String> claimed = new ArrayList<>();
    String envPath;
    switch (format) {
      case "dsse":
        envPath = path + ".envelope";
        env = DsseEnvelope.parse(entry.get("envelope"), envPath);
        if (entry.has("publicKey")) {
          embedded = pem(entry.get("publicKey"), path + ".publicKey");
        }
        break;
      case "model-signing":
        JsonNode bundle = entry.path("bundle");
        if (!bundle.isObject()) {
          throw new EvidenceFormatException(path + ".bundle", "required Sigstore bundle object is missing");
        }
        envPath = path + ".bundle.dsseEnvelope";
        env = DsseEnvelope.parse(bundle.get("dsseEnvelope"), envPath);
        JsonNode material = bundle.path("verificationMaterial");
        embedded = bundleKey(material, path + ".bundle.verificationMaterial");
        if (material.path("publicKey").path("hint").isTextual()) {
          claimed.add(material.path("publicKey").path("hint").asText());
        }
        break;
      default:
        throw new EvidenceFormatException(path + ".format", "signature format '" + format
            + "' is not one of dsse, model-signing, jws");
    }
    if (!env.payloadType().equals(InTotoStatement.PAYLOAD_TYPE)) {
      throw new EvidenceFormatException(envPath + ".payloadType", "must be " + InTotoStatement.PAYLOAD_TYPE
          + " but got '" + env.payloadType() + "'");
    }
    InTotoStatement st = InTotoStatement.parse(env.payload(), envPath + ".payload");
    SignerVerdict verdict = SignerVerdict.judge(env, trust.signers(), embedded, at, claimed);
    List<String> digests = new ArrayList<>(st.digests());
    if (format.equals("model-signing")) {
      // The model-signing manifest lists every file's digest; the subject is a digest of that list.
      for (JsonNode r : st.predicate().path("resources")) {
        if (r.path("algorithm").asText("sha256").equals("sha256") && r.path("digest").isTextual()) {
          digests.add(r.get("digest").asText().toLowerCase());
        }
      }
    }
    return fact(format, verdict, st.predicateType(), digests, artifacts);
  }

  /** The facts about one signature: who signed it, its status, and which artifacts it covers. */
  private static ObjectNode fact(String format, SignerVerdict verdict, String predicateType, List<String> digests,
      List<String> artifacts) {
    ObjectNode fact = JsonNodeFactory.instance.objectNode();
    fact.put("format", format);
    fact.put("status", verdict.status().json());
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

  /** The key a bundle carries: raw public key bytes (PEM or DER), or the leaf certificate's key. */
  private static PublicKey bundleKey(JsonNode material, String path) throws EvidenceFormatException {
    JsonNode raw = material.path("publicKey").path("rawBytes");
    if (raw.isTextual()) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(raw.asText());
      } catch (IllegalArgumentException e) {
        throw new EvidenceFormatException(path + ".publicKey.rawBytes", "is not valid base64");
      }
      String text = new String(bytes, StandardCharsets.US_ASCII);
      String pem = text.contains("-----BEGIN PUBLIC KEY-----") ? text
          : "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(bytes) + "\n-----END PUBLIC KEY-----\n";
      try {
        return PublicKeyPem.parse(pem);
      } catch (IllegalArgumentException e) {
        throw new EvidenceFormatException(path + ".publicKey.rawBytes", e.getMessage());
      }
    }
    JsonNode cert = material.path("x509CertificateChain").path("certificates").path(0).path("rawBytes");
    if (!cert.isTextual()) {
      cert = material.path("certificate").path("rawBytes");
    }
    if (cert.isTextual()) {
      try {
        X509Certificate x = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(cert.asText())));
        return x.getPublicKey();
      } catch (CertificateException | IllegalArgumentException e) {
        throw new EvidenceFormatException(path, "leaf certificate cannot be read: " + e.getMessage());
      }
    }
    return null;
  }
}
