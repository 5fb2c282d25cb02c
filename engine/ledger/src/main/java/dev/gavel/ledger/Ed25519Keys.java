package dev.gavel.ledger;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** Raw 32-byte Ed25519 keys to and from JDK keys (the JDK speaks DER, signed notes speak raw bytes). */
public final class Ed25519Keys {
  private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
  private static final byte[] PKCS8_PREFIX = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};

  private Ed25519Keys() {}

  public static PublicKey publicKey(byte[] raw) {
    check(raw);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, raw)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid Ed25519 public key", e);
    }
  }

  public static PrivateKey privateKey(byte[] seed) {
    check(seed);
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid Ed25519 private key", e);
    }
  }

  public static byte[] raw(PublicKey key) {
    byte[] der = key.getEncoded();
    return Arrays.copyOfRange(der, der.length - 32, der.length);
  }

  public static byte[] seed(PrivateKey key) {
    byte[] der = key.getEncoded();
    return Arrays.copyOfRange(der, der.length - 32, der.length);
  }

  /** The public half of a seed, derived by signing nothing: the JDK derives it from the private key. */
  public static byte[] publicFromSeed(byte[] seed) {
    check(seed);
    return new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
  }

  private static void check(byte[] k) {
    if (k == null || k.length != 32) {
      throw new IllegalArgumentException("Ed25519 keys are 32 bytes");
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
