package dev.gavel.http;

import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySource;
import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import dev.gavel.testkit.SharedFiles;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OPA's Data API as OPA's REST documentation shows it, with the docs' own examples where ../shared has them. */
class DataApiTest {
  @TempDir
  static Path tmp;
  static ServerFixture fx;
  static final String DOCS_POLICY = "package opa.examples\n\nimport input.example.flag\n\nallow_request if flag == true\n";
  static final String CONFLICT = "package broken\n\np := 1 if input.a\n\np := 2 if input.b\n";

  @BeforeAll
  static void start() throws Exception {
    PolicySnapshot snap = new PolicySnapshot(List.of(new PolicySnapshot.Module("examples.rego", DOCS_POLICY),
        new PolicySnapshot.Module("broken.rego", CONFLICT)), (com.fasterxml.jackson.databind.node.ObjectNode) Json.read("{\"answer\": 42, \"list\": [\"a\", \"b\"], \"odd key\": 1}"),
        "sha256:" + "ab".repeat(32), "test");
    PolicySource src = new PolicySource() {
      @Override
      public PolicySnapshot active() {
        return snap;
      }

      @Override
      public Optional<PolicySnapshot> revision(String id) {
        return id.equals(snap.revision()) ? Optional.of(snap) : Optional.empty();
      }

      @Override
      public String description() {
        return "test";
      }
    };
    fx = ServerFixture.start(tmp.resolve("home"), Map.of(), p -> p.withPolicies(src), HttpClient.newHttpClient());
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void theDocsExamplesAnswerAsDocumented() throws Exception {
    Path examples = SharedFiles.shared().resolve("fixtures/opa/rest-api-examples.json");
    assumeTrue(Files.exists(examples), "../shared/fixtures/opa/rest-api-examples.json absent: OPA docs examples skipped");
    JsonNode doc = Json.read(Files.readString(examples));
    int checked = 0;
    for (JsonNode ex : doc.path("examples")) {
      String name = ex.path("name").asText();
      if (!name.equals("data-post-allow") && !name.equals("data-post-undefined")) {
        continue;
      }
      String line = ex.path("request").path("requestLine").asText();
      String path = line.split(" ")[1];
      HttpResponse<String> r = fx.post(path, Role.PIPELINE, ex.path("request").path("body").toString());
      assertThat(r.statusCode()).as(name).isEqualTo(ex.path("response").path("status").asInt());
      JsonNode body = json(r);
      JsonNode expected = ex.path("response").path("body");
      assertThat(body.get("result")).as(name).isEqualTo(expected.get("result"));
      assertThat(body.path("decision_id").asText()).matches("[0-9a-f-]{36}");
      checked++;
    }
    assertThat(checked).isEqualTo(2);
  }

  @Test
  void getTakesTheInputInTheQuery() throws Exception {
    String input = URLEncoder.encode("{\"example\":{\"flag\":true}}", StandardCharsets.UTF_8);
    JsonNode r = json(fx.get("/v1/data/opa/examples/allow_request?input=" + input, Role.PIPELINE));
    assertThat(r.path("result").asBoolean()).isTrue();
    assertThat(json(fx.get("/v1/data/answer", Role.PIPELINE)).path("result").asInt()).isEqualTo(42);
    assertThat(json(fx.get("/v1/data/opa/examples", Role.PIPELINE)).path("result").isObject()).isTrue();
    assertThat(json(fx.get("/v1/data/list/1", Role.PIPELINE)).path("result").asText()).as("integer segments index arrays").isEqualTo("b");
    assertThat(json(fx.get("/v1/data/odd%20key", Role.PIPELINE)).path("result").asInt()).isEqualTo(1);
    assertThat(json(fx.get("/v1/data/nothing/here", Role.PIPELINE)).has("result")).as("undefined: no result").isFalse();
  }

  @Test
  void yamlBodiesAreRead() throws Exception {
    HttpResponse<String> r = fx.send(HttpRequest.newBuilder(fx.uri("/v1/data/opa/examples/allow_request"))
        .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString("input:\n  example:\n    flag: true\n")),
        Role.PIPELINE);
    assertThat(json(r).path("result").asBoolean()).isTrue();
  }

  @Test
  void provenanceAndMetricsAreMeasuredAndNamed() throws Exception {
    JsonNode r = json(fx.post("/v1/data/opa/examples/allow_request?provenance=true&metrics=true", Role.PIPELINE,
        "{\"input\":{\"example\":{\"flag\":true}}}"));
    assertThat(r.path("provenance").path("bundles").path("gavel").path("revision").asText()).isEqualTo("sha256:" + "ab".repeat(32));
    assertThat(r.path("provenance").path("version").asText()).startsWith("gavel ");
    for (String k : List.of("timer_rego_query_eval_ns", "timer_rego_query_compile_ns", "timer_rego_input_parse_ns",
        "timer_server_handler_ns")) {
      assertThat(r.path("metrics").path(k).asLong()).as(k).isGreaterThan(0);
    }
    assertThat(fx.post("/v1/data/opa/examples/allow_request?pretty=true", Role.PIPELINE, "{}").body()).contains("\n  ");
  }

  @Test
  void errorsUseOpasShape() throws Exception {
    HttpResponse<String> explain = fx.post("/v1/data/opa/examples/allow_request?explain=full", Role.PIPELINE, "{}");
    assertThat(explain.statusCode()).isEqualTo(400);
    assertThat(json(explain).path("code").asText()).isEqualTo("invalid_parameter");
    assertThat(json(explain).path("message").asText()).isNotEmpty();
    HttpResponse<String> malformed = fx.post("/v1/data/opa/examples/allow_request", Role.PIPELINE, "{\"input\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json(malformed).path("code").asText()).isEqualTo("invalid_parameter");
    HttpResponse<String> extra = fx.post("/v1/data/opa/examples/allow_request", Role.PIPELINE, "{\"inptu\":{}}");
    assertThat(extra.statusCode()).isEqualTo(400);
    HttpResponse<String> conflict = fx.post("/v1/data/broken/p", Role.PIPELINE, "{\"input\":{\"a\":true,\"b\":true}}");
    assertThat(conflict.statusCode()).isEqualTo(500);
    JsonNode c = json(conflict);
    assertThat(c.path("code").asText()).isEqualTo("internal_error");
    assertThat(c.path("errors").get(0).path("code").asText()).isEqualTo("eval_conflict_error");
    assertThat(c.path("errors").get(0).path("location").path("file").asText()).isEqualTo("broken.rego");
    HttpResponse<String> anon = fx.http.send(HttpRequest.newBuilder(fx.uri("/v1/data/opa")).POST(HttpRequest.BodyPublishers
        .ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anon.statusCode()).isEqualTo(401);
    assertThat(json(anon).path("code").asText()).isEqualTo("unauthorized");
    HttpResponse<String> head = fx.send(HttpRequest.newBuilder(fx.uri("/v1/data/opa")).method("HEAD",
        HttpRequest.BodyPublishers.noBody()), Role.PIPELINE);
    assertThat(head.statusCode()).as("OPA answers HEAD on /v1/data with 405").isEqualTo(405);
  }

  @Test
  void dataApiAnswersAreNotRecorded() throws Exception {
    long before = fx.ledgerSize();
    for (int i = 0; i < 5; i++) {
      fx.post("/v1/data/opa/examples/allow_request", Role.PIPELINE, "{\"input\":{\"example\":{\"flag\":true}}}");
    }
    assertThat(fx.ledgerSize()).isEqualTo(before);
  }
}
