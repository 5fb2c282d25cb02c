package dev.gavel.http;

import static dev.gavel.http.ServerFixture.fixture;
import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The incident path over a socket: a risk officer revokes a released model, deployers' admission
 * checks answer {@code revoked} from then on, and the pipeline's next release of the digest is
 * denied by the shipped policy ({@code artifact.revoked}); bad revocations are refused naming the
 * field and record nothing.
 */
class RevocationApiTest {
  @TempDir
  static Path tmp;
  static ServerFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = ServerFixture.start(tmp.resolve("home"));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  static String digest(String fixture, int artifact) throws Exception {
    return Json.read(fixture(fixture)).at("/model/artifacts/" + artifact + "/digest/sha256").asText();
  }

  @Test
  void aRevokedModelIsRevokedForDeployersAndItsNextReleaseIsDenied() throws Exception {
    JsonNode released = json(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-limited-chatbot.json")));
    assertThat(released.path("allow").asBoolean()).isTrue();
    String model = digest("allow-limited-chatbot.json", 0);
    assertThat(json(fx.get("/v1/artifacts/" + model, Role.PIPELINE)).path("status").asText()).isEqualTo("released");

    HttpResponse<String> r = fx.post("/v1/revocations", Role.RISK_OFFICER,
        "{\"artifact\": \"sha256:" + model + "\", \"reason\": \"prompt-injection backdoor found (INC-77)\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode rev = json(r);
    assertThat(rev.path("artifacts").get(0).asText()).isEqualTo(model);
    assertThat(rev.path("revokedBy").path("identity").asText()).as("who asked is recorded").isEqualTo("test-risk-officer");
    assertThat(rev.path("revokedBy").path("via").asText()).isEqualTo("http");
    assertThat(rev.path("attestation").path("payloadType").asText()).isEqualTo("application/vnd.gavel.revocation+json");

    JsonNode status = json(fx.get("/v1/artifacts/" + model, Role.AUDITOR));
    assertThat(status.path("status").asText()).isEqualTo("revoked");
    assertThat(status.path("revocations").get(0).path("reason").asText()).isEqualTo("prompt-injection backdoor found (INC-77)");
    assertThat(status.path("revocations").get(0).path("ledgerIndex").asLong()).isEqualTo(rev.path("ledgerIndex").asLong());
    assertThat(status.path("decisions").get(0).path("decisionId").asText()).isEqualTo(released.path("decisionId").asText());

    JsonNode again = json(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-limited-chatbot.json")));
    assertThat(again.path("allow").asBoolean()).isFalse();
    assertThat(again.path("reasons")).extracting(x -> x.path("code").asText()).containsExactly("artifact.revoked");
    assertThat(json(fx.get("/v1/artifacts/" + model, Role.PIPELINE)).path("status").asText()).as("final").isEqualTo("revoked");
  }

  @Test
  void revokingADecisionRevokesEachOfItsArtifacts() throws Exception {
    JsonNode released = json(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-jws-signed.json")));
    HttpResponse<String> r = fx.post("/v1/revocations", Role.RISK_OFFICER, "{\"decision\": \""
        + released.path("decisionId").asText() + "\", \"reason\": \"released by a compromised pipeline\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    for (int i = 0; i < 2; i++) {
      JsonNode s = json(fx.get("/v1/artifacts/" + digest("allow-minimal-jws-signed.json", i), Role.BOARD));
      assertThat(s.path("status").asText()).isEqualTo("revoked");
      assertThat(s.path("revocations").get(0).path("decisionId").asText()).isEqualTo(released.path("decisionId").asText());
    }
  }

  static Stream<Arguments> badRevocations() {
    return Stream.of(
        Arguments.of("not JSON", "{", 400, "$"),
        Arguments.of("an array", "[]", 400, "$"),
        Arguments.of("an unknown field", "{\"artifact\": \"" + "a".repeat(64) + "\", \"reason\": \"x\", \"force\": true}", 400,
            "$.force"),
        Arguments.of("a digest that is a number", "{\"artifact\": 7, \"reason\": \"x\"}", 400, "$.artifact"),
        Arguments.of("a bad digest", "{\"artifact\": \"sha256:abc\", \"reason\": \"x\"}", 400, "$.artifact"),
        Arguments.of("no reason", "{\"artifact\": \"" + "a".repeat(64) + "\"}", 400, "$.reason"),
        Arguments.of("both targets", "{\"artifact\": \"" + "a".repeat(64) + "\", \"decision\": \"d\", \"reason\": \"x\"}", 400, "$"),
        Arguments.of("an unknown decision", "{\"decision\": \"01a2f000-0000-7000-8000-000000000000\", \"reason\": \"x\"}", 404, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRevocations")
  void aBadRevocationIsRefusedAndRecordsNothing(String what, String body, int status, String path) throws Exception {
    long size = fx.ledgerSize();
    HttpResponse<String> r = fx.post("/v1/revocations", Role.RISK_OFFICER, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/problem+json");
    if (path != null) {
      assertThat(json(r).path("errors")).anySatisfy(e -> assertThat(e.path("path").asText()).isEqualTo(path));
    }
    assertThat(fx.ledgerSize()).isEqualTo(size);
  }

  @Test
  void aDeniedDecisionReleasedNothingToRevoke() throws Exception {
    JsonNode denied = json(fx.post("/v1/decisions", Role.PIPELINE, fixture("deny-scan-stale.json")));
    assertThat(denied.path("allow").asBoolean()).isFalse();
    long size = fx.ledgerSize();
    HttpResponse<String> r = fx.post("/v1/revocations", Role.RISK_OFFICER, "{\"decision\": \"" + denied.path("decisionId").asText()
        + "\", \"reason\": \"x\"}");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(fx.ledgerSize()).isEqualTo(size);
  }
}
