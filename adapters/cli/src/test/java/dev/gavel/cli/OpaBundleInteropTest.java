package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.opa.OpaServer;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bundles both ways with a real OPA: OPA loads and verifies a bundle {@code gavel bundle build} made
 * and {@code gavel bundle sign} signed ({@code opa run --bundle --verification-key}) and decides
 * the fixtures as Gavel does, refusing it when altered or checked with another key; and {@code gavel
 * bundle verify} accepts bundles {@code opa build --signing-key} signed, refuses them altered or
 * under another key, and {@code gavel evaluate --bundle} decides with them.
 */
class OpaBundleInteropTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  /** A key pair for the algorithm as PEM files ({@code key.pem} PKCS#8, {@code key.pub} SPKI); the secret for HS256. */
  static Path[] keys(Path dir, String alg, String name) throws Exception {
    if (alg.startsWith("HS")) {
      Path secret = Files.writeString(dir.resolve(name + ".secret"), "a shared secret for " + name);
      return new Path[] {secret, secret};
    }
    KeyPairGenerator g = KeyPairGenerator.getInstance(alg.startsWith("RS") ? "RSA" : "EC");
    if (alg.startsWith("RS")) {
      g.initialize(2048);
    } else {
      g.initialize(new ECGenParameterSpec("secp256r1"));
    }
    KeyPair kp = g.generateKeyPair();
    return new Path[] {Files.writeString(dir.resolve(name + ".pem"), pem("PRIVATE KEY", kp.getPrivate().getEncoded())),
        Files.writeString(dir.resolve(name + ".pub"), pem("PUBLIC KEY", kp.getPublic().getEncoded()))};
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type
        + "-----\n";
  }

  /** The bundle with one policy byte changed (same length, so the tar stays well formed): its file hash no longer matches. */
  static Path altered(Path bundle, Path out) throws Exception {
    byte[] tar;
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(bundle))) {
      tar = in.readAllBytes();
    }
    String text = new String(tar, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("count(deny) == 0");
    assertThat(at).as("the bundle holds decision.rego").isPositive();
    tar[at + "count(deny) ".length()] = '>';
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(tar);
    }
    return Files.write(out, bos.toByteArray());
  }

  /** The result of `opa run --server` on the bundle: the decision for a fixture's policy input, or the process's complaint. */
  record OpaRun(JsonNode decision, int exit, String output) {}

  static OpaRun opaRun(Path bundle, Path publicKey, String alg, String keyId, String fixture) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>(List.of(OpaServer.binary(), "run", "--server", "--addr", "127.0.0.1:" + port, "--log-level",
        "error", "--bundle", bundle.toString(), "--signing-alg", alg, "--verification-key-id", keyId, "--verification-key",
        alg.startsWith("HS") ? Files.readString(publicKey) : publicKey.toString()));
    Path log = Files.createTempFile("opa-run", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      URI base = URI.create("http://127.0.0.1:" + port + "/");
      for (int i = 0; i < 200 && p.isAlive(); i++) {
        try {
          if (HTTP.send(HttpRequest.newBuilder(base.resolve("health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            String body = "{\"input\":" + Files.readString(CliRun.repo().resolve("test-fixtures/policy-inputs").resolve(fixture)) + "}";
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("v1/data/gavel/release/decision"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new OpaRun(JSON.readTree(r.body()).get("result"), 0, "");
          }
        } catch (java.io.IOException e) {
          // not listening yet
        }
        Thread.sleep(50);
      }
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("opa run neither served nor stopped").isTrue();
      return new OpaRun(null, p.exitValue(), Files.readString(log));
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    }
  }

  static Set<String> codes(JsonNode decision) {
    Set<String> out = new TreeSet<>();
    decision.path("deny").forEach(r -> out.add(r.path("code").asText()));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"RS256", "ES256"})
  void opaLoadsAndVerifiesABundleGavelBuiltAndSigned(String alg) throws Exception {
    OpaServer.binary();
    Path[] k = keys(dir, alg, "gavel");
    Path[] other = keys(dir, alg, "other");
    Path bundle = dir.resolve("gavel.tar.gz");
    CliRun b = CliRun.run(dir.resolve("home"), "bundle", "build", "--policies", CliRun.repo().resolve("policies").toString(), "--data",
        CliRun.repo().resolve("test-fixtures/trust.json").toString(), "-o", bundle.toString());
    assertThat(b.exit()).as(b.err()).isZero();
    CliRun s = CliRun.run(dir.resolve("home"), "bundle", "sign", bundle.toString(), "--key", k[0].toString(), "--alg", alg, "--keyid", "gavel");
    assertThat(s.exit()).as(s.err()).isZero();

    OpaRun allow = opaRun(bundle, k[1], alg, "gavel", "allow-high-credit-scorer.json");
    assertThat(allow.output()).isEmpty();
    assertThat(allow.decision().path("allow").asBoolean()).isTrue();
    OpaRun deny = opaRun(bundle, k[1], alg, "gavel", "deny-approval-not-board-member.json");
    assertThat(codes(deny.decision())).containsExactly("approval.insufficient", "approval.not_board_member");

    OpaRun wrongKey = opaRun(bundle, other[1], alg, "gavel", "allow-high-credit-scorer.json");
    assertThat(wrongKey.exit()).isNotZero();
    assertThat(wrongKey.output()).contains("failed to verify JWT signature");
    OpaRun tampered = opaRun(altered(bundle, dir.resolve("altered.tar.gz")), k[1], alg, "gavel", "allow-high-credit-scorer.json");
    assertThat(tampered.exit()).isNotZero();
    assertThat(tampered.output()).contains("digest mismatch");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"RS256", "ES256", "HS256"})
  void gavelVerifiesAndDecidesWithABundleOpaBuiltAndSigned(String alg) throws Exception {
    String opa = OpaServer.binary();
    Path[] k = keys(dir, alg, "opa");
    Path[] other = keys(dir, alg, "other");
    // The bundle root: the policy library and the demo trust data merged as data.json, as an OPA user lays it out.
    Path root = Files.createDirectories(dir.resolve("root/gavel-policies"));
    for (Path p : Files.list(CliRun.repo().resolve("policies/release")).toList()) {
      Files.copy(p, Files.createDirectories(root.resolve("release")).resolve(p.getFileName()));
    }
    CliRun data = CliRun.run(dir.resolve("home"), "rego", "eval", "-d", CliRun.repo().resolve("policies/data.json").toString(),
        "-d", CliRun.repo().resolve("test-fixtures/trust.json").toString(), "data");
    assertThat(data.exit()).as(data.err()).isZero();
    JsonNode merged = JSON.readTree(data.out()).at("/result/0/expressions/0/value");
    Files.writeString(root.resolve("data.json"), merged.toString());
    Path bundle = dir.resolve("opa.tar.gz");
    Process p = new ProcessBuilder(opa, "build", "-b", root.toString(), "--revision", "opa-built-1", "--signing-alg", alg,
        "--signing-key", alg.startsWith("HS") ? Files.readString(k[0]) : k[0].toString(), "-o", bundle.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();

    String keyFlag = alg.startsWith("HS") ? "--secret" : "--public-key";
    CliRun ok = CliRun.run(dir.resolve("home"), "bundle", "verify", bundle.toString(), keyFlag, k[1].toString());
    assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("VALID").contains("signed with " + alg);
    CliRun wrong = CliRun.run(dir.resolve("home"), "bundle", "verify", bundle.toString(), keyFlag, other[1].toString());
    assertThat(wrong.exit()).as(wrong.out() + wrong.err()).isEqualTo(1);
    assertThat(wrong.out()).contains("INVALID");
    CliRun tampered = CliRun.run(dir.resolve("home"), "bundle", "verify", altered(bundle, dir.resolve("altered.tar.gz")).toString(), keyFlag,
        k[1].toString());
    assertThat(tampered.exit()).as(tampered.out() + tampered.err()).isEqualTo(1);

    if (alg.startsWith("HS")) {
      return; // gavel evaluate takes a bundle's public key only (--bundle-public-key); HMAC bundles are verified, not decided with
    }
    CliRun e = CliRun.evaluateWith(dir.resolve("eval-home"), "allow-high-credit-scorer.json", "--bundle", bundle.toString(),
        "--bundle-public-key", k[1].toString());
    assertThat(e.exit()).as(e.err()).isZero();
    assertThat(JSON.readTree(e.out()).at("/policy/revision").asText()).isEqualTo("opa-built-1");
  }
}
