package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.CanonicalJson;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One Sigstore trusted root, read exactly as Sigstore publishes it: a {@code trusted_root.json}
 * ({@code application/vnd.dev.sigstore.trustedroot+json;version=0.1} or 0.2) or a client trust
 * configuration ({@code application/vnd.dev.sigstore.clienttrustconfig.v0.1+json}, whose
 * {@code trustedRoot} is used; its signing configuration is irrelevant offline). Fields this
 * verifier does not use are ignored; a field it uses that is missing or malformed is a policy data
 * error naming its path.
 *
 * <p>{@code path} is where the root sits in the policy data and {@code digest} the SHA-256 of its
 * RFC 8785 canonical JSON: together they say "under which trust root" a signature verified.
 */
public record SigstoreRoot(String path, String digest, List<Log> tlogs, List<Authority> certificateAuthorities,
    List<Log> ctlogs, List<Authority> timestampAuthorities) {
  public SigstoreRoot {
    tlogs = List.copyOf(tlogs);
    certificateAuthorities = List.copyOf(certificateAuthorities);
    ctlogs = List.copyOf(ctlogs);
    timestampAuthorities = List.copyOf(timestampAuthorities);
  }

  static final String TRUSTED_ROOT = "application/vnd.dev.sigstore.trustedroot+json;version=";
  static final String CLIENT_TRUST_CONFIG = "application/vnd.dev.sigstore.clienttrustconfig.v0.1+json";

  /** A transparency log (Rekor) or CT log: its key, the log id (SHA-256 of the key's DER), its validity. */
  public record Log(String baseUrl, byte[] logId, PublicKey key, ValidFor validFor, String path) {
    /** The host of the base URL: the key name Rekor signs its checkpoints with. */
    public String host() {
      try {
        String h = URI.create(baseUrl).getHost();
        return h == null ? baseUrl : h;
      } catch (IllegalArgumentException e) {
        return baseUrl;
      }
    }
  }

  /** A Fulcio CA or a timestamp authority: its chain (first certificate issued by the next, the last one the root). */
  public record Authority(String uri, String name, List<X509Certificate> chain, ValidFor validFor, String path) {
    public Authority {
      chain = List.copyOf(chain);
    }

    public X509Certificate root() {
      return chain.get(chain.size() - 1);
    }
  }

  /** The transparency log with this log id, if the root lists it. */
  public Optional<Log> tlog(byte[] logId) {
    return tlogs.stream().filter(l -> Arrays.equals(l.logId(), logId)).findFirst();
  }

  public Optional<Log> ctlog(byte[] logId) {
    return ctlogs.stream().filter(l -> Arrays.equals(l.logId(), logId)).findFirst();
  }

  /** Reads one trusted root (or client trust configuration) at {@code path}. */
  static SigstoreRoot parse(JsonNode doc, String path) throws TrustDataException {
    if (!doc.isObject()) {
      throw new TrustDataException(path, "must be a Sigstore trusted_root.json or ClientTrustConfig object");
    }
    String mediaType = doc.path("mediaType").asText("");
    JsonNode root = doc;
    String rootPath = path;
    if (mediaType.equals(CLIENT_TRUST_CONFIG)) {
      root = doc.path("trustedRoot");
      rootPath = path + ".trustedRoot";
      if (!root.isObject()) {
        throw new TrustDataException(rootPath, "a ClientTrustConfig must hold its trustedRoot object");
      }
      mediaType = root.path("mediaType").asText("");
    }
    if (!mediaType.startsWith(TRUSTED_ROOT)) {
      throw new TrustDataException(rootPath + ".mediaType", "must be " + TRUSTED_ROOT + "0.1 (or 0.2), or the document a "
          + CLIENT_TRUST_CONFIG + " but got '" + mediaType + "'");
    }
    List<Log> tlogs = logs(root.path("tlogs"), rootPath + ".tlogs");
    List<Authority> cas = authorities(root.path("certificateAuthorities"), rootPath + ".certificateAuthorities");
    List<Log> ctlogs = logs(root.path("ctlogs"), rootPath + ".ctlogs");
    List<Authority> tsas = authorities(root.path("timestampAuthorities"), rootPath + ".timestampAuthorities");
    return new SigstoreRoot(path, CanonicalJson.sha256(doc), tlogs, cas, ctlogs, tsas);
  }

  private static List<Log> logs(JsonNode list, String path) throws TrustDataException {
    List<Log> out = new ArrayList<>();
    if (list.isMissingNode() || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      throw new TrustDataException(path, "must be an array");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode l = list.get(i);
      String at = path + "[" + i + "]";
      if (!l.path("publicKey").path("rawBytes").isTextual()) {
        throw new TrustDataException(at + ".publicKey.rawBytes", "required base64 DER public key is missing");
      }
      String hash = l.path("hashAlgorithm").asText("SHA2_256");
      if (!hash.equals("SHA2_256")) {
        throw new TrustDataException(at + ".hashAlgorithm", "only SHA2_256 logs are supported but got '" + hash + "'");
      }
      byte[] der = base64(l.path("publicKey").path("rawBytes").asText(), at + ".publicKey.rawBytes");
      PublicKey key = key(der, at + ".publicKey.rawBytes");
      byte[] id = sha256(der);
      if (l.path("logId").path("keyId").isTextual()) {
        byte[] claimed = base64(l.path("logId").path("keyId").asText(), at + ".logId.keyId");
        if (!Arrays.equals(claimed, id)) {
          throw new TrustDataException(at + ".logId.keyId", "is not the SHA-256 of the log's public key");
        }
      }
      out.add(new Log(l.path("baseUrl").asText(""), id, key, ValidFor.parse(l.path("publicKey").get("validFor"),
          at + ".publicKey.validFor"), at));
    }
    return out;
  }

  private static List<Authority> authorities(JsonNode list, String path) throws TrustDataException {
    List<Authority> out = new ArrayList<>();
    if (list.isMissingNode() || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      throw new TrustDataException(path, "must be an array");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode a = list.get(i);
      String at = path + "[" + i + "]";
      JsonNode certs = a.path("certChain").path("certificates");
      if (!certs.isArray() || certs.isEmpty()) {
        throw new TrustDataException(at + ".certChain.certificates", "must be a non-empty array of {rawBytes}");
      }
      List<X509Certificate> chain = new ArrayList<>();
      for (int j = 0; j < certs.size(); j++) {
        String cp = at + ".certChain.certificates[" + j + "].rawBytes";
        if (!certs.get(j).path("rawBytes").isTextual()) {
          throw new TrustDataException(cp, "required base64 DER certificate is missing");
        }
        try {
          chain.add(X509Pem.base64(certs.get(j).path("rawBytes").asText()));
        } catch (IllegalArgumentException e) {
          throw new TrustDataException(cp, e.getMessage());
        }
      }
      JsonNode subject = a.path("subject");
      String name = (subject.path("organization").asText("") + " " + subject.path("commonName").asText("")).strip();
      out.add(new Authority(a.path("uri").asText(""), name.isEmpty() ? chain.get(0).getSubjectX500Principal().getName() : name,
          chain, ValidFor.parse(a.get("validFor"), at + ".validFor"), at));
    }
    return out;
  }

  private static byte[] base64(String text, String path) throws TrustDataException {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new TrustDataException(path, "is not valid base64");
    }
  }

  private static PublicKey key(byte[] der, String path) throws TrustDataException {
    for (String alg : new String[] {"EC", "Ed25519", "RSA"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this algorithm
      }
    }
    throw new TrustDataException(path, "is not an ECDSA, Ed25519 or RSA SubjectPublicKeyInfo");
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
