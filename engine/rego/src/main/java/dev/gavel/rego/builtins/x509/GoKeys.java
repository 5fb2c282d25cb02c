package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Public and private keys read from their DER forms (SubjectPublicKeyInfo, PKCS #1, PKCS #8,
 * SEC 1) into the JSON Go writes for its key types, and into JWK for parse_rsa_private_key.
 * An elliptic curve marshals as {@code {}} in Go (its fields are private), so only the curve's
 * name is kept here, for JWK.
 */
final class GoKeys {
  private GoKeys() {}

  static final List<Long> RSA = List.of(1L, 2L, 840L, 113549L, 1L, 1L, 1L);
  static final List<Long> DSA = List.of(1L, 2L, 840L, 10040L, 4L, 1L);
  static final List<Long> EC = List.of(1L, 2L, 840L, 10045L, 2L, 1L);
  static final List<Long> ED25519 = List.of(1L, 3L, 101L, 112L);
  static final List<Long> X25519 = List.of(1L, 3L, 101L, 110L);

  /**
   * A parsed private key: its Go JSON, its JWK, and the JSON of its public half in the form a
   * certificate's PublicKey takes, so a key can be matched with a certificate.
   */
  record Key(Value json, Value jwk, Value publicJson) {}

  /** Go's PublicKeyAlgorithm number for a key OID (0 when unknown). */
  static int algorithm(List<Long> oid) {
    if (oid.equals(RSA)) {
      return 1;
    } else if (oid.equals(DSA)) {
      return 2;
    } else if (oid.equals(EC)) {
      return 3;
    } else if (oid.equals(ED25519)) {
      return 4;
    }
    return 0;
  }

  /** The public key of a SubjectPublicKeyInfo, as Go's x509 parses and marshals it. */
  static Value publicKey(List<Long> oid, Der.Element params, byte[] key) {
    if (oid.equals(RSA)) {
      if (params == null || !params.is(Der.NULL) || params.end() - params.contentStart() != 0) {
        throw new X509Exception("x509: RSA key missing NULL parameters");
      }
      Der seq;
      BigInteger n;
      BigInteger e;
      try {
        seq = new Der(key).next(Der.SEQUENCE).reader();
      } catch (IllegalArgumentException ex) {
        throw new X509Exception("x509: invalid RSA public key");
      }
      try {
        n = Der.integer(seq.next(Der.INTEGER));
      } catch (IllegalArgumentException ex) {
        throw new X509Exception("x509: invalid RSA modulus");
      }
      try {
        e = Der.integer(seq.next(Der.INTEGER));
      } catch (IllegalArgumentException ex) {
        throw new X509Exception("x509: invalid RSA public exponent");
      }
      if (n.signum() <= 0) {
        throw new X509Exception("x509: RSA modulus is not a positive number");
      }
      if (e.signum() <= 0) {
        throw new X509Exception("x509: RSA public exponent is not a positive number");
      }
      return ObjectValue.builder().put("N", NumberValue.of(n)).put("E", NumberValue.of(e)).build();
    }
    if (oid.equals(EC)) {
      String curve = curve(params);
      BigInteger[] xy = point(curve, key);
      return ObjectValue.builder().put("Curve", ObjectValue.EMPTY).put("X", NumberValue.of(xy[0]))
          .put("Y", NumberValue.of(xy[1])).build();
    }
    if (oid.equals(ED25519)) {
      if (params != null) {
        throw new X509Exception("x509: Ed25519 key encoded with illegal parameters");
      }
      if (key.length != 32) {
        throw new X509Exception("x509: wrong Ed25519 public key size");
      }
      return GoJson.bytes(key);
    }
    if (oid.equals(X25519)) {
      return ObjectValue.EMPTY;
    }
    if (oid.equals(DSA)) {
      try {
        BigInteger y = Der.integer(new Der(key).next(Der.INTEGER));
        Der p = params.reader();
        BigInteger pp = Der.integer(p.next(Der.INTEGER));
        BigInteger q = Der.integer(p.next(Der.INTEGER));
        BigInteger g = Der.integer(p.next(Der.INTEGER));
        return ObjectValue.builder().put("Parameters", ObjectValue.builder().put("P", NumberValue.of(pp))
            .put("Q", NumberValue.of(q)).put("G", NumberValue.of(g)).build()).put("Y", NumberValue.of(y)).build();
      } catch (IllegalArgumentException | NullPointerException ex) {
        throw new X509Exception("x509: invalid DSA parameters");
      }
    }
    throw new X509Exception("x509: unknown public key algorithm");
  }

  /** The named curve of EC parameters: P-224, P-256, P-384 or P-521. */
  static String curve(Der.Element params) {
    List<Long> oid;
    try {
      oid = Der.oid(params);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new X509Exception("x509: invalid ECDSA parameters");
    }
    String name = curveName(oid);
    if (name == null) {
      throw new X509Exception("x509: unsupported elliptic curve");
    }
    return name;
  }

  private static String curveName(List<Long> oid) {
    String text = Der.oidText(oid);
    return switch (text) {
      case "1.3.132.0.33" -> "P-224";
      case "1.2.840.10045.3.1.7" -> "P-256";
      case "1.3.132.0.34" -> "P-384";
      case "1.3.132.0.35" -> "P-521";
      default -> null;
    };
  }

  private static ECParameterSpec spec(String curve) {
    String std = switch (curve) {
      case "P-224" -> "secp224r1";
      case "P-256" -> "secp256r1";
      case "P-384" -> "secp384r1";
      default -> "secp521r1";
    };
    try {
      AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
      ap.init(new ECGenParameterSpec(std));
      return ap.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new X509Exception("x509: unsupported elliptic curve");
    }
  }

  private static int fieldBytes(String curve) {
    return (spec(curve).getCurve().getField().getFieldSize() + 7) / 8;
  }

  /** An uncompressed point 04||X||Y on the curve. */
  private static BigInteger[] point(String curve, byte[] data) {
    int n = fieldBytes(curve);
    if (data.length != 1 + 2 * n || data[0] != 4) {
      throw new X509Exception("x509: invalid elliptic curve public key");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(data, 1, 1 + n));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(data, 1 + n, data.length));
    ECParameterSpec s = spec(curve);
    BigInteger p = ((java.security.spec.ECFieldFp) s.getCurve().getField()).getP();
    BigInteger rhs = x.pow(3).add(s.getCurve().getA().multiply(x)).add(s.getCurve().getB()).mod(p);
    if (!y.pow(2).mod(p).equals(rhs)) {
      throw new X509Exception("x509: invalid elliptic curve public key");
    }
    return new BigInteger[] {x, y};
  }

  /** A PKCS #1 RSAPrivateKey. */
  static Key pkcs1(byte[] der) {
    List<BigInteger> f = new ArrayList<>();
    try {
      Der seq = new Der(der).next(Der.SEQUENCE).reader();
      while (!seq.isEmpty() && seq.peekTag() == Der.INTEGER) {
        f.add(Der.integer(seq.next(Der.INTEGER)));
      }
    } catch (IllegalArgumentException e) {
      throw new X509Exception("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)");
    }
    if (f.size() < 9 || f.get(0).signum() < 0 || f.get(0).compareTo(BigInteger.ONE) > 0) {
      throw new X509Exception("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)");
    }
    BigInteger n = f.get(1);
    BigInteger e = f.get(2);
    BigInteger d = f.get(3);
    List<BigInteger> primes = new ArrayList<>(List.of(f.get(4), f.get(5)));
    if (n.signum() <= 0 || d.signum() <= 0 || primes.get(0).signum() <= 0 || primes.get(1).signum() <= 0) {
      throw new X509Exception("x509: private key contains zero or negative value");
    }
    BigInteger product = primes.get(0).multiply(primes.get(1));
    if (!product.equals(n)) {
      throw new X509Exception("crypto/rsa: invalid modulus");
    }
    List<Value> primeValues = new ArrayList<>();
    for (BigInteger p : primes) {
      primeValues.add(NumberValue.of(p));
    }
    BigInteger dp = d.mod(primes.get(0).subtract(BigInteger.ONE));
    BigInteger dq = d.mod(primes.get(1).subtract(BigInteger.ONE));
    BigInteger qinv = primes.get(1).modInverse(primes.get(0));
    Value json = ObjectValue.builder().put("N", NumberValue.of(n)).put("E", NumberValue.of(e)).put("D", NumberValue.of(d))
        .put("Primes", ArrayValue.of(primeValues))
        .put("Precomputed", ObjectValue.builder().put("Dp", NumberValue.of(dp)).put("Dq", NumberValue.of(dq))
            .put("Qinv", NumberValue.of(qinv)).put("CRTValues", ArrayValue.EMPTY).build())
        .build();
    Value jwk = ObjectValue.builder().put("kty", StringValue.of("RSA")).put("n", b64(n, 0)).put("e", b64(e, 0))
        .put("d", b64(d, 0)).put("p", b64(primes.get(0), 0)).put("q", b64(primes.get(1), 0)).put("dp", b64(dp, 0))
        .put("dq", b64(dq, 0)).put("qi", b64(qinv, 0)).build();
    return new Key(json, jwk, ObjectValue.builder().put("N", NumberValue.of(n)).put("E", NumberValue.of(e)).build());
  }

  /** A PKCS #8 PrivateKeyInfo holding an RSA, EC or Ed25519 key. */
  static Key pkcs8(byte[] der) {
    List<Long> oid;
    Der.Element params;
    byte[] inner;
    try {
      Der seq = new Der(der).next(Der.SEQUENCE).reader();
      seq.next(Der.INTEGER);
      Der alg = seq.next(Der.SEQUENCE).reader();
      oid = Der.oid(alg.next(Der.OID));
      params = alg.isEmpty() ? null : alg.next();
      inner = seq.next(Der.OCTET_STRING).contents();
    } catch (IllegalArgumentException e) {
      throw new X509Exception("x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)");
    }
    if (oid.equals(RSA)) {
      try {
        return pkcs1(inner);
      } catch (X509Exception e) {
        throw new X509Exception("x509: failed to parse RSA private key embedded in PKCS#8: " + e.getMessage());
      }
    }
    if (oid.equals(EC)) {
      return sec1(inner, curve(params));
    }
    if (oid.equals(ED25519)) {
      byte[] seed;
      try {
        seed = new Der(inner).next(Der.OCTET_STRING).contents();
      } catch (IllegalArgumentException e) {
        throw new X509Exception("x509: invalid Ed25519 private key: " + e.getMessage());
      }
      if (seed.length != 32) {
        throw new X509Exception("x509: invalid Ed25519 private key length: " + seed.length);
      }
      byte[] pub = Ed25519Public.of(seed);
      byte[] full = new byte[64];
      System.arraycopy(seed, 0, full, 0, 32);
      System.arraycopy(pub, 0, full, 32, 32);
      Value jwk = ObjectValue.builder().put("kty", StringValue.of("OKP")).put("crv", StringValue.of("Ed25519"))
          .put("x", StringValue.of(url(pub))).put("d", StringValue.of(url(seed))).build();
      return new Key(GoJson.bytes(full), jwk, GoJson.bytes(pub));
    }
    throw new X509Exception("x509: PKCS#8 wrapping contained private key with unknown algorithm: " + Der.oidText(oid));
  }

  /** A SEC 1 ECPrivateKey; {@code curve} is the curve named outside it (PKCS #8) or null. */
  static Key sec1(byte[] der, String curve) {
    byte[] priv;
    String named = curve;
    byte[] pub = null;
    try {
      Der seq = new Der(der).next(Der.SEQUENCE).reader();
      BigInteger version = Der.integer(seq.next(Der.INTEGER));
      if (!version.equals(BigInteger.ONE)) {
        throw new X509Exception("x509: unknown EC private key version " + version);
      }
      priv = seq.next(Der.OCTET_STRING).contents();
      while (!seq.isEmpty()) {
        Der.Element tagged = seq.next();
        if (tagged.tag() == 0xa0) {
          String inner = curve(tagged.reader().next(Der.OID));
          named = named == null ? inner : named;
        } else if (tagged.tag() == 0xa1) {
          pub = Der.bitString(tagged.reader().next(Der.BIT_STRING));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new X509Exception("x509: failed to parse EC private key: " + e.getMessage());
    }
    if (named == null) {
      throw new X509Exception("x509: unknown elliptic curve");
    }
    BigInteger d = new BigInteger(1, priv);
    ECParameterSpec s = spec(named);
    if (d.signum() == 0 || d.compareTo(s.getOrder()) >= 0) {
      throw new X509Exception("x509: invalid elliptic curve private key value");
    }
    BigInteger[] xy = EcMath.multiply(s, d);
    if (pub != null) {
      BigInteger[] given = point(named, pub);
      if (!given[0].equals(xy[0]) || !given[1].equals(xy[1])) {
        throw new X509Exception("x509: invalid private key: public key does not match");
      }
    }
    int n = fieldBytes(named);
    Value json = ObjectValue.builder().put("Curve", ObjectValue.EMPTY).put("X", NumberValue.of(xy[0]))
        .put("Y", NumberValue.of(xy[1])).put("D", NumberValue.of(d)).build();
    Value jwk = ObjectValue.builder().put("kty", StringValue.of("EC")).put("crv", StringValue.of(named))
        .put("x", b64(xy[0], n)).put("y", b64(xy[1], n)).put("d", b64(d, n)).build();
    Value pubJson = ObjectValue.builder().put("Curve", ObjectValue.EMPTY).put("X", NumberValue.of(xy[0]))
        .put("Y", NumberValue.of(xy[1])).build();
    return new Key(json, jwk, pubJson);
  }

  /** A JWK number: big-endian, unpadded base64url, at least {@code width} bytes (0: minimal). */
  private static Value b64(BigInteger v, int width) {
    byte[] raw = v.toByteArray();
    int skip = raw.length > 1 && raw[0] == 0 ? 1 : 0;
    byte[] mag = Arrays.copyOfRange(raw, skip, raw.length);
    if (mag.length < width) {
      byte[] padded = new byte[width];
      System.arraycopy(mag, 0, padded, width - mag.length, mag.length);
      mag = padded;
    }
    return StringValue.of(url(mag));
  }

  private static String url(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Affine arithmetic on a prime curve: enough to derive a public point from a private scalar. */
  static final class EcMath {
    private EcMath() {}

    static BigInteger[] multiply(ECParameterSpec s, BigInteger k) {
      ECPoint g = s.getGenerator();
      BigInteger p = ((java.security.spec.ECFieldFp) s.getCurve().getField()).getP();
      BigInteger a = s.getCurve().getA();
      BigInteger[] result = null;
      BigInteger[] addend = {g.getAffineX(), g.getAffineY()};
      for (int i = 0; i < k.bitLength(); i++) {
        if (k.testBit(i)) {
          result = add(result, addend, a, p);
        }
        addend = add(addend, addend, a, p);
      }
      return result;
    }

    private static BigInteger[] add(BigInteger[] u, BigInteger[] v, BigInteger a, BigInteger p) {
      if (u == null) {
        return v;
      }
      if (v == null) {
        return u;
      }
      BigInteger lambda;
      if (u[0].equals(v[0])) {
        if (!u[1].equals(v[1]) || u[1].signum() == 0) {
          return null;
        }
        lambda = u[0].pow(2).multiply(BigInteger.valueOf(3)).add(a).multiply(u[1].shiftLeft(1).modInverse(p)).mod(p);
      } else {
        lambda = v[1].subtract(u[1]).multiply(v[0].subtract(u[0]).modInverse(p)).mod(p);
      }
      BigInteger x = lambda.pow(2).subtract(u[0]).subtract(v[0]).mod(p);
      BigInteger y = lambda.multiply(u[0].subtract(x)).subtract(u[1]).mod(p);
      return new BigInteger[] {x, y};
    }
  }
}
