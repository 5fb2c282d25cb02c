package dev.gavel.rego.builtins.x509;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The Ed25519 public key of a private seed (RFC 8032 section 5.1.5): the clamped first half of
 * SHA-512(seed) times the base point, encoded. Go keeps seed and public key together in its
 * private key bytes, and the JDK has no call that derives one from the other.
 */
final class Ed25519Public {
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  private static final BigInteger[] BASE = {
      new BigInteger("15112221349535400772501151409588531511454012693041857206046113283949847762202"),
      new BigInteger("46316835694926478169428394003475163141307993866256225615783033603165251855960")};

  private Ed25519Public() {}

  static byte[] of(byte[] seed) {
    byte[] h;
    try {
      h = MessageDigest.getInstance("SHA-512").digest(seed);
    } catch (NoSuchAlgorithmException e) {
      throw new X509Exception("SHA-512 unavailable: " + e.getMessage());
    }
    byte[] a = Arrays.copyOf(h, 32);
    a[0] &= (byte) 248;
    a[31] &= 127;
    a[31] |= 64;
    BigInteger k = new BigInteger(1, reverse(a));
    BigInteger[] r = {BigInteger.ZERO, BigInteger.ONE};
    BigInteger[] addend = BASE;
    for (int i = 0; i < k.bitLength(); i++) {
      if (k.testBit(i)) {
        r = add(r, addend);
      }
      addend = add(addend, addend);
    }
    byte[] y = toLittleEndian(r[1]);
    if (r[0].testBit(0)) {
      y[31] |= (byte) 0x80;
    }
    return y;
  }

  private static BigInteger[] add(BigInteger[] u, BigInteger[] v) {
    BigInteger xx = u[0].multiply(v[1]).add(v[0].multiply(u[1]));
    BigInteger yy = u[1].multiply(v[1]).add(u[0].multiply(v[0]));
    BigInteger dxy = D.multiply(u[0]).multiply(v[0]).multiply(u[1]).multiply(v[1]).mod(P);
    BigInteger x = xx.multiply(BigInteger.ONE.add(dxy).modInverse(P)).mod(P);
    BigInteger y = yy.multiply(BigInteger.ONE.subtract(dxy).mod(P).modInverse(P)).mod(P);
    return new BigInteger[] {x, y};
  }

  private static byte[] toLittleEndian(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < Math.min(32, be.length); i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  private static byte[] reverse(byte[] b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[b.length - 1 - i];
    }
    return out;
  }
}
