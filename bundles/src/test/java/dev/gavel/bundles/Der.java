package dev.gavel.bundles;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Just enough DER to turn the JDK's PKCS#8/SPKI encodings into PKCS#1 and SEC 1 for tests. */
final class Der {
  static final byte[] P384_OID = {0x06, 0x05, 0x2b, (byte) 0x81, 0x04, 0x00, 0x22};

  private Der() {}

  /** [start, end) of the content of the TLV at {@code pos}, and the next position. */
  private static int[] tlv(byte[] d, int pos) {
    int p = pos + 1;
    int len = d[p++] & 0xff;
    if (len > 0x80) {
      int n = len & 0x7f;
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (d[p++] & 0xff);
      }
    }
    return new int[] {p, p + len};
  }

  /** The content of the OCTET STRING in a PKCS#8 PrivateKeyInfo (the PKCS#1 or SEC 1 key). */
  static byte[] innerOctets(byte[] pkcs8) {
    int[] outer = tlv(pkcs8, 0);
    int p = outer[0];
    p = tlv(pkcs8, p)[1]; // version
    p = tlv(pkcs8, p)[1]; // algorithm
    int[] oct = tlv(pkcs8, p);
    return Arrays.copyOfRange(pkcs8, oct[0], oct[1]);
  }

  /** The content of the BIT STRING in a SubjectPublicKeyInfo (after its unused-bits byte). */
  static byte[] bitString(byte[] spki) {
    int[] outer = tlv(spki, 0);
    int p = tlv(spki, outer[0])[1];
    int[] bits = tlv(spki, p);
    return Arrays.copyOfRange(spki, bits[0] + 1, bits[1]);
  }

  static byte[] bitStringContent(byte[] spki) {
    return bitString(spki);
  }

  /** A SEC 1 ECPrivateKey with [0] curve parameters added after its private key octets. */
  static byte[] withCurve(byte[] sec1, byte[] oid) {
    int[] outer = tlv(sec1, 0);
    int p = outer[0];
    p = tlv(sec1, p)[1]; // version
    int afterKey = tlv(sec1, p)[1];
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write(sec1, outer[0], afterKey - outer[0]);
    content.write(0xa0);
    content.write(oid.length);
    content.writeBytes(oid);
    content.write(sec1, afterKey, outer[1] - afterKey);
    byte[] c = content.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    if (c.length < 0x80) {
      out.write(c.length);
    } else {
      out.write(0x81);
      out.write(c.length);
    }
    out.writeBytes(c);
    return out.toByteArray();
  }
}
