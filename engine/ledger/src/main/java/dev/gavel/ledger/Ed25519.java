package dev.gavel.ledger;

import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 (RFC 8032) signing and verification over raw 32-byte keys, with BouncyCastle's
 * lightweight implementation: measured in the same run against the JDK 17 provider it signs about
 * 19x faster (29 µs vs 549 µs, README Performance), and a signature is on the ledger's append path
 * for every checkpoint and in every audit. Verification is strict as RFC 8032 asks (a scalar S not
 * below the group order, or a point that does not decode, fails).
 */
public final class Ed25519 {
  private Ed25519() {}

  /** A signature by the key derived from {@code seed} (32 bytes). */
  public static byte[] sign(byte[] seed, byte[] message) {
    Objects.requireNonNull(message, "message");
    if (seed.length != 32) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes but got " + seed.length);
    }
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, new Ed25519PrivateKeyParameters(seed, 0));
    s.update(message, 0, message.length);
    return s.generateSignature();
  }

  /** Whether {@code signature} (64 bytes) is {@code publicKey}'s (32 bytes) over {@code message}. */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    Objects.requireNonNull(message, "message");
    if (publicKey.length != 32 || signature.length != 64) {
      return false;
    }
    try {
      Ed25519Signer s = new Ed25519Signer();
      s.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
      s.update(message, 0, message.length);
      return s.verifySignature(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
