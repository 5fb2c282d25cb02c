package dev.gavel.bundles;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * How a bundle's signature is checked, as OPA's {@code keys} and {@code signing} configuration
 * says it: the trusted keys by key id, the key id to use ({@code keyid}: when set it wins over the
 * token's {@code kid} header and its deprecated {@code keyid} claim), and the scope the token must
 * carry (when empty, the key's own scope; a token's scope must equal it exactly, empty included).
 */
public record VerificationConfig(Map<String, Key> keys, String keyId, String scope) {
  public VerificationConfig {
    keys = Map.copyOf(keys);
    keyId = keyId == null ? "" : keyId;
    scope = scope == null ? "" : scope;
  }

  /** One trusted key, as given: no parsing happens until a token names it (as in OPA). */
  public record Key(String algorithm, byte[] material, boolean secret, String scope) {
    public Key {
      Objects.requireNonNull(material, "material");
      material = material.clone();
      scope = scope == null ? "" : scope;
    }

    /**
     * A PEM public key (or certificate). {@code algorithm} null: take the token's algorithm if it
     * suits the key's type (RSA: RS/PS; EC: ES on the key's curve), never an HS algorithm.
     */
    public static Key publicKey(String algorithm, String pem, String scope) {
      return new Key(algorithm, pem.getBytes(java.nio.charset.StandardCharsets.UTF_8), false, scope);
    }

    /** A shared secret for HS256/384/512 ({@code algorithm} null: the token's, if it is an HS one). */
    public static Key secret(String algorithm, byte[] secret, String scope) {
      return new Key(algorithm, secret, true, scope);
    }

    /** As OPA's key configuration reads {@code key}: a secret for an HS algorithm, PEM otherwise. */
    public static Key opa(String algorithm, String key, String scope) {
      Objects.requireNonNull(algorithm, "algorithm");
      boolean hs = algorithm.startsWith("HS");
      return new Key(algorithm, key.getBytes(java.nio.charset.StandardCharsets.UTF_8), hs, scope);
    }

    @Override
    public byte[] material() {
      return material.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(k.algorithm, algorithm) && Arrays.equals(k.material, material)
          && k.secret == secret && k.scope.equals(scope);
    }

    @Override
    public int hashCode() {
      return Objects.hash(algorithm, Arrays.hashCode(material), secret, scope);
    }

    @Override
    public String toString() {
      return "Key[" + (algorithm == null ? "any suitable algorithm" : algorithm) + (secret ? ", secret" : ", public key") + "]";
    }
  }

  /** One key under one id, which is also the key id in force (OPA's {@code --verification-key-id}). */
  public static VerificationConfig single(String keyId, Key key, String scope) {
    return new VerificationConfig(Map.of(keyId, key), keyId, scope);
  }
}
