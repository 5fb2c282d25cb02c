package dev.gavel.http;

import static dev.gavel.http.ServerFixture.fixture;
import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.evidence.PrivateKeyPem;
import dev.gavel.core.governance.PolicyApproval;
import dev.gavel.git.TestRepo;
import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import dev.gavel.testkit.SharedFiles;
import dev.gavel.testkit.ShippedPolicy;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Governance over HTTP on a real Git repository, as a board uses it: see the head, bootstrap,
 * impact of a change, approvals posted by two board members, a refused and then a successful
 * activation (each recorded with who asked), and the new revision deciding at once. Every bad
 * input is refused with its JSON path and records nothing.
 */
class PolicyApiTest {
  static final String AUTHOR = "dana@example.com";

  @TempDir
  Path tmp;
  TestRepo repo;
  ServerFixture fx;
  String v1;

  @BeforeEach
  void start() throws Exception {
    repo = TestRepo.init(Files.createDirectories(tmp.resolve("policy-repo")));
    v1 = repo.commit(AUTHOR, "Release policy v1", ShippedPolicy.files(2));
    fx = ServerFixture.governed(tmp.resolve("home"), repo.dir(), null);
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
    repo.close();
  }

  static String approval(String commit, String member, String decision) throws Exception {
    String pem = Files.readString(SharedFiles.repo().resolve("test-fixtures/keys/" + member + ".private.pem"));
    return new PolicyApproval(commit, member + "@example.com", decision, ServerFixture.FIXTURE_TIME.minusSeconds(300))
        .sign(PrivateKeyPem.parse(pem)).toString();
  }

  String stricterLimitedTier() throws Exception {
    ObjectNode d = (ObjectNode) Json.read(Files.readString(repo.dir().resolve("policies/data.json")));
    ((ObjectNode) d.at("/gavel/config/tiers/limited/approvals")).put("required", 2);
    return repo.commit(AUTHOR, "Limited tier: two approvals", Map.of("policies/data.json", d.toPrettyString()));
  }

  HttpResponse<String> activate(String body) throws Exception {
    return fx.post("/v1/policy/activate", Role.BOARD, body);
  }

  @Test
  void aBoardWalksAChangeThroughImpactApprovalsAndActivationOverHttp() throws Exception {
    JsonNode before = json(fx.get("/v1/policy", Role.BOARD));
    assertThat(before.path("governed").asBoolean()).isTrue();
    assertThat(before.path("active").isNull()).isTrue();
    assertThat(before.at("/head/commit").asText()).isEqualTo(v1);
    assertThat(before.at("/head/active").asBoolean()).isFalse();
    assertThat(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-limited-chatbot.json")).statusCode())
        .as("nothing decides before the bootstrap").isEqualTo(503);

    HttpResponse<String> boot = activate("{\"bootstrap\": true}");
    assertThat(boot.statusCode()).as(boot.body()).isEqualTo(200);
    assertThat(json(boot).path("outcome").asText()).isEqualTo("activated");
    assertThat(json(boot).path("bootstrap").asBoolean()).isTrue();
    assertThat(json(boot).path("requestedBy").asText()).startsWith("test-board (token:");
    assertThat(json(boot).has("modules")).as("answers carry no policy text").isFalse();
    HttpResponse<String> first = fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-limited-chatbot.json"));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode allowed = json(first);
    assertThat(allowed.path("allow").asBoolean()).isTrue();
    assertThat(allowed.at("/policy/revision").asText()).isEqualTo(v1);

    String v2 = stricterLimitedTier();
    HttpResponse<String> impact = fx.get("/v1/policy/impact?revision=" + v2, Role.BOARD);
    assertThat(impact.statusCode()).as(impact.body()).isEqualTo(200);
    assertThat(json(impact).path("revision").asText()).isEqualTo(v2);
    assertThat(json(impact).path("changed")).hasSize(1);
    assertThat(json(impact).at("/changed/0/from").asText()).isEqualTo("allow");
    assertThat(json(impact).at("/changed/0/to").asText()).isEqualTo("deny");

    HttpResponse<String> refused = activate("{}");
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(json(refused).path("outcome").asText()).isEqualTo("refused");
    assertThat(json(refused).path("revision").asText()).isEqualTo(v2);
    assertThat(json(refused).toString()).contains("0 of 2 required valid approvals");

    for (String member : List.of("bob", "carol")) {
      HttpResponse<String> a = fx.post("/v1/policy/approvals", Role.BOARD, approval(v2, member, "approve"));
      assertThat(a.statusCode()).as(a.body()).isEqualTo(201);
      assertThat(json(a).path("approver").asText()).isEqualTo(member + "@example.com");
      JsonNode entry = Json.read(fx.gavel.ledger().entry(json(a).path("index").asLong()).orElseThrow().canonical());
      assertThat(entry.at("/payload/submittedBy").asText()).startsWith("test-board (token:");
    }
    HttpResponse<String> done = activate("{\"revision\": \"" + v2 + "\"}");
    assertThat(json(done).path("outcome").asText()).as(done.body()).isEqualTo("activated");
    assertThat(json(done).path("previous").asText()).isEqualTo(v1);
    JsonNode denied = json(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-limited-chatbot.json")));
    assertThat(denied.path("allow").asBoolean()).as("the new revision decides at once").isFalse();
    assertThat(denied.at("/policy/revision").asText()).isEqualTo(v2);

    JsonNode status = json(fx.get("/v1/policy", Role.AUDITOR));
    assertThat(status.at("/active/revision").asText()).isEqualTo(v2);
    assertThat(status.at("/head/active").asBoolean()).isTrue();
    List<String> history = new ArrayList<>();
    status.path("history").forEach(h -> history.add(h.path("outcome").asText() + " " + h.path("revision").asText()));
    assertThat(history).containsExactly("activated " + v2, "refused " + v2, "activated " + v1);
    assertThat(json(fx.get("/v1/policy?limit=1", Role.BOARD)).path("history")).hasSize(1);
  }

  @Test
  void badGovernanceRequestsNameTheProblemAndRecordNothing() throws Exception {
    assertThat(json(activate("{\"bootstrap\": true}")).path("outcome").asText()).isEqualTo("activated");
    String v2 = stricterLimitedTier();
    ObjectNode tampered = (ObjectNode) Json.read(approval(v2, "bob", "approve"));
    tampered.put("payload", java.util.Base64.getEncoder().encodeToString(
        new PolicyApproval(v2, "carol@example.com", "approve", ServerFixture.FIXTURE_TIME.minusSeconds(300)).statement().toString()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    record Case(String name, String method, String path, String body, int status, String where) {}
    List<Case> cases = List.of(
        new Case("approval not JSON", "POST", "/v1/policy/approvals", "{nope", 400, "$"),
        new Case("approval not an object", "POST", "/v1/policy/approvals", "[]", 400, "$"),
        new Case("approval not an envelope", "POST", "/v1/policy/approvals", "{\"a\": 1}", 422, null),
        new Case("approval by a non-member", "POST", "/v1/policy/approvals", approval(v2, "mallory", "approve"), 422, null),
        new Case("approval whose payload was swapped", "POST", "/v1/policy/approvals", tampered.toString(), 422, null),
        new Case("activate with an unknown field", "POST", "/v1/policy/activate", "{\"force\": true}", 400, "$.force"),
        new Case("activate with a numeric revision", "POST", "/v1/policy/activate", "{\"revision\": 12}", 400, "$.revision"),
        new Case("activate with an option as revision", "POST", "/v1/policy/activate", "{\"revision\": \"--all\"}", 400, "$.revision"),
        new Case("activate with a bootstrap string", "POST", "/v1/policy/activate", "{\"bootstrap\": \"yes\"}", 400, "$.bootstrap"),
        new Case("impact without a revision", "GET", "/v1/policy/impact", null, 400, "revision"),
        new Case("impact of an unknown revision", "GET", "/v1/policy/impact?revision=" + "0".repeat(40), null, 422, null),
        new Case("impact with limit 0", "GET", "/v1/policy/impact?revision=" + v2 + "&limit=0", null, 400, "limit"),
        new Case("impact with an unknown parameter", "GET", "/v1/policy/impact?revision=" + v2 + "&dry=1", null, 400, "dry"),
        new Case("status with a huge limit", "GET", "/v1/policy?limit=5000", null, 400, "limit"));
    List<String> wrong = new ArrayList<>();
    for (Case c : cases) {
      long size = fx.ledgerSize();
      HttpResponse<String> r = c.method().equals("GET") ? fx.get(c.path(), Role.BOARD) : fx.post(c.path(), Role.BOARD, c.body());
      JsonNode p = json(r);
      if (r.statusCode() != c.status() || !r.headers().firstValue("Content-Type").orElse("").equals(Problem.CONTENT_TYPE)
          || (c.where() != null && !p.at("/errors/0/path").asText().equals(c.where())) || p.path("detail").asText().isEmpty()) {
        wrong.add(c.name() + ": " + r.statusCode() + " " + r.body());
      }
      if (fx.ledgerSize() != size) {
        wrong.add(c.name() + ": recorded something");
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void concurrentActivationsOfOneRevisionActivateItOnce() throws Exception {
    assertThat(json(activate("{\"bootstrap\": true}")).path("outcome").asText()).isEqualTo("activated");
    String v2 = stricterLimitedTier();
    for (String member : List.of("bob", "carol")) {
      assertThat(fx.post("/v1/policy/approvals", Role.BOARD, approval(v2, member, "approve")).statusCode()).isEqualTo(201);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> fs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        fs.add(pool.submit((Callable<HttpResponse<String>>) () -> activate("{}")));
      }
      List<String> outcomes = new ArrayList<>();
      for (Future<HttpResponse<String>> f : fs) {
        outcomes.add(json(f.get()).path("outcome").asText());
      }
      assertThat(outcomes).containsOnlyOnce("activated").containsOnly("activated", "refused");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aServerWhosePolicyIsADirectoryHasNothingToGovern() throws Exception {
    try (ServerFixture dir = ServerFixture.start(tmp.resolve("dir-home"))) {
      assertThat(dir.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json")).statusCode()).isEqualTo(200);
      JsonNode status = json(dir.get("/v1/policy", Role.AUDITOR));
      assertThat(status.path("governed").asBoolean()).isFalse();
      assertThat(status.at("/active/outcome").asText()).as("the implicit activation of its first decision").isEqualTo("implicit");
      assertThat(status.has("head")).isFalse();
      long size = dir.ledgerSize();
      for (HttpResponse<String> r : List.of(dir.post("/v1/policy/activate", Role.BOARD, "{\"bootstrap\": true}"),
          dir.post("/v1/policy/approvals", Role.BOARD, approval(v1, "bob", "approve")),
          dir.get("/v1/policy/impact?revision=" + v1, Role.BOARD))) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(json(r).path("detail").asText()).contains("--policy-repo");
      }
      assertThat(dir.ledgerSize()).isEqualTo(size);
    }
  }

  @Test
  void aRejectionBlocksTheActivation() throws Exception {
    assertThat(json(activate("{\"bootstrap\": true}")).path("outcome").asText()).isEqualTo("activated");
    String v2 = stricterLimitedTier();
    for (String[] a : new String[][] {{"bob", "approve"}, {"carol", "approve"}, {"alice", "reject"}}) {
      assertThat(fx.post("/v1/policy/approvals", Role.BOARD, approval(v2, a[0], a[1])).statusCode()).isEqualTo(201);
    }
    JsonNode r = json(activate("{}"));
    assertThat(r.path("outcome").asText()).isEqualTo("refused");
    assertThat(r.toString()).contains("rejected by alice@example.com");
  }
}
