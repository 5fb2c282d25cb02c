package dev.gavel.bundles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * PEM keys as OPA's tools take them: public keys as {@code PUBLIC KEY} (SubjectPublicKeyInfo),
 * {@code RSA PUBLIC KEY} (PKCS#1) or {@code CERTIFICATE}; private keys as {@code PRIVATE KEY}
 * (PKCS#8), {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC 1). The first key
 * block counts ({@code EC PARAMETERS}, which {@code openssl ecparam -genkey} prints first, is
 * skipped). A block whose base64 does not decode is no block, as with Go's {@code pem.Decode}.
 */
final class PemKeys {
  private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
  private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private PemKeys() {}

  record Block(String type, byte[] der) {}

  /** The first PEM block other than EC PARAMETERS, or null when there is none that decodes. */
  static Block block(String text) {
    int from = 0;
    while (true) {
      int b = text.indexOf("-----BEGIN ", from);
      if (b < 0) {
        return null;
      }
      int te = text.indexOf("-----", b + 11);
      if (te < 0) {
        return null;
      }
      String type = text.substring(b + 11, te);
      String endLine = "-----END " + type + "-----";
      int e = text.indexOf(endLine, te + 5);
      if (e < 0) {
        return null;
      }
      String body = text.substring(te + 5, e).replaceAll("\\s", "");
      from = e + endLine.length();
      if (type.equals("EC PARAMETERS")) {
        continue;
      }
      try {
        return new Block(type, Base64.getDecoder().decode(body));
      } catch (IllegalArgumentException ex) {
        return null;
      }
    }
  }

  static PublicKey publicKey(String text) throws BundleException {
    Block b = block(text);
    if (b == null) {
      throw BundleException.config("failed to parse PEM block containing the key");
    }
    try {
      switch (b.type()) {
        case "PUBLIC KEY":
          return spki(b.der());
        case "RSA PUBLIC KEY":
          return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
              seq(cat(seq(cat(RSA_OID, new byte[] {0x05, 0x00})), bitString(b.der())))));
        case "CERTIFICATE": {
          X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(b.der()));
          return c.getPublicKey();
        }
        case "PRIVATE KEY":
        case "RSA PRIVATE KEY":
        case "EC PRIVATE KEY":
          throw BundleException.config("a private key (" + b.type() + ") was given where the public key is needed");
        default:
          throw BundleException.config("unsupported PEM block type: " + b.type());
      }
    } catch (GeneralSecurityException e) {
      throw BundleException.config("failed to parse the " + b.type() + " key: " + e.getMessage());
    }
  }

  private static PublicKey spki(byte[] der) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  static PrivateKey privateKey(String text) throws BundleException {
    Block b = block(text);
    if (b == null) {
      throw BundleException.config("failed to parse PEM block containing the key");
    }
    try {
      switch (b.type()) {
        case "PRIVATE KEY": {
          GeneralSecurityException last = null;
          for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
              return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(b.der()));
            } catch (GeneralSecurityException e) {
              last = e;
            }
          }
          throw last;
        }
        case "RSA PRIVATE KEY":
          return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
              seq(cat(new byte[] {0x02, 0x01, 0x00}, seq(cat(RSA_OID, new byte[] {0x05, 0x00})), octets(b.der())))));
        case "EC PRIVATE KEY": {
          byte[] curve = sec1Curve(b.der());
          return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
              seq(cat(new byte[] {0x02, 0x01, 0x00}, seq(cat(EC_OID, curve)), octets(b.der())))));
        }
        case "PUBLIC KEY":
        case "RSA PUBLIC KEY":
        case "CERTIFICATE":
          throw BundleException.config("a public key (" + b.type() + ") was given where the private key is needed");
        default:
          throw BundleException.config("unsupported key type: " + b.type());
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw BundleException.config("failed to parse the " + b.type() + " key: " + e.getMessage());
    }
  }

  /** The named-curve OID (its full TLV) in a SEC 1 ECPrivateKey's [0] parameters. */
  private static byte[] sec1Curve(byte[] der) {
    int[] pos = {0};
    Tlv outer = tlv(der, pos);
    int[] in = {outer.start};
    while (in[0] < outer.end) {
      int tagAt = in[0];
      Tlv t = tlv(der, in);
      if ((der[tagAt] & 0xff) == 0xa0) {
        int[] inner = {t.start};
        int oidAt = inner[0];
        Tlv oid = tlv(der, inner);
        return java.util.Arrays.copyOfRange(der, oidAt, oid.end);
      }
      in[0] = t.end;
    }
    throw new IllegalArgumentException("the EC PRIVATE KEY names no curve");
  }

  private record Tlv(int start, int end) {}

  private static Tlv tlv(byte[] d, int[] pos) {
    int p = pos[0];
    p++; // tag
    int len = d[p++] & 0xff;
    if (len > 0x80) {
      int n = len & 0x7f;
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (d[p++] & 0xff);
      }
    }
    if (p + len > d.length) {
      throw new IllegalArgumentException("truncated DER");
    }
    pos[0] = p + len;
    return new Tlv(p, p + len);
  }

  private static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  private static byte[] seq(byte[] content) {
    return tagged(0x30, content);
  }

  private static byte[] octets(byte[] content) {
    return tagged(0x04, content);
  }

  private static byte[] bitString(byte[] content) {
    return tagged(0x03, cat(new byte[] {0}, content));
  }

  private static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(tag);
    int n = content.length;
    if (n < 0x80) {
      o.write(n);
    } else if (n < 0x100) {
      o.write(0x81);
      o.write(n);
    } else if (n < 0x10000) {
      o.write(0x82);
      o.write(n >> 8);
      o.write(n);
    } else {
      o.write(0x83);
      o.write(n >> 16);
      o.write(n >> 8);
      o.write(n);
    }
    o.writeBytes(content);
    return o.toByteArray();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
