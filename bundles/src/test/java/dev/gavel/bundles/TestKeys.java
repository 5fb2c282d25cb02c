package dev.gavel.bundles;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Key pairs for every signing algorithm, made once per test run (TEST-ONLY keys, never stored). */
final class TestKeys {
  private static final Map<String, KeyPair> PAIRS = new HashMap<>();

  private TestKeys() {}

  static synchronized KeyPair pair(String kind) {
    return PAIRS.computeIfAbsent(kind, k -> {
      try {
        KeyPairGenerator g;
        switch (k) {
          case "RSA" -> {
            g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
          }
          case "RSA-OTHER" -> {
            g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
          }
          case "P-256", "P-384", "P-521" -> {
            g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp" + k.substring(2) + "r1"));
          }
          default -> throw new IllegalArgumentException(k);
        }
        return g.generateKeyPair();
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** The key kind an algorithm needs. */
  static String kindFor(String alg) {
    return switch (alg.substring(0, 2)) {
      case "RS", "PS" -> "RSA";
      case "ES" -> switch (alg) {
        case "ES256" -> "P-256";
        case "ES384" -> "P-384";
        default -> "P-521";
      };
      default -> throw new IllegalArgumentException(alg);
    };
  }

  static String privatePem(String kind) {
    return pem("PRIVATE KEY", pair(kind).getPrivate().getEncoded());
  }

  static String publicPem(String kind) {
    return pem("PUBLIC KEY", pair(kind).getPublic().getEncoded());
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** A 64-byte secret, long enough for HS512. */
  static byte[] secret() {
    byte[] s = new byte[64];
    for (int i = 0; i < s.length; i++) {
      s[i] = (byte) (i * 7 + 3);
    }
    return s;
  }
}
