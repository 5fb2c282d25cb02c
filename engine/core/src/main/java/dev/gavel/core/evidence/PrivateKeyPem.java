package dev.gavel.core.evidence;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * PEM-encoded PKCS#8 private keys ({@code -----BEGIN PRIVATE KEY-----}: Ed25519, ECDSA or RSA), as
 * `openssl genpkey` writes them, for the board's approval signatures. The key is never printed.
 */
public final class PrivateKeyPem {
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private PrivateKeyPem() {}

  /** Parses the first PRIVATE KEY block; IllegalArgumentException saying what is wrong (never the key). */
  public static PrivateKey parse(String pem) {
    if (pem == null) {
      throw new IllegalArgumentException("private key must be a PEM string");
    }
    int begin = pem.indexOf(BEGIN);
    if (begin < 0) {
      throw new IllegalArgumentException(pem.contains("BEGIN ENCRYPTED PRIVATE KEY") ? "encrypted PKCS#8 keys are not supported: "
          + "decrypt it first (openssl pkcs8 -in KEY -out PLAIN)" : pem.contains("BEGIN EC PRIVATE KEY")
          || pem.contains("BEGIN RSA PRIVATE KEY") ? "not PKCS#8: convert it with `openssl pkcs8 -topk8 -nocrypt`"
          : "malformed PEM: no '" + BEGIN + "' line");
    }
    int end = pem.indexOf(END, begin);
    if (end < 0) {
      throw new IllegalArgumentException("malformed PEM: no '" + END + "' line");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(pem.substring(begin + BEGIN.length(), end).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed PEM: body is not base64");
    }
    for (String alg : new String[] {"Ed25519", "EC", "RSA"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this algorithm; try the next
      }
    }
    throw new IllegalArgumentException("unsupported key type: expected an Ed25519, ECDSA or RSA PKCS#8 private key");
  }
}
