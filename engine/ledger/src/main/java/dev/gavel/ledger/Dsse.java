package dev.gavel.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Base64;

/**
 * DSSE envelopes: PAE encoding, Ed25519 signing, and verification with Ed25519, ECDSA (DER or
 * raw r||s) and RSA (PKCS#1 v1.5 or PSS, SHA-256) public keys.
 */
public final class Dsse {
  private Dsse() {}

  /** PAE(type, body) = "DSSEv1" SP len(type) SP type SP len(body) SP body. */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** An envelope over the payload signed by a note key (Ed25519, or ECDSA P-256 in DER), with the given key id. */
  public static ObjectNode sign(String payloadType, byte[] payload, NoteKey signer, String keyId) {
    byte[] sig = signer.signature(pae(payloadType, payload));
    ObjectNode env = JsonNodeFactory.instance.objectNode();
    env.put("payload", Base64.getEncoder().encodeToString(payload));
    env.put("payloadType", payloadType);
    ObjectNode s = env.putArray("signatures").addObject();
    s.put("keyid", keyId);
    s.put("sig", Base64.getEncoder().encodeToString(sig));
    return env;
  }

  /**
   * An envelope over the payload signed with any supported private key: Ed25519, ECDSA (DER,
   * SHA-256 for P-256, SHA-384 for P-384) or RSA (PKCS#1 v1.5, SHA-256), which is what
   * {@link #verifySignature} accepts.
   */
  public static ObjectNode sign(String payloadType, byte[] payload, java.security.PrivateKey key, String keyId) {
    byte[] sig;
    try {
      String alg;
      if (key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals("Ed25519")) {
        alg = "Ed25519";
      } else if (key instanceof ECKey ec) {
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        alg = (bits > 384 ? "SHA512" : bits > 256 ? "SHA384" : "SHA256") + "withECDSA";
      } else if (key instanceof RSAKey) {
        alg = "SHA256withRSA";
      } else {
        throw new IllegalArgumentException("unsupported signing key type " + key.getAlgorithm());
      }
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(pae(payloadType, payload));
      sig = s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("signing failed: " + e.getMessage(), e);
    }
    ObjectNode env = JsonNodeFactory.instance.objectNode();
    env.put("payload", Base64.getEncoder().encodeToString(payload));
    env.put("payloadType", payloadType);
    ObjectNode s = env.putArray("signatures").addObject();
    s.put("keyid", keyId);
    s.put("sig", Base64.getEncoder().encodeToString(sig));
    return env;
  }

  /** The decoded payload of an envelope; throws IllegalArgumentException when malformed. */
  public static byte[] payload(JsonNode envelope) {
    if (envelope == null || !envelope.path("payload").isTextual() || !envelope.path("payloadType").isTextual()) {
      throw new IllegalArgumentException("DSSE envelope needs payload and payloadType strings");
    }
    try {
      return Base64.getDecoder().decode(envelope.get("payload").asText());
    } catch (IllegalArgumentException e) {
      return Base64.getUrlDecoder().decode(envelope.get("payload").asText());
    }
  }

  /** True when some signature of the envelope verifies under the key. */
  public static boolean verify(JsonNode envelope, PublicKey key) {
    byte[] payload;
    try {
      payload = payload(envelope);
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] pae = pae(envelope.get("payloadType").asText(), payload);
    for (JsonNode s : envelope.path("signatures")) {
      byte[] sig;
      try {
        sig = Base64.getDecoder().decode(s.path("sig").asText(""));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (verifySignature(key, pae, sig)) {
        return true;
      }
    }
    return false;
  }

  /** Verifies one raw signature over {@code message}: Ed25519, ECDSA (DER or r||s) or RSA (PKCS#1 v1.5 or PSS). */
  public static boolean verifySignature(PublicKey key, byte[] message, byte[] sig) {
    try {
      if (key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals("Ed25519")) {
        return Ed25519.verify(Ed25519Keys.raw(key), message, sig);
      }
      if (key instanceof ECKey ec) {
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        String hash = bits > 384 ? "SHA512" : bits > 256 ? "SHA384" : "SHA256";
        return check(Signature.getInstance(hash + "withECDSA"), key, message, sig)
            || check(Signature.getInstance(hash + "withECDSAinP1363Format"), key, message, sig);
      }
      if (key instanceof RSAKey) {
        if (check(Signature.getInstance("SHA256withRSA"), key, message, sig)) {
          return true;
        }
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
            java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
        return check(pss, key, message, sig);
      }
      return false;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean check(Signature s, PublicKey key, byte[] message, byte[] sig) {
    try {
      s.initVerify(key);
      s.update(message);
      return s.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
