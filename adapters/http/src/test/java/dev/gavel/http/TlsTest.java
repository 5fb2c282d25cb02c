package dev.gavel.http;

import static dev.gavel.http.ServerFixture.fixture;
import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import dev.gavel.runtime.ConfigurationException;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS 1.2+ from PEM files, and mTLS identities mapped to roles, with certificates the test makes. */
class TlsTest {
  @TempDir
  static Path tmp;
  static TestPki pki;
  static TestPki.Leaf server;
  static TestPki.Leaf bot;
  static TestPki.Leaf stranger;
  static TestPki.Leaf rogue;

  @BeforeAll
  static void certificates() throws Exception {
    pki = TestPki.ca(tmp.resolve("pki"), "gavel-test-ca");
    server = pki.leaf("server", "CN=localhost", "ip:127.0.0.1,dns:localhost");
    bot = pki.leaf("bot", "CN=release-bot,O=Example", "dns:bot.example.com");
    stranger = pki.leaf("stranger", "CN=someone-else,O=Example", null);
    rogue = TestPki.ca(tmp.resolve("rogue"), "rogue-ca").leaf("rogue", "CN=release-bot,O=Example", null);
  }

  static Map<String, String> tls(Map<String, String> more) {
    Map<String, String> m = new java.util.LinkedHashMap<>(Map.of("tls-cert", server.certPem().toString(), "tls-key",
        server.keyPem().toString()));
    m.putAll(more);
    return m;
  }

  static HttpClient client(TestPki.Leaf cert, String protocol) throws Exception {
    SSLContext c = TestPki.context(pki.ca, cert);
    HttpClient.Builder b = HttpClient.newBuilder().sslContext(c).connectTimeout(Duration.ofSeconds(5));
    if (protocol != null) {
      b.sslParameters(new SSLParameters(null, new String[] {protocol}));
    }
    return b.build();
  }

  @Test
  void tlsServesTls12And13AndNotPlainHttp() throws Exception {
    try (ServerFixture fx = ServerFixture.start(tmp.resolve("t1"), tls(Map.of()), p -> p, client(null, null))) {
      assertThat(fx.uri("/").getScheme()).isEqualTo("https");
      for (String proto : new String[] {"TLSv1.2", "TLSv1.3"}) {
        HttpResponse<String> r = client(null, proto).send(HttpRequest.newBuilder(fx.uri("/health/live")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(proto).isEqualTo(200);
        assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo(proto);
      }
      assertThat(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json")).statusCode()).isEqualTo(200);
      // a plain HTTP request on the TLS port gets no HTTP answer
      try (Socket s = new Socket("127.0.0.1", fx.server.port())) {
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] got = s.getInputStream().readNBytes(12);
        assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotStartWith("HTTP/1.1 200");
      } catch (IOException expected) {
        // connection reset: also no answer
      }
      if (Files.isExecutable(Path.of("/usr/bin/curl"))) {
        Process curl = new ProcessBuilder("curl", "-sS", "--cacert", pki.caPem().toString(), "-H", "Authorization: Bearer "
            + fx.tokens.get(Role.AUDITOR), "https://127.0.0.1:" + fx.server.port() + "/v1/decisions?limit=1").start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Json.read(out).path("decisions").size()).as("curl over TLS").isEqualTo(1);
      }
    }
  }

  @Test
  void clientCertificatesMapToRolesAndIdentities() throws Exception {
    var section = Json.read("{\"client-identities\": [{\"subject\": \"CN=release-bot,O=Example\", \"role\": \"pipeline\", "
        + "\"identity\": \"ci/release-pipeline\"}, {\"san\": \"auditor.example.com\", \"role\": \"auditor\"}]}");
    try (ServerFixture fx = ServerFixture.start(tmp.resolve("t2"), section, tls(Map.of("client-ca", pki.caPem().toString())),
        p -> p, client(bot, null))) {
      HttpResponse<String> r = fx.http.send(HttpRequest.newBuilder(fx.uri("/v1/decisions")).header("Content-Type",
          "application/json").POST(HttpRequest.BodyPublishers.ofString(fixture("allow-minimal-classifier.json"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("the bot's certificate is the pipeline ci/release-pipeline").isEqualTo(200);
      assertThat(json(r).path("allow").asBoolean()).isTrue();
      HttpResponse<String> ledger = fx.http.send(HttpRequest.newBuilder(fx.uri("/v1/ledger/entries")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ledger.statusCode()).as("a pipeline certificate is not an auditor").isEqualTo(403);
      HttpResponse<String> unmapped = client(stranger, null).send(HttpRequest.newBuilder(fx.uri("/v1/decisions")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(unmapped.statusCode()).isEqualTo(401);
      assertThat(json(unmapped).path("detail").asText()).contains("CN=someone-else,O=Example", "not mapped");
      // required client authentication: no certificate, or one from another CA, does not get through the handshake
      assertThatThrownBy(() -> client(null, null).send(HttpRequest.newBuilder(fx.uri("/health/live")).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> client(rogue, null).send(HttpRequest.newBuilder(fx.uri("/health/live")).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }
  }

  @Test
  void optionalClientAuthLetsTokensIn() throws Exception {
    try (ServerFixture fx = ServerFixture.start(tmp.resolve("t3"), tls(Map.of("client-ca", pki.caPem().toString(), "client-auth",
        "optional")), p -> p, client(null, null))) {
      assertThat(fx.get("/v1/decisions", Role.AUDITOR).statusCode()).isEqualTo(200);
      assertThat(fx.get("/health/live", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void plaintextIsLoopbackOnlyAndTlsNeedsBothFiles() {
    assertThatThrownBy(() -> ServerSettings.resolve(tmp, null, Map.of("listen", "0.0.0.0:8443", "plaintext", "true")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("loopback");
    assertThatThrownBy(() -> ServerSettings.resolve(tmp, null, Map.of("listen", "127.0.0.1:8443")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("--tls-cert and --tls-key");
    assertThatThrownBy(() -> ServerSettings.resolve(tmp, null, Map.of("tls-cert", "a.pem")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("--tls-key");
    assertThatThrownBy(() -> ServerFixture.start(tmp.resolve("t4"), Map.of("tls-cert", tmp.resolve("missing.pem").toString(),
        "tls-key", server.keyPem().toString()))).isInstanceOf(ConfigurationException.class).hasMessageContaining("no such file");
  }
}
