package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The parts of a Sigstore bundle (v0.1 to v0.3) an OpenSSF model signature uses: the DSSE
 * envelope and the verification material, which is one of a public key ({@code rawBytes} or only a
 * {@code hint}), an X.509 certificate chain (leaf first) or a single certificate, plus Rekor
 * entries and RFC 3161 timestamps. Structural problems are bad input at their JSON path.
 */
record SigstoreBundle(String path, DsseEnvelope envelope, String envelopePath, PublicKey publicKey, String keyHint,
    List<X509Certificate> certificates, List<RekorEntry> tlogEntries, List<byte[]> timestamps) {
  SigstoreBundle {
    certificates = List.copyOf(certificates);
    tlogEntries = List.copyOf(tlogEntries);
    timestamps = List.copyOf(timestamps);
  }

  /** How the signer is named: by a key, by a certificate chain, or keyless (Fulcio certificate + Rekor entry). */
  enum Method {
    KEY, CERTIFICATE, KEYLESS;

    String json() {
      return name().toLowerCase();
    }
  }

  /** Keyless when a certificate comes with transparency-log entries; a certificate alone is private PKI. */
  Method method() {
    if (certificates.isEmpty()) {
      return Method.KEY;
    }
    return tlogEntries.isEmpty() ? Method.CERTIFICATE : Method.KEYLESS;
  }

  X509Certificate leaf() {
    return certificates.get(0);
  }

  static SigstoreBundle parse(JsonNode bundle, String path) throws EvidenceFormatException {
    if (bundle == null || !bundle.isObject()) {
      throw new EvidenceFormatException(path, "required Sigstore bundle object is missing");
    }
    String envPath = path + ".dsseEnvelope";
    DsseEnvelope env = DsseEnvelope.parse(bundle.get("dsseEnvelope"), envPath);
    String vm = path + ".verificationMaterial";
    JsonNode material = bundle.path("verificationMaterial");
    PublicKey key = null;
    String hint = null;
    JsonNode pk = material.path("publicKey");
    if (pk.path("rawBytes").isTextual()) {
      key = rawKey(pk.get("rawBytes").asText(), vm + ".publicKey.rawBytes");
    }
    if (pk.path("hint").isTextual()) {
      hint = pk.get("hint").asText();
    }
    List<X509Certificate> certs = new ArrayList<>();
    JsonNode chain = material.path("x509CertificateChain").path("certificates");
    if (chain.isArray()) {
      for (int i = 0; i < chain.size(); i++) {
        certs.add(certificate(chain.get(i).path("rawBytes"), vm + ".x509CertificateChain.certificates[" + i + "].rawBytes"));
      }
    } else if (material.path("certificate").isObject()) {
      certs.add(certificate(material.path("certificate").path("rawBytes"), vm + ".certificate.rawBytes"));
    }
    List<RekorEntry> entries = new ArrayList<>();
    JsonNode tlog = material.path("tlogEntries");
    if (!tlog.isMissingNode() && !tlog.isNull() && !tlog.isArray()) {
      throw new EvidenceFormatException(vm + ".tlogEntries", "must be an array");
    }
    for (int i = 0; i < tlog.size(); i++) {
      entries.add(RekorEntry.parse(tlog.get(i), vm + ".tlogEntries[" + i + "]"));
    }
    List<byte[]> stamps = new ArrayList<>();
    JsonNode ts = material.path("timestampVerificationData").path("rfc3161Timestamps");
    for (int i = 0; i < ts.size(); i++) {
      String at = vm + ".timestampVerificationData.rfc3161Timestamps[" + i + "].signedTimestamp";
      if (!ts.get(i).path("signedTimestamp").isTextual()) {
        throw new EvidenceFormatException(at, "required base64 timestamp is missing");
      }
      try {
        stamps.add(Base64.getDecoder().decode(ts.get(i).get("signedTimestamp").asText()));
      } catch (IllegalArgumentException e) {
        throw new EvidenceFormatException(at, "is not valid base64");
      }
    }
    if (key == null && hint == null && certs.isEmpty()) {
      throw new EvidenceFormatException(vm, "names no key: needs publicKey, x509CertificateChain or certificate");
    }
    return new SigstoreBundle(path, env, envPath, key, hint, certs, entries, stamps);
  }

  /** The key a bundle carries: base64 of a PEM block (model_signing 0.3.1 to 1.0.1) or of DER. */
  private static PublicKey rawKey(String raw, String path) throws EvidenceFormatException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(raw);
    } catch (IllegalArgumentException e) {
      throw new EvidenceFormatException(path, "is not valid base64");
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    String pem = text.contains("-----BEGIN PUBLIC KEY-----") ? text
        : "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(bytes) + "\n-----END PUBLIC KEY-----\n";
    try {
      return PublicKeyPem.parse(pem);
    } catch (IllegalArgumentException e) {
      throw new EvidenceFormatException(path, e.getMessage());
    }
  }

  private static X509Certificate certificate(JsonNode raw, String path) throws EvidenceFormatException {
    if (!raw.isTextual()) {
      throw new EvidenceFormatException(path, "required base64 DER certificate is missing");
    }
    try {
      return X509Pem.base64(raw.asText());
    } catch (IllegalArgumentException e) {
      throw new EvidenceFormatException(path, "leaf certificate cannot be read: " + e.getMessage());
    }
  }
}
