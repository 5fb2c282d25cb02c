package dev.gavel.http;

import static dev.gavel.http.ServerFixture.fixture;
import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import dev.gavel.testkit.SharedFiles;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST/GET /v1/decisions, search with cursor paging and artifact status, over a real socket. */
class DecisionApiTest {
  @TempDir
  static Path tmp;
  static ServerFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = ServerFixture.start(tmp.resolve("home"), Map.of("max-body", "64KiB", "max-json-depth", "40", "max-artifacts", "3",
        "max-scans", "4"));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void anAllowedRequestAnswers200WithTheRecordedDecision() throws Exception {
    HttpResponse<String> r = fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode d = json(r);
    assertThat(d.path("allow").asBoolean()).isTrue();
    assertThat(d.path("decisionId").asText()).matches("[0-9a-f-]{36}");
    assertThat(d.path("timestamp").asText()).isEqualTo("2026-12-01T12:00:00Z");
    assertThat(d.has("evaluatedAt")).as("the server's clock is the evaluation time").isFalse();
    assertThat(d.path("attestation").path("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
    assertThat(d.path("policy").path("revision").asText()).startsWith("sha256:");
    long index = d.path("ledger").path("index").asLong();
    HttpResponse<String> again = fx.get("/v1/decisions/" + d.path("decisionId").asText(), Role.AUDITOR);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again)).as("GET returns the recorded document").isEqualTo(d);
    assertThat(fx.ledgerSize()).isGreaterThan(index);
  }

  @Test
  void aDeniedRequestAnswers200WithItsReasons() throws Exception {
    HttpResponse<String> r = fx.post("/v1/decisions", Role.PIPELINE, fixture("deny-scan-critical-findings.json"));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode d = json(r);
    assertThat(d.path("allow").asBoolean()).isFalse();
    List<String> codes = new ArrayList<>();
    d.path("reasons").forEach(x -> codes.add(x.path("code").asText()));
    assertThat(codes).containsExactly("scan.critical_findings");
  }

  @Test
  void anInvalidRequestIsAProblemNamingEachPathAndRecordsNothing() throws Exception {
    ObjectNode req = (ObjectNode) Json.read(fixture("allow-minimal-classifier.json"));
    req.put("surprise", 1);
    ((ObjectNode) req.path("model")).remove("version");
    long before = fx.ledgerSize();
    HttpResponse<String> r = fx.post("/v1/decisions", Role.PIPELINE, req.toString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode p = json(r);
    assertThat(p.path("type").asText()).isEqualTo("https://gavel.dev/problems/invalid-request");
    assertThat(p.path("status").asInt()).isEqualTo(400);
    Set<String> paths = new HashSet<>();
    p.path("errors").forEach(e -> paths.add(e.path("path").asText()));
    assertThat(paths).contains("$.surprise", "$.model.version");
    assertThat(fx.ledgerSize()).isEqualTo(before);
  }

  @Test
  void malformedJsonAndEmptyBodiesAreProblems() throws Exception {
    for (String body : List.of("", "{", "{\"a\":1,\"a\":2}", "[1]")) {
      HttpResponse<String> r = fx.post("/v1/decisions", Role.PIPELINE, body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(json(r).path("errors").get(0).path("path").asText()).isEqualTo("$");
    }
  }

  @Test
  void theEvaluationTimeAndDataOverlaysAreCliOnly() throws Exception {
    long before = fx.ledgerSize();
    for (String q : List.of("at=2030-01-01T00:00:00Z", "data=trust.json", "bogus=1")) {
      HttpResponse<String> r = fx.post("/v1/decisions?" + q, Role.PIPELINE, fixture("allow-minimal-classifier.json"));
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(json(r).path("errors").get(0).path("path").asText()).isEqualTo(q.substring(0, q.indexOf('=')));
    }
    assertThat(json(fx.post("/v1/decisions?at=2030-01-01T00:00:00Z", Role.PIPELINE, fixture("allow-minimal-classifier.json")))
        .path("errors").get(0).path("message").asText()).contains("CLI-only", "server's clock");
    assertThat(fx.ledgerSize()).isEqualTo(before);
  }

  @Test
  void aPipelineAsksOnlyAsItsOwnIdentity() throws Exception {
    long before = fx.ledgerSize();
    HttpResponse<String> r = fx.post("/v1/decisions", Role.PIPELINE, fixture("deny-approval-self-approval.json"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).path("errors").get(0).path("path").asText()).isEqualTo("$.requester.id");
    assertThat(fx.ledgerSize()).isEqualTo(before);
  }

  @Test
  void limitsOnBodyDepthArtifactsAndScansAreEnforcedBeforeEvaluation() throws Exception {
    long before = fx.ledgerSize();
    HttpResponse<String> big = fx.post("/v1/decisions", Role.PIPELINE, "{\"pad\":\"" + "x".repeat(70_000) + "\"}");
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(json(big).path("detail").asText()).contains("max-body");
    HttpResponse<String> deep = fx.post("/v1/decisions", Role.PIPELINE, "[".repeat(50) + "]".repeat(50));
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(json(deep).path("errors").get(0).path("message").asText()).contains("max-json-depth");
    ObjectNode req = (ObjectNode) Json.read(fixture("allow-minimal-classifier.json"));
    var arts = (com.fasterxml.jackson.databind.node.ArrayNode) req.path("model").path("artifacts");
    while (arts.size() < 4) {
      arts.add(arts.get(0).deepCopy());
    }
    HttpResponse<String> many = fx.post("/v1/decisions", Role.PIPELINE, req.toString());
    assertThat(many.statusCode()).isEqualTo(400);
    assertThat(json(many).path("errors").get(0).path("path").asText()).isEqualTo("$.model.artifacts");
    ObjectNode req2 = (ObjectNode) Json.read(fixture("allow-minimal-classifier.json"));
    var scans = (com.fasterxml.jackson.databind.node.ArrayNode) req2.path("scans");
    while (scans.size() < 5) {
      scans.add(scans.get(0).deepCopy());
    }
    HttpResponse<String> manyScans = fx.post("/v1/decisions", Role.PIPELINE, req2.toString());
    assertThat(manyScans.statusCode()).isEqualTo(400);
    assertThat(json(manyScans).path("errors").get(0).path("path").asText()).isEqualTo("$.scans");
    assertThat(fx.ledgerSize()).isEqualTo(before);
  }

  @Test
  void searchPagesNewestFirstWithACursorAndFilters() throws Exception {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String f = i % 2 == 0 ? "allow-limited-chatbot.json" : "deny-scan-missing.json";
      made.add(json(fx.post("/v1/decisions", Role.PIPELINE, fixture(f))).path("decisionId").asText());
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpResponse<String> r = fx.get("/v1/decisions?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), Role.BOARD);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode page = json(r);
      assertThat(page.path("decisions").size()).isLessThanOrEqualTo(2);
      page.path("decisions").forEach(d -> seen.add(d.path("decisionId").asText()));
      cursor = page.path("next").isNull() ? null : page.path("next").asText();
      pages++;
    } while (cursor != null && pages < 100);
    assertThat(seen).doesNotHaveDuplicates();
    List<String> newestFirst = new ArrayList<>(made);
    java.util.Collections.reverse(newestFirst);
    assertThat(seen).containsSubsequence(newestFirst);
    JsonNode denied = json(fx.get("/v1/decisions?outcome=deny&model=customer-support-chatbot&limit=500", Role.AUDITOR));
    denied.path("decisions").forEach(d -> assertThat(d.path("allow").asBoolean()).isFalse());
    JsonNode chat = json(fx.get("/v1/decisions?model=customer-support-chatbot&outcome=allow", Role.AUDITOR));
    assertThat(chat.path("decisions").size()).isGreaterThanOrEqualTo(3);
    chat.path("decisions").forEach(d -> assertThat(d.path("request").path("model").asText()).isEqualTo("customer-support-chatbot"));
    assertThat(fx.get("/v1/decisions?cursor=nonsense", Role.AUDITOR).statusCode()).isEqualTo(400);
    assertThat(fx.get("/v1/decisions?limit=0", Role.AUDITOR).statusCode()).isEqualTo(400);
    assertThat(fx.get("/v1/decisions?since=yesterday", Role.AUDITOR).statusCode()).isEqualTo(400);
  }

  @Test
  void aPipelineReadsOnlyItsOwnDecisions() throws Exception {
    String id = json(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json"))).path("decisionId").asText();
    assertThat(fx.get("/v1/decisions/" + id, Role.PIPELINE).statusCode()).isEqualTo(200);
    // another pipeline identity
    String other = new dev.gavel.http.auth.TokenStore(fx.home.resolve("tokens.json"))
        .create("ci/other-pipeline", Role.PIPELINE, ServerFixture.FIXTURE_TIME, null).secret();
    HttpResponse<String> r = fx.http.send(java.net.http.HttpRequest.newBuilder(fx.uri("/v1/decisions/" + id))
        .header("Authorization", "Bearer " + other).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(404);
    HttpResponse<String> list = fx.http.send(java.net.http.HttpRequest.newBuilder(fx.uri("/v1/decisions"))
        .header("Authorization", "Bearer " + other).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(json(list).path("decisions").size()).isZero();
    assertThat(fx.get("/v1/decisions/not-an-id", Role.AUDITOR).statusCode()).isEqualTo(400);
    assertThat(fx.get("/v1/decisions/01a22e8f-b8e1-75e5-ad15-dbc7d95cbae4", Role.AUDITOR).statusCode()).isEqualTo(404);
  }

  @Test
  void artifactStatusComesFromTheLedger() throws Exception {
    String digest = "90c60efec746f67664378dba4df338122261fd40b9b5ef3a1f541ec589b77b57";
    fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json"));
    JsonNode a = json(fx.get("/v1/artifacts/" + digest, Role.PIPELINE));
    assertThat(a.path("digest").asText()).isEqualTo("sha256:" + digest);
    assertThat(a.path("status").asText()).isEqualTo("released");
    assertThat(a.path("decisions").size()).isGreaterThanOrEqualTo(1);
    assertThat(a.path("revocations").size()).isZero();
    JsonNode unknown = json(fx.get("/v1/artifacts/sha256:" + "0".repeat(64), Role.RISK_OFFICER));
    assertThat(unknown.path("status").asText()).isEqualTo("unknown");
    assertThat(fx.get("/v1/artifacts/xyz", Role.AUDITOR).statusCode()).isEqualTo(400);
    assertThat(SharedFiles.repo()).exists();
  }
}
