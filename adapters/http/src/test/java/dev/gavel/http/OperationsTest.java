package dev.gavel.http;

import static dev.gavel.http.ServerFixture.fixture;
import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicyOutcome;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySource;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.http.auth.Role;
import java.lang.reflect.Proxy;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness, backpressure, rate limits, metrics and the access log, over real sockets. */
class OperationsTest {
  @TempDir
  Path tmp;

  /** A ledger whose appends fail while {@code broken} is set (everything else is the real ledger). */
  static LedgerStore breakable(LedgerStore real, AtomicBoolean broken) {
    return (LedgerStore) Proxy.newProxyInstance(LedgerStore.class.getClassLoader(), new Class<?>[] {LedgerStore.class},
        (proxy, m, args) -> {
          if (broken.get() && (m.getName().equals("append") || m.getName().equals("appendOnce"))) {
            throw new LedgerException("disk full (test)");
          }
          try {
            return m.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void whileTheLedgerCannotAppendDecisionsAre503AndReadinessSaysWhy() throws Exception {
    AtomicBoolean broken = new AtomicBoolean();
    try (ServerFixture fx = ServerFixture.start(tmp.resolve("h"), Map.of(), p -> p.withLedger(breakable(p.ledger(), broken)),
        HttpClient.newHttpClient())) {
      assertThat(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json")).statusCode()).isEqualTo(200);
      assertThat(fx.get("/health/ready", null).statusCode()).isEqualTo(200);
      long before = fx.ledgerSize();
      broken.set(true);
      HttpResponse<String> failed = fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json"));
      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(json(failed).path("type").asText()).endsWith("/ledger-unusable");
      assertThat(failed.body()).doesNotContain("\"allow\"");
      HttpResponse<String> ready = fx.get("/health/ready", null);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(json(ready).path("ledger").asText()).contains("disk full");
      assertThat(fx.get("/health", null).statusCode()).isEqualTo(500);
      long evaluations = RbacMatrixTestSupport.evaluations(fx);
      HttpResponse<String> refused = fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json"));
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(json(refused).path("type").asText()).endsWith("/not-ready");
      assertThat(RbacMatrixTestSupport.evaluations(fx)).as("not ready: nothing evaluated").isEqualTo(evaluations);
      assertThat(fx.ledgerSize()).isEqualTo(before);
      broken.set(false);
      long deadline = System.nanoTime() + 15_000_000_000L;
      int status = 0;
      while (System.nanoTime() < deadline && (status = fx.get("/health/ready", null).statusCode()) != 200) {
        Thread.sleep(200);
      }
      assertThat(status).as("ready again once appends can succeed").isEqualTo(200);
      assertThat(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void whileThePolicyIsUnusableDecisionsAre503() throws Exception {
    AtomicBoolean broken = new AtomicBoolean();
    try (ServerFixture fx = ServerFixture.start(tmp.resolve("p"), Map.of(), p -> p.withPolicies(new PolicySource() {
      @Override
      public PolicySnapshot active() throws PolicySourceException {
        if (broken.get()) {
          throw new PolicySourceException("policies/release.rego: unreadable (test)");
        }
        return p.policies().active();
      }

      @Override
      public Optional<PolicySnapshot> revision(String id) throws PolicySourceException {
        return p.policies().revision(id);
      }

      @Override
      public String description() {
        return p.policies().description();
      }
    }), HttpClient.newHttpClient())) {
      broken.set(true);
      Thread.sleep(1100);
      HttpResponse<String> ready = fx.get("/health/ready", null);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(json(ready).path("policy").asText()).contains("unreadable");
      long before = fx.ledgerSize();
      HttpResponse<String> d = fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json"));
      assertThat(d.statusCode()).isEqualTo(503);
      assertThat(fx.ledgerSize()).isEqualTo(before);
    }
  }

  @Test
  void aFullWorkerPoolAnswers503AndRecordsOnlyWhatItAnswered() throws Exception {
    PolicyEvaluator[] slow = new PolicyEvaluator[1];
    try (ServerFixture fx = ServerFixture.start(tmp.resolve("b"), Map.of("workers", "1", "queue", "1"), p -> {
      PolicyEvaluator real = p.evaluator();
      slow[0] = new PolicyEvaluator() {
        @Override
        public String name() {
          return real.name();
        }

        @Override
        public void prepare(PolicySnapshot s) throws PolicyEvaluationException {
          real.prepare(s);
        }

        @Override
        public PolicyOutcome evaluate(PolicySnapshot s, JsonNode input, Instant at) throws PolicyEvaluationException {
          try {
            Thread.sleep(400);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return real.evaluate(s, input, at);
        }
      };
      return new ServerParts(p.policies(), slow[0], p.ledger(), p.signer(), p.clock(), p.evaluationTimeout(),
          p.evaluationLimits(), p.repository());
    }, HttpClient.newHttpClient())) {
      long before = fx.ledgerSize();
      String body = fixture("allow-minimal-classifier.json");
      List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        all.add(CompletableFuture.supplyAsync(() -> {
          try {
            return fx.post("/v1/decisions", Role.PIPELINE, body);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      int ok = 0;
      int busy = 0;
      for (var f : all) {
        HttpResponse<String> r = f.get();
        if (r.statusCode() == 200) {
          ok++;
        } else {
          assertThat(r.statusCode()).isEqualTo(503);
          assertThat(json(r).path("type").asText()).endsWith("/overloaded");
          assertThat(r.headers().firstValue("Retry-After")).isPresent();
          busy++;
        }
      }
      assertThat(busy).as("one running and one queued; the rest refused at once").isGreaterThanOrEqualTo(1);
      // every decision answered 200 is one decision entry (plus the policy activation of the first)
      long decisions = fx.gavel.ledger().size() - before;
      assertThat(decisions).isBetween((long) ok, (long) ok + 1);
    }
  }

  @Test
  void anEvaluationThatHitsALimitIs500AndRecordsNothing() throws Exception {
    Path home = tmp.resolve("l");
    java.nio.file.Files.createDirectories(home);
    // the shipped policies take about 250 steps on the demo requests
    java.nio.file.Files.writeString(home.resolve("gavel.yaml"), "evaluation-limits: {steps: 50}\nevaluation-timeout: 2s\n");
    try (ServerFixture fx = ServerFixture.start(home)) {
      long before = fx.ledgerSize();
      HttpResponse<String> r = fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json"));
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(json(r).path("type").asText()).endsWith("/evaluation-limit");
      assertThat(json(r).path("detail").asText()).contains("eval_limit_exceeded", "nothing recorded");
      assertThat(r.body()).doesNotContain("\"allow\"");
      assertThat(fx.ledgerSize()).isEqualTo(before);
      String input = java.nio.file.Files.readString(dev.gavel.testkit.SharedFiles.repo()
          .resolve("test-fixtures/policy-inputs/allow-minimal-classifier.json"));
      HttpResponse<String> d = fx.post("/v1/data/gavel/release/decision", Role.PIPELINE, "{\"input\":" + input + "}");
      assertThat(d.statusCode()).isEqualTo(500);
      assertThat(json(d).path("errors").get(0).path("code").asText()).isEqualTo("eval_limit_exceeded");
    }
  }

  @Test
  void aRateLimitPerIdentityAnswers429WithRetryAfter() throws Exception {
    try (ServerFixture fx = ServerFixture.start(tmp.resolve("r"), Map.of("rate-limit", "0.5", "rate-burst", "2"))) {
      assertThat(fx.get("/v1/decisions?limit=1", Role.AUDITOR).statusCode()).isEqualTo(200);
      assertThat(fx.get("/v1/decisions?limit=1", Role.AUDITOR).statusCode()).isEqualTo(200);
      HttpResponse<String> limited = fx.get("/v1/decisions?limit=1", Role.AUDITOR);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
      assertThat(fx.get("/v1/decisions?limit=1", Role.BOARD).statusCode()).as("another identity has its own bucket").isEqualTo(200);
      assertThat(fx.get("/health/live", null).statusCode()).as("health checks are not limited").isEqualTo(200);
    }
  }

  @Test
  void metricsAndTheAccessLogNameDecisionsButNoSecret() throws Exception {
    try (ServerFixture fx = ServerFixture.start(tmp.resolve("m"), Map.of("access-log", "-"))) {
      String id = json(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json"))).path("decisionId").asText();
      fx.post("/v1/decisions", Role.PIPELINE, fixture("deny-scan-critical-findings.json"));
      fx.http.send(java.net.http.HttpRequest.newBuilder(fx.uri("/v1/decisions")).header("Authorization", "Bearer gvl_wrong").build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> m = fx.get("/metrics", Role.AUDITOR);
      assertThat(m.statusCode()).isEqualTo(200);
      assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      String text = m.body();
      assertThat(text).contains("gavel_decisions_total{outcome=\"allow\",tier=\"minimal\"} 1.0",
          "gavel_decision_reasons_total{code=\"scan.critical_findings\",outcome=\"deny\"} 1.0",
          "gavel_evaluation_seconds_bucket", "gavel_ledger_append_seconds_count", "gavel_checkpoint_age_seconds",
          "gavel_policy_active{revision=\"sha256:", "gavel_auth_failures_total{reason=\"token_unknown\"} 1.0",
          "gavel_http_requests_seconds_count{method=\"POST\",route=\"DECIDE\",status=\"200\"}", "gavel_ledger_entries");
      String log = fx.accessLog.toString(StandardCharsets.UTF_8);
      assertThat(log).contains("\"decisionId\":\"" + id + "\"", "\"reason\":\"auth.token_unknown\"");
      for (String token : fx.tokens.values()) {
        assertThat(log).doesNotContain(token);
      }
      for (String line : log.split("\n")) {
        assertThat(dev.gavel.json.Json.read(line).isObject()).isTrue();
      }
    }
  }
}
