package dev.gavel.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Signing with every algorithm verifies, and every valid signed bundle spawns corrupted variants
 * (each file altered, a file added, one removed, the token's segments altered, another key, another
 * scope, another algorithm) that must all fail.
 */
class BundleSigningTest {
  static final List<String> ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
      "ES512", "HS256", "HS384", "HS512");

  static SigningKey signingKey(String alg, String keyId, String scope) throws BundleException {
    return alg.startsWith("HS") ? SigningKey.secret(alg, TestKeys.secret(), keyId, scope)
        : SigningKey.pem(alg, TestKeys.privatePem(TestKeys.kindFor(alg)), keyId, scope);
  }

  static VerificationConfig.Key verificationKey(String alg, String scope) {
    return alg.startsWith("HS") ? VerificationConfig.Key.secret(alg, TestKeys.secret(), scope)
        : VerificationConfig.Key.publicKey(alg, TestKeys.publicPem(TestKeys.kindFor(alg)), scope);
  }

  static BundleArchive signed(String alg) throws BundleException {
    byte[] bytes = BundleSigner.sign(BundleArchive.read(Fixtures.bundle(), BundleLimits.DEFAULT), signingKey(alg, "k1", "write"));
    return BundleArchive.read(bytes, BundleLimits.DEFAULT);
  }

  @TestFactory
  Stream<DynamicTest> everyAlgorithmSignsAndVerifies() {
    return ALGORITHMS.stream().map(alg -> DynamicTest.dynamicTest(alg, () -> {
      BundleArchive a = signed(alg);
      VerificationConfig cfg = VerificationConfig.single("k1", verificationKey(alg, ""), "write");
      BundleVerifier.Verified v = BundleVerifier.verify(a, cfg);
      assertThat(v.algorithm()).isEqualTo(alg);
      assertThat(v.files()).extracting(SignedFile::name)
          .containsExactlyInAnyOrder(".manifest", "data.json", "policies/lib/util.rego", "policies/release/gate.rego");
      // Without --alg the token's algorithm is taken when the key suits it.
      VerificationConfig.Key any = alg.startsWith("HS") ? VerificationConfig.Key.secret(null, TestKeys.secret(), "")
          : VerificationConfig.Key.publicKey(null, TestKeys.publicPem(TestKeys.kindFor(alg)), "");
      assertThat(BundleVerifier.verify(a, VerificationConfig.single("k1", any, "write")).algorithm()).isEqualTo(alg);
      for (var bad : corruptions(a, alg).entrySet()) {
        assertThatThrownBy(() -> BundleVerifier.verify(bad.getValue().archive, bad.getValue().config))
            .as(alg + ": " + bad.getKey()).isInstanceOf(BundleException.class);
      }
    }));
  }

  record Variant(BundleArchive archive, VerificationConfig config) {}

  static Map<String, Variant> corruptions(BundleArchive a, String alg) throws BundleException {
    VerificationConfig good = VerificationConfig.single("k1", verificationKey(alg, ""), "write");
    Map<String, Variant> out = new java.util.LinkedHashMap<>();
    for (BundleArchive.File f : a.files()) {
      List<BundleArchive.File> files = new ArrayList<>(a.files());
      files.remove(f);
      if (!f.path().equals(BundleArchive.SIGNATURES)) {
        out.put("removed " + f.path(), new Variant(reread(files), good));
        byte[] altered = f.bytes().clone();
        if (OpaHash.structured(f.path())) {
          // A semantic change (whitespace alone would not count, as in OPA).
          altered = new String(altered, StandardCharsets.UTF_8).replaceFirst("\"", "\"x").getBytes(StandardCharsets.UTF_8);
        } else {
          altered[altered.length / 2] ^= 1;
        }
        List<BundleArchive.File> changed = new ArrayList<>(files);
        changed.add(new BundleArchive.File(f.path(), altered));
        out.put("altered " + f.path(), new Variant(reread(changed), good));
      } else {
        out.put("signature file removed", new Variant(reread(files), good));
        String text = new String(f.bytes(), StandardCharsets.UTF_8);
        int dot = text.lastIndexOf('.');
        char c = text.charAt(dot + 5);
        String flipped = text.substring(0, dot + 5) + (c == 'A' ? 'B' : 'A') + text.substring(dot + 6);
        List<BundleArchive.File> changed = new ArrayList<>(files);
        changed.add(new BundleArchive.File(f.path(), flipped.getBytes(StandardCharsets.UTF_8)));
        out.put("signature altered", new Variant(reread(changed), good));
      }
    }
    List<BundleArchive.File> added = new ArrayList<>(a.files());
    added.add(new BundleArchive.File("policies/extra.rego", "package gavel.extra\n".getBytes(StandardCharsets.UTF_8)));
    out.put("file added after signing", new Variant(reread(added), good));
    out.put("wrong scope", new Variant(a, VerificationConfig.single("k1", verificationKey(alg, ""), "read")));
    out.put("no scope configured", new Variant(a, VerificationConfig.single("k1", verificationKey(alg, ""), "")));
    out.put("unknown key id", new Variant(a, new VerificationConfig(Map.of("k2", verificationKey(alg, "")), "", "write")));
    VerificationConfig.Key other = alg.startsWith("HS") ? VerificationConfig.Key.secret(alg, "another secret, long enough for HS512 .......................".getBytes(StandardCharsets.UTF_8), "")
        : alg.startsWith("ES") ? VerificationConfig.Key.publicKey(alg, TestKeys.pem("PUBLIC KEY",
            keyOnSameCurve(alg)), "")
        : VerificationConfig.Key.publicKey(alg, TestKeys.publicPem("RSA-OTHER"), "");
    out.put("another key", new Variant(a, VerificationConfig.single("k1", other, "write")));
    String otherAlg = alg.startsWith("HS") ? (alg.equals("HS256") ? "HS384" : "HS256")
        : alg.startsWith("RS") ? "PS" + alg.substring(2) : alg.startsWith("PS") ? "RS" + alg.substring(2) : alg;
    if (!otherAlg.equals(alg)) {
      out.put("configured algorithm differs", new Variant(a, VerificationConfig.single("k1", verificationKey(otherAlg, ""), "write")));
    }
    if (!alg.startsWith("HS")) {
      // Algorithm confusion: the public key's PEM text used as an HMAC secret.
      out.put("public key as HMAC secret", new Variant(a, VerificationConfig.single("k1",
          VerificationConfig.Key.secret("HS256", TestKeys.publicPem(TestKeys.kindFor(alg)).getBytes(StandardCharsets.UTF_8), ""), "write")));
    }
    return out;
  }

  private static byte[] keyOnSameCurve(String alg) {
    try {
      var g = java.security.KeyPairGenerator.getInstance("EC");
      g.initialize(new java.security.spec.ECGenParameterSpec("secp" + TestKeys.kindFor(alg).substring(2) + "r1"));
      return g.generateKeyPair().getPublic().getEncoded();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BundleArchive reread(List<BundleArchive.File> files) throws BundleException {
    return BundleArchive.read(BundleArchive.write(files), BundleLimits.DEFAULT);
  }

  @Test
  void aFileAddedAfterSigningIsNamed() throws Exception {
    BundleArchive a = signed("RS256");
    List<BundleArchive.File> files = new ArrayList<>(a.files());
    files.add(new BundleArchive.File("late/data.json", "{\"x\": 1}".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> BundleVerifier.verify(reread(files), VerificationConfig.single("k1", verificationKey("RS256", ""), "write")))
        .hasMessage("file late/data.json not included in bundle signature");
  }

  @Test
  void aSignatureOverADifferentFileSetIsNamed() throws Exception {
    BundleArchive a = signed("ES256");
    List<BundleArchive.File> files = new ArrayList<>(a.files());
    files.removeIf(f -> f.path().equals("policies/lib/util.rego"));
    assertThatThrownBy(() -> BundleVerifier.verify(reread(files), VerificationConfig.single("k1", verificationKey("ES256", ""), "write")))
        .hasMessage("file(s) [policies/lib/util.rego] specified in bundle signatures but not found in the target bundle");
  }

  @Test
  void wrongKeyTypesForTheAlgorithmAreRefused() {
    assertThatThrownBy(() -> SigningKey.pem("ES256", TestKeys.privatePem("RSA"), null, null))
        .hasMessage("wrong key type: ES256 needs an EC P-256 key but the key is RSA");
    assertThatThrownBy(() -> SigningKey.pem("ES384", TestKeys.privatePem("P-256"), null, null))
        .hasMessage("wrong key type: ES384 needs an EC P-384 key but the key is on a 256-bit curve");
    assertThatThrownBy(() -> SigningKey.pem("RS256", TestKeys.privatePem("P-256"), null, null))
        .hasMessage("wrong key type: RS256 needs an RSA key but the key is EC");
    assertThatThrownBy(() -> SigningKey.pem("HS256", TestKeys.privatePem("RSA"), null, null))
        .hasMessageContaining("signs with a shared secret");
    assertThatThrownBy(() -> SigningKey.secret("RS256", TestKeys.secret(), null, null)).hasMessageStartingWith("wrong key type");
    assertThatThrownBy(() -> SigningKey.secret("HS512", "short".getBytes(StandardCharsets.UTF_8), null, null))
        .hasMessageContaining("at least 64 bytes");
    assertThatThrownBy(() -> SigningKey.pem("XX1", TestKeys.privatePem("RSA"), null, null)).hasMessage("unknown signature algorithm: XX1");
  }

  @Test
  void verificationWithAKeyOfTheWrongTypeIsAConfigurationError() throws Exception {
    BundleArchive a = signed("RS256");
    BundleException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> BundleVerifier.verify(a, VerificationConfig.single("k1", VerificationConfig.Key.publicKey("RS256",
            TestKeys.publicPem("P-256"), ""), "write")), BundleException.class);
    assertThat(e.kind()).isEqualTo(BundleException.Kind.CONFIGURATION);
    assertThat(e).hasMessage("wrong key type: RS256 needs an RSA key but the key is EC");
  }

  @Test
  void pkcs1AndSec1KeysAreRead() throws Exception {
    byte[] pkcs8Rsa = TestKeys.pair("RSA").getPrivate().getEncoded();
    SigningKey rsa = SigningKey.pem(null, TestKeys.pem("RSA PRIVATE KEY", Der.innerOctets(pkcs8Rsa)), null, null);
    assertThat(rsa.algorithm()).isEqualTo("RS256");
    byte[] pkcs8Ec = TestKeys.pair("P-384").getPrivate().getEncoded();
    byte[] sec1 = Der.innerOctets(pkcs8Ec);
    // The JDK's SEC 1 form omits the curve; OpenSSL's names it in [0]: add it as OpenSSL writes it.
    SigningKey ec = SigningKey.pem(null, "-----BEGIN EC PARAMETERS-----\nBgUrgQQAIg==\n-----END EC PARAMETERS-----\n"
        + TestKeys.pem("EC PRIVATE KEY", Der.withCurve(sec1, Der.P384_OID)), null, null);
    assertThat(ec.algorithm()).isEqualTo("ES384");
    byte[] spki = TestKeys.pair("RSA").getPublic().getEncoded();
    assertThat(PemKeys.publicKey(TestKeys.pem("RSA PUBLIC KEY", Der.bitStringContent(spki))))
        .isEqualTo(TestKeys.pair("RSA").getPublic());
  }
}
