package dev.gavel.core.evidence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * PEM-encoded SubjectPublicKeyInfo public keys (Ed25519, ECDSA P-256/P-384, RSA). Text before the
 * PEM block is ignored, since tools such as certtool print a human-readable dump first.
 */
public final class PublicKeyPem {
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private PublicKeyPem() {}

  /** Parses the first PUBLIC KEY block; throws IllegalArgumentException saying what is wrong. */
  public static PublicKey parse(String pem) {
    if (pem == null) {
      throw new IllegalArgumentException("public key must be a PEM string");
    }
    int begin = pem.indexOf(BEGIN);
    if (begin < 0) {
      throw new IllegalArgumentException("malformed PEM: no '" + BEGIN + "' line");
    }
    int end = pem.indexOf(END, begin);
    if (end < 0) {
      throw new IllegalArgumentException("malformed PEM: no '" + END + "' line");
    }
    String body = pem.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed PEM: body is not base64");
    }
    for (String alg : new String[] {"Ed25519", "EC", "RSA"}) {
      try {
        PublicKey key = KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
        check(key);
        return key;
      } catch (GeneralSecurityException e) {
        // not this algorithm; try the next
      }
    }
    throw new IllegalArgumentException("unsupported key type: expected an Ed25519, ECDSA P-256/P-384 or RSA "
        + "SubjectPublicKeyInfo");
  }

  private static void check(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      if (bits != 256 && bits != 384) {
        throw new IllegalArgumentException("unsupported ECDSA curve: " + bits + " bits (P-256 or P-384 expected)");
      }
    }
    if (key instanceof java.security.interfaces.RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
      throw new IllegalArgumentException("RSA key too short: " + rsa.getModulus().bitLength() + " bits (2048 minimum)");
    }
  }

  /** The canonical PEM: the BEGIN line, base64 in 64-column lines, the END line, a final newline. */
  public static String format(PublicKey key) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    return BEGIN + "\n" + b64 + "\n" + END + "\n";
  }

  /** Hex SHA-256 of the canonical PEM: the key hint Sigstore bundles carry. */
  public static String hint(PublicKey key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(format(key).getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A short description of the key type, for messages. */
  public static String describe(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      return "ECDSA P-" + ec.getParams().getCurve().getField().getFieldSize();
    }
    if (key instanceof java.security.interfaces.RSAPublicKey rsa) {
      return "RSA-" + rsa.getModulus().bitLength();
    }
    return key.getAlgorithm().equals("EdDSA") ? "Ed25519" : key.getAlgorithm();
  }
}
