package dev.gavel.bundles;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * The JWS algorithms bundle signatures use (those OPA signs and verifies with, EdDSA aside), each
 * bound to the one kind of key it takes: an RSA key for RS and PS, an EC key on the algorithm's
 * own curve for ES, a shared secret for HS. Binding the algorithm to the key type is what stops a
 * token from choosing how it is checked (an HS256 token "verified" with a public key as the secret).
 */
enum JwsAlgorithm {
  RS256(Family.RSA, 0, "SHA256withRSA"), RS384(Family.RSA, 0, "SHA384withRSA"), RS512(Family.RSA, 0, "SHA512withRSA"),
  PS256(Family.RSA, 0, null), PS384(Family.RSA, 0, null), PS512(Family.RSA, 0, null),
  ES256(Family.EC, 256, null), ES384(Family.EC, 384, null), ES512(Family.EC, 521, null),
  HS256(Family.HMAC, 0, "HmacSHA256"), HS384(Family.HMAC, 0, "HmacSHA384"), HS512(Family.HMAC, 0, "HmacSHA512");

  enum Family { RSA, EC, HMAC }

  final Family family;
  final int curveBits;
  final String jca;

  JwsAlgorithm(Family family, int curveBits, String jca) {
    this.family = family;
    this.curveBits = curveBits;
    this.jca = jca;
  }

  static Optional<JwsAlgorithm> named(String name) {
    return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
  }

  /** OPA's message for a name that is none of these. */
  static JwsAlgorithm require(String name, BundleException.Kind kind) throws BundleException {
    return named(name).orElseThrow(() -> new BundleException(kind, "unknown signature algorithm: " + name));
  }

  JWSAlgorithm nimbus() {
    return JWSAlgorithm.parse(name());
  }

  boolean secret() {
    return family == Family.HMAC;
  }

  /** Null when {@code key} suits this algorithm, else what is wrong. */
  String unsuitable(Key key) {
    switch (family) {
      case RSA:
        return key instanceof RSAKey ? null : name() + " needs an RSA key but the key is " + key.getAlgorithm();
      case EC: {
        if (!(key instanceof ECKey ec)) {
          return name() + " needs an EC P-" + curveBits + " key but the key is " + key.getAlgorithm();
        }
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        return bits == curveBits ? null : name() + " needs an EC P-" + curveBits + " key but the key is on a " + bits + "-bit curve";
      }
      default:
        return name() + " needs a shared secret, not a " + key.getAlgorithm() + " key";
    }
  }
}
