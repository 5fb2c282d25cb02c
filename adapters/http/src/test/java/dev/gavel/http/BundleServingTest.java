package dev.gavel.http;

import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.bundles.BundleArchive;
import dev.gavel.bundles.BundleLimits;
import dev.gavel.bundles.BundleVerifier;
import dev.gavel.bundles.Manifest;
import dev.gavel.bundles.VerificationConfig;
import dev.gavel.git.TestRepo;
import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import dev.gavel.opa.OpaServer;
import dev.gavel.runtime.ConfigurationException;
import dev.gavel.testkit.ShippedPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /bundles/{name}.tar.gz}: the active revision as a signed OPA bundle with an ETag, and a
 * real OPA agent configured with Gavel as its bundle service: it downloads and verifies the bundle,
 * polls with If-None-Match, and picks up a revision the board activates.
 */
class BundleServingTest {
  @TempDir
  Path tmp;

  /** A P-256 key written as PEM into {@code home}; returns the public key's PEM. */
  static String signingKey(Path home) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    Files.createDirectories(home);
    Files.writeString(home.resolve("bundle-signing.pem"), pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    return pem("PUBLIC KEY", kp.getPublic().getEncoded());
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END "
        + type + "-----\n";
  }

  static ObjectNode signedBundleSection() {
    ObjectNode serve = JsonNodeFactory.instance.objectNode();
    serve.putObject("bundle").put("signing-key", "bundle-signing.pem").put("keyid", "gavel-bundle");
    return serve;
  }

  static HttpResponse<byte[]> download(ServerFixture fx, String file, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(fx.uri("/bundles/" + file)).header("Authorization", "Bearer "
        + fx.tokens.get(Role.PIPELINE));
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return fx.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void theActiveRevisionIsServedSignedWithAnEntityTag() throws Exception {
    Path home = tmp.resolve("home");
    String pub = signingKey(home);
    try (ServerFixture fx = ServerFixture.start(home, signedBundleSection(), Map.of(), p -> p, HttpClient.newHttpClient())) {
      HttpResponse<byte[]> r = download(fx, "gavel.tar.gz", null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/gzip");
      String etag = r.headers().firstValue("ETag").orElseThrow();
      assertThat(etag).matches("\"sha256:[0-9a-f]{64}\"");
      BundleArchive bundle = BundleArchive.read(r.body(), BundleLimits.DEFAULT);
      BundleVerifier.Verified v = BundleVerifier.verify(bundle, VerificationConfig.single("gavel-bundle",
          VerificationConfig.Key.publicKey(null, pub, ""), ""));
      assertThat(v.algorithm()).isEqualTo("ES256");
      assertThat(Manifest.parse(bundle.file(BundleArchive.MANIFEST).orElseThrow().bytes()).revision())
          .isEqualTo(fx.gavel.policySource().active().revision());
      assertThat(download(fx, "gavel.tar.gz", null).body()).as("the same bytes at every poll").isEqualTo(r.body());

      for (String match : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
        HttpResponse<byte[]> again = download(fx, "gavel.tar.gz", match);
        assertThat(again.statusCode()).as(match).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
      }
      assertThat(download(fx, "gavel.tar.gz", "\"sha256:" + "0".repeat(64) + "\"").statusCode()).isEqualTo(200);
      HttpResponse<String> other = fx.get("/bundles/other.tar.gz", Role.PIPELINE);
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(json(other).path("detail").asText()).contains("/bundles/gavel.tar.gz");
    }
  }

  @Test
  void anUnusableSigningKeyStopsTheServerFromStarting() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(home.resolve("bundle-signing.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    ObjectNode serve = signedBundleSection();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerFixture.start(home, serve, Map.of(), p -> p,
        HttpClient.newHttpClient())).isInstanceOf(ConfigurationException.class).hasMessageContaining("serve.bundle.signing-key");
    ((ObjectNode) serve.get("bundle")).put("signing-key", "missing.pem");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerFixture.start(home, serve, Map.of(), p -> p,
        HttpClient.newHttpClient())).isInstanceOf(ConfigurationException.class).hasMessageContaining("missing.pem");
    ((ObjectNode) serve.get("bundle")).remove("signing-key");
    ((ObjectNode) serve.get("bundle")).put("name", "../etc");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerFixture.start(home, serve, Map.of(), p -> p,
        HttpClient.newHttpClient())).isInstanceOf(ConfigurationException.class).hasMessageContaining("bundle.name");
  }

  @Test
  void aRealOpaAgentPollsTheBundleAndFollowsAnActivation() throws Exception {
    String opa = OpaServer.binary();
    assertThat(opa).isNotNull();
    Path home = tmp.resolve("home");
    String pub = signingKey(home);
    try (TestRepo repo = TestRepo.init(Files.createDirectories(tmp.resolve("policy-repo")))) {
      String v1 = repo.commit("dana@example.com", "v1", ShippedPolicy.files(1));
      try (ServerFixture fx = ServerFixture.governed(home, repo.dir(), signedBundleSection())) {
        assertThat(json(fx.post("/v1/policy/activate", Role.BOARD, "{\"bootstrap\": true}")).path("outcome").asText())
            .isEqualTo("activated");
        Path config = tmp.resolve("opa.yaml");
        // OPA's configuration is YAML; JSON is YAML.
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.putObject("services").putObject("gavel").put("url", fx.uri("").toString())
            .putObject("credentials").putObject("bearer").put("token", fx.tokens.get(Role.PIPELINE));
        c.putObject("keys").putObject("gavel-bundle").put("algorithm", "ES256").put("key", pub);
        ObjectNode b = c.putObject("bundles").putObject("gavel");
        b.put("service", "gavel").put("resource", "bundles/gavel.tar.gz");
        b.putObject("signing").put("keyid", "gavel-bundle");
        b.putObject("polling").put("min_delay_seconds", 1).put("max_delay_seconds", 1);
        Files.writeString(config, c.toPrettyString());
        try (OpaServer agent = OpaServer.start("--config-file", config.toString())) {
          assertThat(revisionIn(agent, v1)).as("OPA activated the bundle of " + v1).isEqualTo(v1);
          String v2 = repo.commit("dana@example.com", "v2", Map.of("policies/extra.rego", "package extra\n\nanswer := 42\n"));
          assertThat(fx.post("/v1/policy/approvals", Role.BOARD, PolicyApiTest.approval(v2, "bob", "approve")).statusCode())
              .isEqualTo(201);
          assertThat(json(fx.post("/v1/policy/activate", Role.BOARD, "{}")).path("outcome").asText()).isEqualTo("activated");
          assertThat(revisionIn(agent, v2)).as("OPA follows the activation").isEqualTo(v2);
          JsonNode answer = Json.read(HttpClient.newHttpClient().send(HttpRequest.newBuilder(agent.url().resolve(
              "v1/data/extra/answer")).build(), HttpResponse.BodyHandlers.ofString()).body());
          assertThat(answer.path("result").asInt()).isEqualTo(42);
        }
      }
    }
  }

  /** The revision OPA's bundle plugin activated, waiting up to 30 s for {@code wanted}. */
  static String revisionIn(OpaServer agent, String wanted) throws Exception {
    HttpClient c = HttpClient.newHttpClient();
    URI u = agent.url().resolve("v1/data/system/bundles/gavel/manifest/revision");
    String seen = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode r = Json.read(c.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString()).body());
      seen = r.path("result").asText(null);
      if (wanted.equals(seen)) {
        return seen;
      }
      Thread.sleep(200);
    }
    return seen;
  }
}
