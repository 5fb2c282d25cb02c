package dev.gavel.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** RFC 6962 hashing: leaf = SHA-256(0x00 || data), interior node = SHA-256(0x01 || left || right). */
public final class LeafHash {
  private LeafHash() {}

  public static byte[] leaf(byte[] data) {
    MessageDigest md = sha256();
    md.update((byte) 0x00);
    md.update(data);
    return md.digest();
  }

  public static byte[] node(byte[] left, byte[] right) {
    MessageDigest md = sha256();
    md.update((byte) 0x01);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** {@code sha256:<hex>} rendering used in entries and decisions. */
  public static String render(byte[] hash) {
    return "sha256:" + HexFormat.of().formatHex(hash);
  }

  /** One digest per thread: leaf and node hashing run per entry, and a lookup each time showed. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  });

  /** This thread's SHA-256, reset; digest() resets it again after use. */
  static MessageDigest sha256() {
    MessageDigest md = SHA256.get();
    md.reset();
    return md;
  }
}
