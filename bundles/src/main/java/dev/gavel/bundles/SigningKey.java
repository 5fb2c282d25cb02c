package dev.gavel.bundles;

import java.security.PrivateKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * What signs a bundle: an algorithm and the private key (PEM) or shared secret it needs, the key
 * id written as the token's {@code kid} header and OPA's deprecated {@code keyid} claim, and an
 * optional {@code scope} claim. Without an algorithm the key decides: RS256 for RSA (OPA's
 * default), ES256/ES384/ES512 for an EC key by its curve, HS256 for a secret.
 */
public final class SigningKey {
  final JwsAlgorithm algorithm;
  final PrivateKey privateKey;
  private final byte[] secret;
  final String keyId;
  final String scope;

  private SigningKey(JwsAlgorithm algorithm, PrivateKey privateKey, byte[] secret, String keyId, String scope) {
    this.algorithm = algorithm;
    this.privateKey = privateKey;
    this.secret = secret;
    this.keyId = keyId;
    this.scope = scope;
  }

  /**
   * A private key in PEM.
   *
   * @param algorithm null to choose by the key's type
   * @param keyId null or empty for none
   * @param scope null or empty for none
   * @throws BundleException CONFIGURATION when the key does not parse or does not suit the algorithm
   */
  public static SigningKey pem(String algorithm, String pem, String keyId, String scope) throws BundleException {
    Objects.requireNonNull(pem, "pem");
    PrivateKey key = PemKeys.privateKey(pem);
    JwsAlgorithm alg = algorithm == null ? byKey(key) : JwsAlgorithm.require(algorithm, BundleException.Kind.CONFIGURATION);
    if (alg.secret()) {
      throw BundleException.config(alg + " signs with a shared secret (--secret), not with a " + key.getAlgorithm() + " key");
    }
    String wrong = alg.unsuitable(key);
    if (wrong != null) {
      throw BundleException.config("wrong key type: " + wrong);
    }
    return new SigningKey(alg, key, null, blankToNull(keyId), blankToNull(scope));
  }

  /**
   * A shared secret for HS256/384/512. RFC 7518 (3.2) asks for a secret at least as long as the
   * hash; shorter secrets are refused here (OPA verifies tokens signed with them, so Gavel does too).
   */
  public static SigningKey secret(String algorithm, byte[] secret, String keyId, String scope) throws BundleException {
    Objects.requireNonNull(secret, "secret");
    JwsAlgorithm alg = algorithm == null ? JwsAlgorithm.HS256 : JwsAlgorithm.require(algorithm, BundleException.Kind.CONFIGURATION);
    if (!alg.secret()) {
      throw BundleException.config("wrong key type: " + alg + " signs with a private key (--key PEM), not a shared secret");
    }
    int need = Integer.parseInt(alg.name().substring(2)) / 8;
    if (secret.length < need) {
      throw BundleException.config(alg + " needs a secret of at least " + need + " bytes but got " + secret.length + " (RFC 7518 3.2)");
    }
    return new SigningKey(alg, null, secret.clone(), blankToNull(keyId), blankToNull(scope));
  }

  private static JwsAlgorithm byKey(PrivateKey key) throws BundleException {
    if (key instanceof RSAKey) {
      return JwsAlgorithm.RS256;
    }
    if (key instanceof ECKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      for (JwsAlgorithm a : JwsAlgorithm.values()) {
        if (a.family == JwsAlgorithm.Family.EC && a.curveBits == bits) {
          return a;
        }
      }
      throw BundleException.config("unsupported EC curve of " + bits + " bits (P-256, P-384 or P-521 expected)");
    }
    throw BundleException.config("unsupported key type " + key.getAlgorithm() + " (RSA or EC expected; give --alg)");
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  byte[] secret() {
    return secret == null ? null : secret.clone();
  }

  public String algorithm() {
    return algorithm.name();
  }

  @Override
  public String toString() {
    return "SigningKey[" + algorithm + (keyId == null ? "" : ", keyid " + keyId) + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningKey k && k.algorithm == algorithm && Objects.equals(k.privateKey, privateKey)
        && Arrays.equals(k.secret, secret) && Objects.equals(k.keyId, keyId) && Objects.equals(k.scope, scope);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, keyId, scope);
  }
}
