package dev.gavel.opa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import dev.gavel.bundles.PolicyFiles;
import dev.gavel.core.ReleaseRequest;
import dev.gavel.core.ReleaseRequestParser;
import dev.gavel.core.evidence.EvidenceVerifier;
import dev.gavel.core.evidence.TrustRoots;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyOutcome;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.embedded.EmbeddedEvaluator;
import dev.gavel.testkit.SharedFiles;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OPA evaluator against a real `opa run --server`: the same answers as the embedded engine, and failing closed. */
class OpaEvaluatorTest {
  static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");
  static OpaServer opa;
  static PolicySnapshot policy;

  @BeforeAll
  static void start() throws Exception {
    opa = OpaServer.start();
    Path repo = SharedFiles.repo();
    policy = PolicyFiles.load(List.of(repo.resolve("policies")), List.of(repo.resolve("test-fixtures/trust.json")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (opa != null) {
      opa.close();
    }
  }

  static OpaEvaluator client(URI url) {
    return new OpaEvaluator(url, null, null, Duration.ofSeconds(10), 3);
  }

  static JsonNode input(ReleaseRequest r, PolicySnapshot s) throws Exception {
    return r.policyInput(new EvidenceVerifier(TrustRoots.fromPolicyData(s.data())).verify(r, AT));
  }

  @Test
  void everyFixtureGetsTheSameDecisionAsFromTheEmbeddedEngine() throws Exception {
    OpaEvaluator remote = client(opa.url());
    EmbeddedEvaluator local = new EmbeddedEvaluator(Duration.ofSeconds(10));
    int n = 0;
    try (Stream<Path> s = Files.list(SharedFiles.repo().resolve("test-fixtures/requests"))) {
      for (Path p : s.filter(f -> f.getFileName().toString().matches("(allow|deny)-.*\\.json")).sorted().toList()) {
        JsonNode in = input(new ReleaseRequestParser().parse(Files.readString(p)), policy);
        PolicyOutcome a = local.evaluate(policy, in, AT);
        PolicyOutcome b = remote.evaluate(policy, in, AT);
        assertThat(b.decision()).as(p.getFileName().toString()).isEqualTo(a.decision());
        assertThat(b.mask()).isEqualTo(a.mask());
        n++;
      }
    }
    assertThat(n).isGreaterThan(20);
    assertThat(remote.name()).isEqualTo("opa 1.22.3");
  }

  static PolicySnapshot tiny(String revision, String rules) {
    return new PolicySnapshot(List.of(new PolicySnapshot.Module("p.rego", "package gavel.release\n\nimport rego.v1\n\n" + rules)),
        JsonNodeFactory.instance.objectNode(), revision, "test");
  }

  @Test
  void aRestartedOpaIsLoadedAgainAndARevisionChangedBehindOurBackIsReloaded() throws Exception {
    try (OpaServer own = OpaServer.start()) {
      OpaEvaluator e = client(own.url());
      PolicySnapshot s = tiny("rev-a", "decision := {\"allow\": true, \"deny\": set()}\n");
      JsonNode in = JsonNodeFactory.instance.objectNode();
      assertThat(e.evaluate(s, in, AT).decision().get("allow").asBoolean()).isTrue();
      own.restart();
      assertThat(e.evaluate(s, in, AT).decision().get("allow").asBoolean()).as("after a restart").isTrue();
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(own.url().resolve("v1/data/gavel_snapshot"))
          .PUT(HttpRequest.BodyPublishers.ofString("{\"revision\": \"rev-b\"}")).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(e.evaluate(s, in, AT).decision().get("allow").asBoolean()).as("another revision: reloaded").isTrue();
    }
  }

  @Test
  void anUndefinedDecisionIsNoAnswerAndABrokenPolicyNamesItsLine() throws Exception {
    OpaEvaluator e = client(opa.url());
    assertThat(e.evaluate(tiny("rev-undefined", "x := 1\n"), JsonNodeFactory.instance.objectNode(), AT).decision()).isNull();
    assertThatThrownBy(() -> e.prepare(tiny("rev-broken", "deny contains \"x\" if {\n")))
        .isInstanceOf(PolicyEvaluationException.class)
        .satisfies(x -> assertThat(((PolicyEvaluationException) x).kind()).isEqualTo(PolicyEvaluationException.Kind.POLICY_INVALID))
        .hasMessageContaining("p.rego:").hasMessageContaining("rego_parse_error");
    PolicySnapshot failing = tiny("rev-error", "decision := {\"allow\": 1 / input.zero == 1, \"deny\": set()}\n");
    assertThatThrownBy(() -> e.evaluate(failing, JsonNodeFactory.instance.objectNode().put("zero", 0), AT))
        .hasMessageContaining("divide by zero")
        .satisfies(x -> assertThat(((PolicyEvaluationException) x).kind()).isEqualTo(PolicyEvaluationException.Kind.EVALUATION_FAILED));
  }

  @Test
  void anOpaThatIsDownOrAnswersGarbageFailsClosed() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OpaEvaluator down = new OpaEvaluator(URI.create("http://127.0.0.1:" + port), null, null, Duration.ofMillis(500), 2);
    assertThatThrownBy(() -> down.evaluate(policy, JsonNodeFactory.instance.objectNode(), AT))
        .hasMessageContaining("cannot be reached")
        .satisfies(x -> assertThat(((PolicyEvaluationException) x).kind()).isEqualTo(PolicyEvaluationException.Kind.UNAVAILABLE));
    HttpServer garbage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    garbage.createContext("/", x -> {
      byte[] b = "<html>not OPA</html>".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
      x.close();
    });
    garbage.start();
    try {
      OpaEvaluator e = client(URI.create("http://127.0.0.1:" + garbage.getAddress().getPort()));
      assertThatThrownBy(() -> e.evaluate(policy, JsonNodeFactory.instance.objectNode(), AT)).hasMessageContaining("not JSON");
    } finally {
      garbage.stop(0);
    }
  }

  @Test
  void opaOverTls(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("key.pem");
    Path cert = dir.resolve("cert.pem");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
        "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "openssl could not make a test certificate: skipping");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (FileInputStream in = new FileInputStream(cert.toFile())) {
      trust.setCertificateEntry("opa", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    try (OpaServer secure = OpaServer.start("--tls-cert-file", cert.toString(), "--tls-private-key-file", key.toString())) {
      OpaEvaluator e = new OpaEvaluator(secure.url(), null, tls, Duration.ofSeconds(10), 5);
      assertThat(e.evaluate(tiny("rev-tls", "decision := {\"allow\": true, \"deny\": set()}\n"), JsonNodeFactory.instance.objectNode(), AT)
          .decision().get("allow").asBoolean()).isTrue();
      OpaEvaluator untrusting = new OpaEvaluator(secure.url(), null, null, Duration.ofSeconds(5), 1);
      assertThatThrownBy(() -> untrusting.prepare(tiny("rev-tls2", "x := 1\n"))).hasMessageContaining("cannot be reached");
    }
  }
}
