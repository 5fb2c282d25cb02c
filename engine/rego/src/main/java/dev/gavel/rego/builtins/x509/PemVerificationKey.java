package dev.gavel.rego.builtins.x509;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;

/**
 * The verification key of the io.jwt.verify_* builtins when given PEM text, read as OPA reads it:
 * exactly one block (nothing after it), a CERTIFICATE or a PUBLIC KEY, checked by Go's parsers
 * so that the errors carry Go's words.
 */
public final class PemVerificationKey {
  private PemVerificationKey() {}

  /**
   * The key in the first PEM block of {@code text}, or null when the text holds no PEM block (it is
   * then a JWK or a JWK set).
   *
   * @throws X509Exception with OPA's message when the block is not a usable key
   */
  public static PublicKey of(String text) {
    GoPem.Block block = GoPem.decode(text.getBytes(StandardCharsets.UTF_8));
    if (block == null) {
      return null;
    }
    if (block.rest().length > 0) {
      throw new X509Exception("extra data after a PEM certificate block");
    }
    if (block.type().equals("CERTIFICATE")) {
      try {
        GoCertificate.parse(block.bytes());
        return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(block.bytes()))
            .getPublicKey();
      } catch (X509Exception e) {
        throw new X509Exception("failed to parse a PEM certificate: " + e.getMessage());
      } catch (GeneralSecurityException e) {
        throw new X509Exception("failed to parse a PEM certificate: " + e.getMessage());
      }
    }
    if (block.type().equals("PUBLIC KEY")) {
      try {
        Der d = new Der(block.bytes());
        Der.Element spki;
        try {
          spki = d.next(Der.SEQUENCE);
        } catch (IllegalArgumentException e) {
          throw new X509Exception("x509: malformed public key");
        }
        if (!d.isEmpty()) {
          throw new X509Exception("x509: trailing data after ASN.1 of public-key");
        }
        GoCertificate.SubjectKey key = GoCertificate.SubjectKey.parse(spki);
        if (key.algorithm() == 0) {
          throw new X509Exception("x509: unknown public key algorithm");
        }
        return jdkKey(block.bytes());
      } catch (X509Exception e) {
        throw new X509Exception("failed to parse a PEM public key: " + e.getMessage());
      }
    }
    throw new X509Exception("failed to extract a Key from the PEM certificate");
  }

  private static PublicKey jdkKey(byte[] spki) {
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
      } catch (GeneralSecurityException wrongAlgorithm) {
        // try the next key type
      }
    }
    throw new X509Exception("x509: unsupported public key");
  }
}
