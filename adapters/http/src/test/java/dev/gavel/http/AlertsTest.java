package dev.gavel.http;

import static dev.gavel.http.ServerFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.LedgerVerification;
import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import dev.gavel.ledger.NoteVerifier;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts end to end: a real server whose anomaly rules fire on real requests, and real webhook
 * receivers on loopback that get each alert as a CloudEvent; a receiver that is down gets retries
 * and then the dead letter; a receiver that hangs does not hold up decisions.
 */
class AlertsTest {
  @TempDir
  Path home;

  ServerFixture start(String alerts) throws Exception {
    JsonNode section = Json.read("{\"alerts\": " + alerts + "}");
    return ServerFixture.start(home, section, Map.of(), p -> p, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  static JsonNode event(WebhookReceiver.Received r) throws Exception {
    assertThat(r.contentType()).startsWith("application/cloudevents+json");
    JsonNode e = Json.read(r.body());
    assertThat(e.path("specversion").asText()).isEqualTo("1.0");
    assertThat(e.path("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(e.path("source").asText()).isEqualTo("urn:gavel:test");
    assertThat(e.path("time").asText()).isEqualTo("2026-12-01T12:00:00Z");
    assertThat(e.path("datacontenttype").asText()).isEqualTo("application/json");
    return e;
  }

  /** Waits (up to 20 s) until the alert is in the ledger: it is recorded by a thread of its own. */
  static void awaitRecorded(ServerFixture fx, String alertId) throws Exception {
    for (int i = 0; i < 200 && fx.gavel.ledger().find("alert", alertId).isEmpty(); i++) {
      Thread.sleep(100);
    }
    assertThat(fx.gavel.ledger().find("alert", alertId)).as("alert " + alertId + " recorded").isPresent();
  }

  static List<JsonNode> deadLetters(Path file, int atLeast) throws Exception {
    for (int i = 0; i < 200 && (!Files.exists(file) || Files.readAllLines(file).size() < atLeast); i++) {
      Thread.sleep(100);
    }
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      out.add(Json.read(line));
    }
    return out;
  }

  @Test
  void aDenySpikeArrivesAtTheWebhookAsACloudEventIsCountedAndIsASignedLedgerEntry() throws Exception {
    try (WebhookReceiver hook = new WebhookReceiver(204);
        ServerFixture fx = start("{\"source\": \"urn:gavel:test\", \"webhooks\": [{\"url\": \"" + hook.url() + "\"}],"
            + " \"deny-spike\": {\"min-decisions\": 3, \"min-rate\": 0.5}}")) {
      for (int i = 0; i < 2; i++) {
        assertThat(fx.post("/v1/decisions", Role.PIPELINE, fixture("deny-scan-critical-findings.json")).statusCode()).isEqualTo(200);
      }
      assertThat(hook.received).as("two denials are below min-decisions").isEmpty();
      JsonNode third = ServerFixture.json(fx.post("/v1/decisions", Role.PIPELINE, fixture("deny-scan-critical-findings.json")));
      List<JsonNode> events = List.of(event(hook.next()), event(hook.next()));
      assertThat(events).extracting(e -> e.path("type").asText()).containsOnly("dev.gavel.alert.deny-spike");
      String model = third.path("request").path("model").asText();
      assertThat(events).extracting(e -> e.path("subject").asText())
          .containsExactlyInAnyOrder("model:" + model, "requester:" + ServerFixture.PIPELINE);
      JsonNode data = events.get(0).path("data");
      assertThat(data.path("decisions").asInt()).isEqualTo(3);
      assertThat(data.path("denials").asInt()).isEqualTo(3);
      assertThat(data.path("denyRate").asDouble()).isEqualTo(1.0);
      assertThat(data.path("lastDecision").asText()).isEqualTo(third.path("decisionId").asText());

      String metrics = fx.get("/metrics", Role.AUDITOR).body();
      assertThat(metrics).contains("gavel_alerts_total{type=\"deny-spike\"} 2.0");
      for (JsonNode e : events) {
        awaitRecorded(fx, e.path("id").asText());
      }
      var key = NoteVerifier.parse(fx.gavel.signer().verifierKey());
      var verdict = LedgerVerification.verify(fx.gavel.ledger(), key, List.of(), LedgerVerification.Progress.NONE);
      assertThat(verdict.passed()).as("the ledger with its alert entries verifies: " + (verdict.passed() ? "" : verdict.failure()))
          .isTrue();
    }
  }

  @Test
  void authenticationFailuresFromOneAddressArriveAtTheWebhook() throws Exception {
    try (WebhookReceiver hook = new WebhookReceiver(200);
        ServerFixture fx = start("{\"source\": \"urn:gavel:test\", \"webhooks\": [{\"url\": \"" + hook.url() + "\"}],"
            + " \"auth-failures\": {\"failures\": 3}}")) {
      assertThat(fx.send(HttpRequest.newBuilder(fx.uri("/v1/decisions")).POST(HttpRequest.BodyPublishers.ofString("{}")), null)
          .statusCode()).isEqualTo(401);
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = fx.http.send(HttpRequest.newBuilder(fx.uri("/v1/decisions")).header("Authorization",
            "Bearer gvl_not-a-token-" + i).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
      }
      JsonNode e = event(hook.next());
      assertThat(e.path("type").asText()).isEqualTo("dev.gavel.alert.auth-failures");
      assertThat(e.path("subject").asText()).isEqualTo("127.0.0.1");
      assertThat(e.path("data").path("failures").asInt()).isEqualTo(3);
      assertThat(e.path("data").path("reasons").path("missing").asInt()).as(e.toString()).isEqualTo(1);
      assertThat(e.path("data").path("reasons").path("token_unknown").asInt()).isEqualTo(2);
      awaitRecorded(fx, e.path("id").asText());
      assertThat(fx.get("/metrics", Role.AUDITOR).body()).contains("gavel_alerts_total{type=\"auth-failures\"} 1.0");
    }
  }

  @Test
  void aReceiverThatIsDownIsRetriedWithBackoffThenTheAlertIsDeadLettered() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort(); // nothing listens here once closed
    }
    try (WebhookReceiver failing = new WebhookReceiver(503);
        ServerFixture fx = start("{\"source\": \"urn:gavel:test\", \"retries\": 2, \"backoff\": \"20ms\", \"max-backoff\": \"40ms\","
            + " \"webhooks\": [{\"url\": \"" + failing.url() + "\"}, {\"url\": \"http://127.0.0.1:" + closed + "/hook\"}],"
            + " \"auth-failures\": {\"failures\": 1}}")) {
      assertThat(fx.send(HttpRequest.newBuilder(fx.uri("/v1/ledger/entries")), null).statusCode()).isEqualTo(401);
      List<JsonNode> dead = deadLetters(home.resolve("alerts-dead-letter.jsonl"), 2);
      assertThat(dead).hasSize(2);
      assertThat(dead).allSatisfy(d -> {
        assertThat(d.path("reason").asText()).isEqualTo("retries-exhausted");
        assertThat(d.path("attempts").asInt()).as("the first attempt and 2 retries").isEqualTo(3);
        assertThat(d.path("event").path("type").asText()).isEqualTo("dev.gavel.alert.auth-failures");
        assertThat(d.path("event").path("specversion").asText()).isEqualTo("1.0");
      });
      assertThat(dead).extracting(d -> d.path("webhook").asText())
          .containsExactlyInAnyOrder(failing.url().toString(), "http://127.0.0.1:" + closed + "/hook");
      assertThat(dead).filteredOn(d -> d.path("webhook").asText().equals(failing.url().toString()))
          .singleElement().satisfies(d -> assertThat(d.path("lastError").asText()).isEqualTo("HTTP 503"));
      assertThat(failing.attempts.get()).isEqualTo(3);
      assertThat(fx.get("/metrics", Role.AUDITOR).body()).contains("gavel_alerts_undelivered_total{reason=\"retries-exhausted\"} 2.0");
    }
  }

  @Test
  void aHangingReceiverDoesNotHoldUpDecisionsAndAFullQueueGoesToTheDeadLetter() throws Exception {
    // Every allowed release is outside a Sunday-only change window: one alert per decision.
    try (WebhookReceiver hook = new WebhookReceiver(204).hang();
        ServerFixture fx = start("{\"source\": \"urn:gavel:test\", \"queue\": 1, \"timeout\": \"120s\","
            + " \"webhooks\": [{\"url\": \"" + hook.url() + "\"}],"
            + " \"change-window\": {\"days\": [\"sun\"], \"environments\": []}}")) {
      List<String> ids = new ArrayList<>();
      HttpResponse<String> first = fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json"));
      assertThat(first.statusCode()).isEqualTo(200);
      ids.add(ServerFixture.json(first).path("decisionId").asText());
      assertThat(hook.arrived.await(20, TimeUnit.SECONDS)).as("the first alert reached the receiver").isTrue();
      // The receiver now holds that delivery open; the next alert fills the queue of 1, the third overflows it.
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(hook.stalled()).as("decided while the webhook was still stalled").isTrue();
        ids.add(ServerFixture.json(r).path("decisionId").asText());
      }
      assertThat(hook.attempts.get()).as("the delivery thread is still stuck in the first request").isEqualTo(1);
      List<JsonNode> dead = deadLetters(home.resolve("alerts-dead-letter.jsonl"), 1);
      assertThat(dead).singleElement().satisfies(d -> {
        assertThat(d.path("reason").asText()).isEqualTo("queue-full");
        assertThat(d.path("attempts").asInt()).isZero();
        assertThat(d.path("event").path("type").asText()).isEqualTo("dev.gavel.alert.change-window");
        assertThat(d.path("event").path("data").path("decisionId").asText()).isEqualTo(ids.get(2));
      });
      assertThat(fx.get("/metrics", Role.AUDITOR).body()).contains("gavel_alerts_undelivered_total{reason=\"queue-full\"} 1.0")
          .contains("gavel_alerts_total{type=\"change-window\"} 3.0");
      hook.release();
      assertThat(event(hook.next()).path("data").path("decisionId").asText()).isEqualTo(ids.get(0));
      assertThat(event(hook.next()).path("data").path("decisionId").asText()).as("the queued alert follows").isEqualTo(ids.get(1));
    }
  }

  @Test
  void aLedgerAlteredUnderTheRunningServerFailsThePeriodicCheckAndAlerts() throws Exception {
    try (WebhookReceiver hook = new WebhookReceiver(204);
        ServerFixture fx = start("{\"source\": \"urn:gavel:test\", \"webhooks\": [{\"url\": \"" + hook.url() + "\"}],"
            + " \"ledger\": {\"interval\": \"100ms\"}}")) {
      assertThat(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json")).statusCode()).isEqualTo(200);
      // Someone with write access to the database edits the server-start entry's bytes.
      try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("ledger.db"));
          var st = c.createStatement()) {
        st.execute("PRAGMA busy_timeout = 10000");
        int n = st.executeUpdate("UPDATE entries SET canonical = CAST(replace(CAST(canonical AS TEXT), '\"actor\":\"test\"',"
            + " '\"actor\":\"tset\"') AS BLOB) WHERE type = 'access'");
        assertThat(n).isEqualTo(1);
      }
      JsonNode e = event(hook.next());
      assertThat(e.path("type").asText()).isEqualTo("dev.gavel.alert.ledger-verification");
      assertThat(e.path("data").path("code").asText()).as(e.toString()).isNotEmpty();
      assertThat(e.path("data").path("index").asLong()).as(e.toString()).isBetween(0L, 1L);
      assertThat(e.path("subject").asText()).startsWith("ledger/");
      Thread.sleep(500); // five more checks: the same failure stays within its cooldown
      assertThat(hook.received).isEmpty();
    }
  }

  @Test
  void aBurstOfRequestsFromOneTokenArrivesAtTheWebhook() throws Exception {
    try (WebhookReceiver hook = new WebhookReceiver(202);
        ServerFixture fx = start("{\"source\": \"urn:gavel:test\", \"webhooks\": [{\"url\": \"" + hook.url() + "\"}],"
            + " \"token-burst\": {\"requests\": 4}}")) {
      for (int i = 0; i < 3; i++) {
        assertThat(fx.get("/v1/decisions?limit=1", Role.AUDITOR).statusCode()).isEqualTo(200);
      }
      assertThat(fx.get("/v1/decisions?limit=1", Role.PIPELINE).statusCode()).as("another token's request").isEqualTo(200);
      assertThat(hook.received).as("3 requests from the auditor's token are below the threshold").isEmpty();
      assertThat(fx.get("/v1/decisions?limit=1", Role.AUDITOR).statusCode()).isEqualTo(200);
      JsonNode e = event(hook.next());
      assertThat(e.path("type").asText()).isEqualTo("dev.gavel.alert.token-burst");
      assertThat(e.path("subject").asText()).startsWith("token:");
      assertThat(e.path("data").path("requests").asInt()).isEqualTo(4);
    }
  }

  @Test
  void anAllowAfterRepeatedDenialsWithChangedEvidenceArrivesAtTheWebhook() throws Exception {
    try (WebhookReceiver hook = new WebhookReceiver(204);
        ServerFixture fx = start("{\"source\": \"urn:gavel:test\", \"webhooks\": [{\"url\": \"" + hook.url() + "\"}],"
            + " \"allow-after-denials\": {\"denials\": 3}}")) {
      List<String> denied = new ArrayList<>();
      // Three denials of support-ticket-classifier 2.3.0, each with other evidence, then its allowed release.
      for (String f : List.of("deny-scan-critical-findings.json", "deny-scan-stale.json", "deny-signature-invalid.json")) {
        JsonNode d = ServerFixture.json(fx.post("/v1/decisions", Role.PIPELINE, fixture(f)));
        assertThat(d.path("allow").asBoolean()).as(f).isFalse();
        denied.add(d.path("decisionId").asText());
      }
      JsonNode allowed = ServerFixture.json(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json")));
      assertThat(allowed.path("allow").asBoolean()).isTrue();
      JsonNode e = event(hook.next());
      assertThat(e.path("type").asText()).isEqualTo("dev.gavel.alert.allow-after-denials");
      assertThat(e.path("subject").asText()).isEqualTo("support-ticket-classifier@2.3.0");
      assertThat(e.path("data").path("denials").asInt()).isEqualTo(3);
      List<String> ids = new ArrayList<>();
      e.path("data").path("deniedDecisions").forEach(x -> ids.add(x.asText()));
      assertThat(ids).containsExactlyElementsOf(denied);
      assertThat(e.path("data").path("allowedDecision").asText()).isEqualTo(allowed.path("decisionId").asText());
      assertThat(e.path("data").path("deniedEvidence").size()).isEqualTo(3);
      assertThat(e.path("data").path("allowedEvidence").asText()).matches("[0-9a-f]{64}|sha256:[0-9a-f]{64}");
    }
  }
}
