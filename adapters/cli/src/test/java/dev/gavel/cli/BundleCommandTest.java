package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle commands and evaluate --bundle through the CLI, as a release engineer runs them. */
class BundleCommandTest {
  @TempDir
  static Path dir;
  static Path key;
  static Path pub;
  static Path otherPub;
  static Path bundle;

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  @BeforeAll
  static void keysAndBundle() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    key = Files.writeString(dir.resolve("signer.key"), pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    pub = Files.writeString(dir.resolve("signer.pub"), pem("PUBLIC KEY", kp.getPublic().getEncoded()));
    otherPub = Files.writeString(dir.resolve("other.pub"), pem("PUBLIC KEY", g.generateKeyPair().getPublic().getEncoded()));
    bundle = dir.resolve("gavel.tar.gz");
    CliRun b = build(bundle);
    assertThat(b.exit()).as(b.err()).isZero();
    CliRun s = CliRun.run(dir.resolve("home"), "bundle", "sign", bundle.toString(), "--key", key.toString(), "--keyid", "board");
    assertThat(s.exit()).as(s.err()).isZero();
    assertThat(s.out()).contains("signed " + bundle + " with ES256 (keyid board)");
  }

  static CliRun build(Path out, String... extra) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bundle", "build", "--policies",
        CliRun.repo().resolve("policies").toString(), "--data", CliRun.repo().resolve("test-fixtures/trust.json").toString(),
        "-o", out.toString()));
    args.addAll(java.util.List.of(extra));
    return CliRun.run(dir.resolve("home"), args.toArray(new String[0]));
  }

  static String sha256(Path p) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  @Test
  void buildsAreDeterministic() throws Exception {
    Path a = dir.resolve("a.tar.gz");
    Path b = dir.resolve("b.tar.gz");
    assertThat(build(a).exit()).isZero();
    assertThat(build(b).exit()).isZero();
    assertThat(sha256(a)).isEqualTo(sha256(b));
    Path c = dir.resolve("c.tar.gz");
    CliRun r = build(c, "--revision", "0123abcd");
    assertThat(r.out()).contains("revision 0123abcd");
    assertThat(sha256(c)).isNotEqualTo(sha256(a));
  }

  @Test
  void verifyExitsZeroForAValidBundleOneForAnInvalidOneTwoForAnError() throws Exception {
    CliRun ok = CliRun.run(dir.resolve("home"), "bundle", "verify", bundle.toString(), "--public-key", pub.toString());
    assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("VALID").contains("signed with ES256");
    CliRun other = CliRun.run(dir.resolve("home"), "bundle", "verify", bundle.toString(), "--public-key", otherPub.toString());
    assertThat(other.exit()).isEqualTo(1);
    assertThat(other.out()).contains("INVALID").contains("failed to verify JWT signature");
    CliRun scope = CliRun.run(dir.resolve("home"), "bundle", "verify", bundle.toString(), "--public-key", pub.toString(), "--scope", "x");
    assertThat(scope.exit()).isEqualTo(1);
    assertThat(scope.out()).contains("scope mismatch");
    CliRun rsa = CliRun.run(dir.resolve("home"), "bundle", "verify", bundle.toString(), "--public-key", pub.toString(), "--alg", "RS256");
    assertThat(rsa.exit()).as("a key that does not suit the configured algorithm is an error").isEqualTo(2);
    assertThat(rsa.err()).contains("wrong key type");
    CliRun missing = CliRun.run(dir.resolve("home"), "bundle", "verify", bundle.toString(), "--public-key", dir.resolve("nope.pem").toString());
    assertThat(missing.exit()).isEqualTo(2);
    CliRun unsigned = CliRun.run(dir.resolve("home"), "bundle", "verify", dir.resolve("unsigned.tar.gz").toString(),
        "--public-key", pub.toString());
    assertThat(unsigned.exit()).isEqualTo(2);
  }

  @Test
  void aTamperedBundleIsInvalid() throws Exception {
    // Append a file to the signed tar (after its entries, before the end marker): not listed in the signature.
    byte[] tar;
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(bundle))) {
      tar = in.readAllBytes();
    }
    int end = tar.length;
    while (end >= 512 && isZero(tar, end - 512)) {
      end -= 512;
    }
    byte[] extra = tarFile("/policies/extra.rego", "package gavel.release\n\nallow := true\n".getBytes());
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(tar, 0, end);
      gz.write(extra);
      gz.write(new byte[1024]);
    }
    Path tampered = Files.write(dir.resolve("tampered.tar.gz"), bos.toByteArray());
    CliRun r = CliRun.run(dir.resolve("home"), "bundle", "verify", tampered.toString(), "--public-key", pub.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("file policies/extra.rego not included in bundle signature");
    // evaluate refuses it: exit 2, nothing recorded.
    Path home = dir.resolve("tampered-home");
    CliRun e = CliRun.evaluateWith(home, "allow-high-credit-scorer.json", "--bundle", tampered.toString(), "--bundle-public-key", pub.toString());
    assertThat(e.exit()).isEqualTo(2);
    assertThat(e.err()).contains("not included in bundle signature");
    assertThat(home.resolve("ledger.db")).doesNotExist();
  }

  static boolean isZero(byte[] b, int off) {
    for (int i = off; i < off + 512; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  static byte[] tarFile(String name, byte[] data) {
    byte[] h = new byte[512];
    System.arraycopy(name.getBytes(), 0, h, 0, name.length());
    System.arraycopy("0000644\0".getBytes(), 0, h, 100, 8);
    System.arraycopy("0000000\0".getBytes(), 0, h, 108, 8);
    System.arraycopy("0000000\0".getBytes(), 0, h, 116, 8);
    System.arraycopy(String.format("%011o\0", data.length).getBytes(), 0, h, 124, 12);
    System.arraycopy("00000000000\0".getBytes(), 0, h, 136, 12);
    h[156] = '0';
    System.arraycopy("ustar\00000".getBytes(), 0, h, 257, 8);
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte x : h) {
      sum += x & 0xff;
    }
    System.arraycopy(String.format("%06o\0 ", sum).getBytes(), 0, h, 148, 8);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(h);
    o.writeBytes(data);
    o.writeBytes(new byte[(512 - data.length % 512) % 512]);
    return o.toByteArray();
  }

  @Test
  void inspectShowsManifestFilesSignatureAndAnnotatedRules() {
    CliRun r = CliRun.run(dir.resolve("home"), "bundle", "inspect", bundle.toString(), "--public-key", pub.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("roots      [_comment gavel]").contains("rego_version 1")
        .contains("signature  VERIFIED ES256, key default")
        .contains("policies/release/decision.rego")
        .contains("METADATA (scope package, policies/release/decision.rego:1:1)")
        .contains("title: Gavel default release policy")
        .contains("data.gavel.release.deny (multi-value)  policies/release/approvals.rego:");
    CliRun unverified = CliRun.run(dir.resolve("home"), "bundle", "inspect", bundle.toString());
    assertThat(unverified.out()).contains("signed, NOT VERIFIED (no key given): alg ES256, kid board");
  }

  @Test
  void evaluateDecidesFromASignedBundleAndRecordsItsRevisionAndDigest() throws Exception {
    Path home = dir.resolve("eval-home");
    CliRun r = CliRun.evaluateWith(home, "allow-high-credit-scorer.json", "--bundle", bundle.toString(), "--bundle-public-key", pub.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode d = Json.read(r.out());
    assertThat(d.path("policy").path("source").asText()).isEqualTo("bundle gavel.tar.gz sha256:" + sha256(bundle));
    assertThat(d.path("policy").path("revision").asText()).startsWith("sha256:");
    CliRun denied = CliRun.evaluateWith(home, "deny-approval-not-board-member.json", "--bundle", bundle.toString(),
        "--bundle-public-key", pub.toString());
    assertThat(denied.exit()).isEqualTo(1);
    assertThat(CliRun.run(home, "ledger", "verify").exit()).isZero();
  }

  @Test
  void evaluateFailsClosedOnUnsignedOrWronglySignedBundles() throws Exception {
    Path unsigned = dir.resolve("unsigned.tar.gz");
    assertThat(build(unsigned).exit()).isZero();
    Path home = dir.resolve("closed-home");
    CliRun u = CliRun.evaluateWith(home, "allow-high-credit-scorer.json", "--bundle", unsigned.toString(), "--bundle-public-key", pub.toString());
    assertThat(u.exit()).isEqualTo(2);
    assertThat(u.err()).contains("bundle missing .signatures.json file");
    CliRun w = CliRun.evaluateWith(home, "allow-high-credit-scorer.json", "--bundle", bundle.toString(), "--bundle-public-key", otherPub.toString());
    assertThat(w.exit()).isEqualTo(2);
    assertThat(w.err()).contains("failed to verify JWT signature");
    CliRun noKey = CliRun.evaluateWith(home, "allow-high-credit-scorer.json", "--bundle", bundle.toString());
    assertThat(noKey.exit()).isEqualTo(2);
    assertThat(noKey.err()).contains("verification key not provided");
    CliRun both = CliRun.evaluateWith(home, "allow-high-credit-scorer.json", "--bundle", unsigned.toString(), "--policies",
        CliRun.repo().resolve("policies").toString());
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("--policies, --bundle and --policy-repo name different policy sources");
    assertThat(home.resolve("ledger.db")).doesNotExist();
    // Unsigned and no key configured: it decides (OPA loads unsigned bundles without a key too).
    CliRun open = CliRun.evaluateWith(home, "allow-high-credit-scorer.json", "--bundle", unsigned.toString());
    assertThat(open.exit()).as(open.err()).isZero();
  }

  @Test
  void signInPlaceReplacesTheOldSignatureAndOutWritesElsewhere() throws Exception {
    Path copy = Files.copy(bundle, dir.resolve("copy.tar.gz"));
    Path out = dir.resolve("resigned.tar.gz");
    CliRun r = CliRun.run(dir.resolve("home"), "bundle", "sign", copy.toString(), "--key", key.toString(), "--scope", "prod", "-o", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(sha256(copy)).isEqualTo(sha256(bundle));
    assertThat(CliRun.run(dir.resolve("home"), "bundle", "verify", out.toString(), "--public-key", pub.toString(), "--scope", "prod").exit()).isZero();
    CliRun bad = CliRun.run(dir.resolve("home"), "bundle", "sign", copy.toString(), "--key", pub.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("a public key (PUBLIC KEY) was given where the private key is needed");
  }
}
