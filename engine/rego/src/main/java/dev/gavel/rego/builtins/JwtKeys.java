package dev.gavel.rego.builtins;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import dev.gavel.rego.builtins.x509.PemVerificationKey;
import dev.gavel.rego.builtins.x509.X509Exception;

/**
 * Key material for io.jwt.*: PEM certificates, PEM public keys, and JWK / JWK Set JSON (parsed
 * with nimbus-jose-jwt). Ed25519 keys are carried as JDK keys built from their raw bytes.
 */
final class JwtKeys {
  /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow. */
  private static final byte[] ED25519_SPKI = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
  /** DER prefix of an Ed25519 PKCS#8 private key; the 32 seed bytes follow. */
  private static final byte[] ED25519_PKCS8 = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};

  private JwtKeys() {}

  /**
   * Every public key the text holds, read as OPA reads it: one PEM block (a certificate or a public
   * key), else a JWK or a JWK set whose keys with an algorithm OPA does not know are skipped.
   */
  static List<PublicKey> publicKeys(String text) {
    try {
      PublicKey pem = PemVerificationKey.of(text);
      if (pem != null) {
        return List.of(pem);
      }
    } catch (X509Exception e) {
      throw new BuiltinException(e.getMessage());
    }
    List<JWK> jwks;
    try {
      String t = text.strip();
      jwks = t.startsWith("{") && t.contains("\"keys\"") ? JWKSet.parse(t).getKeys() : List.of(JWK.parse(t));
    } catch (Exception e) {
      throw new BuiltinException("failed to parse a JWK key (set): " + e.getMessage());
    }
    List<PublicKey> out = new ArrayList<>();
    for (JWK k : jwks) {
      if (k.getAlgorithm() != null && !JwtBuiltins.knownAlgorithm(k.getAlgorithm().getName())) {
        continue;
      }
      try {
        PublicKey p = publicKey(k);
        if (p != null) {
          out.add(p);
        }
      } catch (Exception e) {
        throw new BuiltinException("failed to parse a JWK key (set): " + e.getMessage());
      }
    }
    return out;
  }

  static PublicKey publicKey(JWK k) throws Exception {
    if (k instanceof RSAKey r) {
      return r.toRSAPublicKey();
    }
    if (k instanceof ECKey e) {
      return e.toECPublicKey();
    }
    if (k instanceof OctetKeyPair o) {
      byte[] raw = o.getX().decode();
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(ED25519_SPKI, raw)));
    }
    return null;
  }

  /** The signing key of a JWK: a private key, or the secret bytes of an "oct" key. */
  static Object signingKey(JWK k) throws Exception {
    if (k instanceof OctetSequenceKey s) {
      return s.toByteArray();
    }
    if (k instanceof RSAKey r) {
      return r.toRSAPrivateKey();
    }
    if (k instanceof ECKey e) {
      return e.toECPrivateKey();
    }
    if (k instanceof OctetKeyPair o && o.getD() != null) {
      byte[] seed = o.getD().decode();
      PrivateKey p = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(ED25519_PKCS8, seed)));
      return p;
    }
    throw new BuiltinException("JWK has no private key material");
  }

  private static byte[] pem(String text) {
    String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
