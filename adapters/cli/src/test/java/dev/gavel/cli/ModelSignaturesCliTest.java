package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.testkit.SharedFiles;
import dev.gavel.testkit.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model signatures through the CLI, offline: {@code gavel model verify} on every real sample with
 * the method upstream uses and on corrupted variants (another identity, a changed or extra file),
 * and {@code gavel evaluate --model-dir} deciding a keyless and a corporate-CA-signed release,
 * recording the files it read so that replay reproduces the decision.
 */
class ModelSignaturesCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path home;
  @TempDir
  Path tmp;

  static Path samples() {
    return SharedFiles.fixtures("model-signing");
  }

  /** Trust data as upstream's test scripts trust: the public key, the root CA, the Sigstore trust config and identity. */
  Path trust(String subject, String issuer) throws Exception {
    Path s = samples();
    ObjectNode data = JSON.createObjectNode();
    ObjectNode t = data.putObject("gavel").putObject("trust");
    t.putArray("signers").addObject().put("id", "model-transparency-tests")
        .put("publicKey", Files.readString(s.resolve("keys/signing-key-pub.pem")));
    ObjectNode ca = t.putArray("certificateAuthorities").addObject();
    ca.put("id", "model-transparency-test-ca");
    ca.put("certificate", Files.readString(s.resolve("keys/ca-cert.pem")));
    ca.putArray("identities").addObject().put("subject", "CN=intermediate-ca");
    ObjectNode sig = t.putObject("sigstore");
    sig.putArray("trustedRoots").add(JSON.readTree(s.resolve("trust/custom_trust_config.json").toFile()));
    sig.putArray("identities").addObject().put("issuer", issuer).put("subject", subject);
    Path f = Files.createTempFile(tmp, "trust", ".json");
    Files.writeString(f, data.toString());
    return f;
  }

  Path trust() throws Exception {
    return trust("stefanb@us.ibm.com", "https://sigstore.verify.ibm.com/oauth2");
  }

  static Stream<String> folders() {
    return Stream.of("v0.3.1-elliptic-key", "v1.0.0-elliptic-key", "v1.0.1-elliptic-key", "v1.1.0-elliptic-key",
        "v0.3.1-certificate", "v1.0.0-certificate", "v1.0.1-certificate", "v1.1.0-certificate",
        "v0.3.1-sigstore", "v1.0.0-sigstore", "v1.0.1-sigstore", "v1.1.0-sigstore");
  }

  /** {@code gavel model verify} with the model path and ignore paths upstream's script passes. */
  CliRun verify(Path model, Path signature, Path trust, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("model", "verify", model.toString(), "--signature", signature.toString(),
        "--data", trust.toString(), "--at", CliRun.FIXTURE_TIME));
    args.addAll(List.of(extra));
    return CliRun.run(home, args.toArray(new String[0]));
  }

  static Path upstreamModel(Path dir) {
    // the two oldest key-signed samples sign a single file
    String name = dir.getFileName().toString();
    return name.equals("v0.3.1-elliptic-key") || name.equals("v1.0.0-elliptic-key") ? dir.resolve("signme-1") : dir;
  }

  @ParameterizedTest
  @MethodSource("folders")
  void everySampleVerifiesWithItsUpstreamMethod(String folder) throws Exception {
    Path dir = samples().resolve(folder);
    String[] ignore = Files.exists(dir.resolve("ignore-me")) ? new String[] {"--ignore-paths", dir.resolve("ignore-me").toString()}
        : new String[0];
    CliRun r = verify(upstreamModel(dir), dir.resolve("model.sig"), trust(), ignore);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    String method = folder.endsWith("sigstore") ? "keyless" : folder.endsWith("certificate") ? "certificate" : "key";
    assertThat(r.out()).startsWith("VERIFIED  model signature (" + method + ")").contains("match the manifest");
    if (method.equals("keyless")) {
      assertThat(r.out()).contains("stefanb@us.ibm.com via https://sigstore.verify.ibm.com/oauth2", "SET verified",
          "trust root  data.gavel.trust.sigstore.trustedRoots[0] (https://fulcio.sigstore.dev)");
    }
    assertThat(Files.exists(home.resolve("ledger.db"))).as("verifying records nothing").isFalse();
  }

  @Test
  void theLegacySignatureAnotherIdentityAndChangedFilesAreNotVerified() throws Exception {
    Path legacy = samples().resolve("v0.2.0-certificate");
    CliRun old = verify(legacy, legacy.resolve("model.sig"), trust());
    assertThat(old.exit()).isEqualTo(1);
    assertThat(old.out()).startsWith("NOT VERIFIED").contains("problem     invalid");

    Path dir = samples().resolve("v1.1.0-sigstore");
    CliRun other = verify(dir, dir.resolve("model.sig"), trust("someone@us.ibm.com", "https://sigstore.verify.ibm.com/oauth2"));
    assertThat(other.exit()).isEqualTo(1);
    assertThat(other.out()).contains("problem     identity_mismatch");
    CliRun issuer = verify(dir, dir.resolve("model.sig"), trust("stefanb@us.ibm.com", "https://accounts.google.com"));
    assertThat(issuer.out()).contains("problem     identity_mismatch");

    Path copy = writable(dir);
    Files.writeString(copy.resolve("signme-2"), "changed!");
    CliRun changed = verify(copy, copy.resolve("model.sig"), trust());
    assertThat(changed.exit()).as(changed.out()).isEqualTo(1);
    assertThat(changed.out()).contains("files       DO NOT match the manifest: changed signme-2");
    Path extra = writable(dir);
    Files.writeString(extra.resolve("optimizer.pt"), "not signed");
    CliRun added = verify(extra, extra.resolve("model.sig"), trust(), "--output", "json");
    assertThat(added.exit()).isEqualTo(1);
    assertThat(JSON.readTree(added.out()).at("/files/extra/0").asText()).isEqualTo("optimizer.pt");
  }

  @Test
  void badInputIsExitTwoNamingTheProblem() throws Exception {
    Path dir = samples().resolve("v1.1.0-sigstore");
    CliRun missing = verify(tmp.resolve("nowhere"), dir.resolve("model.sig"), trust());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file or directory");
    Path bad = Files.writeString(tmp.resolve("bad-trust.json"), "{\"gavel\": {\"trust\": {\"sigstore\": {\"trustedRoots\": []}}}}");
    CliRun trust = verify(dir, dir.resolve("model.sig"), bad);
    assertThat(trust.exit()).isEqualTo(2);
    assertThat(trust.err()).contains("data.gavel.trust.sigstore.trustedRoots: must be a non-empty array");
    Path notABundle = Files.writeString(tmp.resolve("model.sig"), "{\"dsseEnvelope\": {}}");
    CliRun sig = verify(dir, notABundle, trust());
    assertThat(sig.exit()).isEqualTo(2);
    assertThat(sig.err()).contains("$.dsseEnvelope.payloadType: required string is missing");
    CliRun outside = verify(dir, dir.resolve("model.sig"), trust(), "--ignore-paths", "/etc/passwd");
    assertThat(outside.exit()).isEqualTo(2);
    assertThat(outside.err()).contains("is not inside the model");
  }

  // ---- gavel evaluate --model-dir on the demo fixtures (TEST-ONLY Sigstore instance and corporate CA) ----

  static Path demoModel() {
    return CliRun.repo().resolve("test-fixtures/models/support-ticket-classifier");
  }

  @Test
  void keylessAndCorporateCaReleasesAreDecidedOfflineAgainstTheFilesOnDisk() throws Exception {
    for (String f : List.of("allow-minimal-keyless-signed.json", "allow-minimal-corporate-ca-signed.json")) {
      CliRun r = CliRun.evaluate(home, f, "--model-dir", demoModel().toString(), "--output", "text", "--explain");
      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).startsWith("ALLOWED").contains("model files match the manifest (2 files");
    }
    CliRun keyless = CliRun.evaluate(home, "allow-minimal-keyless-signed.json", "--model-dir", demoModel().toString(),
        "--output", "text", "--explain");
    assertThat(keyless.out()).contains("trusted keyless: https://ci.example.com/ml-platform/release.yml@refs/heads/main",
        "rekor entry 1006", "timestamp verified 2026-11-30T08:00:00Z", "sct verified: https://ct.test.example");
    CliRun corp = CliRun.evaluate(home, "allow-minimal-corporate-ca-signed.json", "--output", "text");
    assertThat(corp.out()).contains("trusted certificate: ml-release@example.com (CA example-corp)");
  }

  @Test
  void aChangedOrExtraFileOnDiskDeniesAndReplayComparesTheRecordedFiles() throws Exception {
    Path model = writable(demoModel());
    Files.writeString(model.resolve("tokenizer.json"), "support-ticket-classifier/tokenizer.json!");
    CliRun r = CliRun.evaluate(home, "allow-minimal-keyless-signed.json", "--model-dir", model.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    JsonNode d = JSON.readTree(r.out());
    assertThat(d.at("/reasons/0/code").asText()).isEqualTo("signature.files_mismatch");
    assertThat(d.at("/reasons/0/message").asText()).endsWith("changed tokenizer.json");
    // the decision replays identically from the ledger: the files read then are recorded with it
    CliRun replay = CliRun.run(home, "ledger", "replay", d.get("decisionId").asText());
    assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
    assertThat(replay.out()).startsWith("IDENTICAL");

    Path extra = writable(demoModel());
    Files.writeString(extra.resolve("README.md"), "unsigned");
    CliRun e = CliRun.evaluate(home, "allow-minimal-corporate-ca-signed.json", "--model-dir", extra.toString());
    assertThat(e.exit()).isEqualTo(1);
    assertThat(JSON.readTree(e.out()).at("/reasons/0/message").asText()).endsWith("extra README.md");
    CliRun ignored = CliRun.evaluate(home, "allow-minimal-corporate-ca-signed.json", "--model-dir", extra.toString(),
        "--model-ignore", "README.md");
    assertThat(ignored.exit()).as(ignored.out()).isZero();
    // a request whose only signature is a plain DSSE envelope cannot vouch for the files
    CliRun dsse = CliRun.evaluate(home, "allow-minimal-classifier.json", "--model-dir", demoModel().toString());
    assertThat(dsse.exit()).isEqualTo(1);
    assertThat(JSON.readTree(dsse.out()).at("/reasons/0/code").asText()).isEqualTo("signature.files_mismatch");
    CliRun none = CliRun.evaluate(home, "allow-minimal-keyless-signed.json", "--model-dir", tmp.resolve("absent").toString());
    assertThat(none.exit()).isEqualTo(2);
  }

  @Test
  void theRealKeylessSampleDecidesARelease() throws Exception {
    Path dir = samples().resolve("v1.1.0-sigstore");
    ObjectNode req = (ObjectNode) JSON.readTree(CliRun.request("allow-minimal-classifier.json").toFile());
    var arts = ((ObjectNode) req.get("model")).putArray("artifacts");
    for (String f : List.of("signme-1", "signme-2")) {
      arts.addObject().put("name", f).putObject("digest").put("sha256", sha256(dir.resolve(f)));
    }
    ObjectNode sig = req.putArray("signatures").addObject();
    sig.put("format", "model-signing");
    sig.set("bundle", JSON.readTree(dir.resolve("model.sig").toFile()));
    req.remove("scans");
    req.putArray("scans").add(JSON.readTree(CliRun.request("allow-minimal-classifier.json").toFile()).at("/scans/0"));
    ((ObjectNode) req.at("/scans/0/subject")).put("sha256", sha256(dir.resolve("signme-1")));
    Path file = Files.writeString(tmp.resolve("request.json"), req.toString());
    CliRun r = CliRun.run(home, "evaluate", "--at", CliRun.FIXTURE_TIME, "--data", trust().toString(), "--model-dir",
        dir.toString(), "--output", "text", "--explain", file.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("trusted keyless: stefanb@us.ibm.com via https://sigstore.verify.ibm.com/oauth2",
        "signed 2025-10-10T02:12:20Z", "rekor entry 598151086", "model files match the manifest (2 files, 2 ignored)");
  }

  private Path writable(Path src) throws Exception {
    Path dst = Trees.copy(src, Files.createTempDirectory(tmp, "model"));
    try (Stream<Path> s = Files.walk(dst)) {
      s.forEach(p -> p.toFile().setWritable(true, true));
    }
    return dst;
  }

  static String sha256(Path p) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }
}
