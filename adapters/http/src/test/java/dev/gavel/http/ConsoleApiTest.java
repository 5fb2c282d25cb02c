package dev.gavel.http;

import static dev.gavel.http.ServerFixture.fixture;
import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.git.TestRepo;
import dev.gavel.http.auth.Endpoint;
import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import dev.gavel.testkit.SharedFiles;
import dev.gavel.testkit.ShippedPolicy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console stands on, over a socket without a browser: the static files and their
 * security headers (and nothing else under /console/), the shell's freedom from inline script and
 * style, {@code GET /v1/whoami}, the search's added filters, recomputed rule origins of recorded
 * decisions, and {@code GET /v1/policy/pending}.
 */
class ConsoleApiTest {
  static final Path CONSOLE = SharedFiles.repo().resolve("adapters/http/src/main/resources/console");
  @TempDir
  static Path tmp;
  static ServerFixture fx;
  static TestRepo repo;
  static String v2;
  static final List<JsonNode> decided = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    repo = TestRepo.init(Files.createDirectories(tmp.resolve("policy-repo")));
    repo.commit("dana@example.com", "v1", ShippedPolicy.files(2));
    fx = ServerFixture.governed(tmp.resolve("home"), repo.dir(), null);
    assertThat(json(fx.post("/v1/policy/activate", Role.BOARD, "{\"bootstrap\": true}")).path("outcome").asText()).isEqualTo("activated");
    for (String f : List.of("allow-high-credit-scorer.json", "deny-high-tier-many-problems.json", "allow-limited-chatbot.json",
        "deny-scan-stale.json", "deny-approval-insufficient.json")) {
      decided.add(json(fx.post("/v1/decisions", Role.PIPELINE, fixture(f))));
    }
    ObjectNode data = (ObjectNode) Json.read(Files.readString(repo.dir().resolve("policies/data.json")));
    ((ObjectNode) data.at("/gavel/config/tiers/limited/approvals")).put("required", 2);
    v2 = repo.commit("dana@example.com", "Limited tier: two approvals", Map.of("policies/data.json", data.toPrettyString()));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
    repo.close();
  }

  static HttpResponse<String> anonymous(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(fx.uri(path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return fx.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void strictHeaders(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleRoutes.CSP);
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
  }

  @Test
  void theShellAndItsFilesAreServedAnonymouslyWithStrictHeaders() throws Exception {
    HttpResponse<String> index = anonymous("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(index.body()).contains("<script type=\"module\" src=\"/console/js/app.js\">");
    strictHeaders(index);
    HttpResponse<String> js = anonymous("/console/js/verify.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    strictHeaders(js);
    String etag = js.headers().firstValue("ETag").orElseThrow();
    assertThat(anonymous("/console/js/verify.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  @Test
  void nothingButTheListedFilesIsServedUnderConsole() throws Exception {
    for (String path : List.of("/console/FILES", "/console/", "/console/js/", "/console/../pom.xml", "/console/%2e%2e/pom.xml",
        "/console/js/../../../../pom.xml", "/console/dev/gavel/http/ConsoleRoutes.class", "/console/index.html.bak")) {
      HttpResponse<String> r = anonymous(path);
      assertThat(r.statusCode()).as(path).isIn(400, 404);
      assertThat(r.body()).as(path).doesNotContain("<project").doesNotContain("CAFEBABE");
    }
    strictHeaders(anonymous("/console/nope.js"));
  }

  @Test
  void theFileListAndTheDirectoryAgree() throws Exception {
    Set<String> onDisk = new TreeSet<>();
    try (Stream<Path> files = Files.walk(CONSOLE)) {
      files.filter(Files::isRegularFile).map(p -> CONSOLE.relativize(p).toString().replace('\\', '/'))
          .filter(n -> !n.equals("FILES")).forEach(onDisk::add);
    }
    assertThat(new TreeSet<>(ConsoleRoutes.load().names())).isEqualTo(onDisk);
  }

  /** What the CSP forbids must not be needed: no inline script or style, no markup from strings, no eval. */
  @Test
  void theConsoleUsesNoInlineScriptOrStyleAndBuildsNoMarkupFromStrings() throws Exception {
    String index = Files.readString(CONSOLE.resolve("index.html"));
    assertThat(index).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain("<style").doesNotContainPattern("\\sstyle=")
        .doesNotContainPattern("\\son[a-z]+=");
    try (Stream<Path> files = Files.walk(CONSOLE.resolve("js"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".js")).toList()) {
        // The SVG namespace is a name, not an origin anything is loaded from.
        String js = Files.readString(p).replace("'http://www.w3.org/2000/svg'", "SVG_NS");
        assertThat(js).as(p.toString()).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
            "new Function", "setAttribute('style'", "localStorage.setItem", "http://", "https://");
      }
    }
  }

  @Test
  void whoamiSaysWhoTheTokenIsAndWhichEndpointsItMayCall() throws Exception {
    for (Role role : Role.values()) {
      JsonNode me = json(fx.get("/v1/whoami", role));
      assertThat(me.path("kind").asText()).isEqualTo("token");
      assertThat(me.path("roles").get(0).asText()).isEqualTo(role.wire());
      List<String> may = new ArrayList<>();
      me.path("endpoints").forEach(e -> may.add(e.asText()));
      List<String> expected = new ArrayList<>();
      for (Endpoint e : Endpoint.values()) {
        if (!e.anonymous() && e.roles().contains(role)) {
          expected.add(e.name());
        }
      }
      assertThat(may).as(role.wire()).containsExactlyElementsOf(expected);
    }
    assertThat(json(fx.get("/v1/whoami", Role.AUDITOR)).path("endpoints").toString()).doesNotContain("POLICY_APPROVE");
    assertThat(anonymous("/v1/whoami").statusCode()).isEqualTo(401);
  }

  static List<String> ids(String query) throws Exception {
    HttpResponse<String> r = fx.get("/v1/decisions" + query, Role.AUDITOR);
    assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    json(r).path("decisions").forEach(d -> out.add(d.path("decisionId").asText()));
    return out;
  }

  static List<String> expected(java.util.function.Predicate<JsonNode> p) {
    List<String> out = new ArrayList<>();
    for (int i = decided.size() - 1; i >= 0; i--) {
      if (p.test(decided.get(i))) {
        out.add(decided.get(i).path("decisionId").asText());
      }
    }
    return out;
  }

  @Test
  void decisionsAreSearchedByTierReasonVersionAndRequester() throws Exception {
    assertThat(ids("?tier=high")).isNotEmpty().containsExactlyElementsOf(expected(d -> d.at("/request/riskTier").asText().equals("high")));
    assertThat(ids("?outcome=deny&tier=high")).containsExactlyElementsOf(expected(d -> !d.path("allow").asBoolean()
        && d.at("/request/riskTier").asText().equals("high")));
    assertThat(ids("?reason=scan.stale")).hasSize(2).containsExactlyElementsOf(expected(d -> d.path("reasons").toString()
        .contains("\"scan.stale\"")));
    assertThat(ids("?version=7.0.1&requester=ci/release-pipeline")).containsExactlyElementsOf(expected(d ->
        d.at("/request/version").asText().equals("7.0.1")));
    assertThat(ids("?requester=someone-else")).isEmpty();
    assertThat(ids("?tier=high&limit=1")).hasSize(1);
    JsonNode page = json(fx.get("/v1/decisions?limit=1", Role.AUDITOR)).path("decisions").get(0);
    assertThat(page.at("/request/requester").asText()).isEqualTo(ServerFixture.PIPELINE);
    assertThat(page.at("/request/environment").asText()).isNotEmpty();
    HttpResponse<String> bad = fx.get("/v1/decisions?risk=high", Role.AUDITOR);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("risk", "tier", "reason", "requester", "version");
  }

  @Test
  void aRecordedDecisionsReasonsGetTheRulesBehindThemRecomputed() throws Exception {
    JsonNode denied = decided.get(1);
    JsonNode plain = json(fx.get("/v1/decisions/" + denied.path("decisionId").asText(), Role.AUDITOR));
    assertThat(plain.path("reasons").get(0).has("origins")).isFalse();
    assertThat(plain.has("explanation")).isFalse();
    JsonNode explained = json(fx.get("/v1/decisions/" + denied.path("decisionId").asText() + "?explain=true", Role.BOARD));
    assertThat(explained.at("/explanation/recomputed").asBoolean()).as(explained.path("explanation").toString()).isTrue();
    assertThat(explained.path("reasons").size()).isEqualTo(denied.path("reasons").size());
    for (JsonNode r : explained.path("reasons")) {
      assertThat(r.path("origins").size()).as(r.toString()).isPositive();
      r.path("origins").forEach(o -> assertThat(o.asText()).matches("policies/release/[a-z_]+\\.rego:\\d+ \\(data\\.gavel\\.release\\.deny\\)"));
    }
    assertThat(explained.path("evidence").isObject()).isTrue();
  }

  @Test
  void pendingRevisionsShowTheirTestsAndTheApprovalsSoFar() throws Exception {
    JsonNode before = json(fx.get("/v1/policy/pending", Role.AUDITOR));
    assertThat(before.path("revisions").size()).isEqualTo(1);
    JsonNode r = before.path("revisions").get(0);
    assertThat(r.at("/commit/id").asText()).isEqualTo(v2);
    assertThat(r.at("/compiles/passed").asBoolean()).isTrue();
    assertThat(r.at("/tests/allPassed").asBoolean()).isTrue();
    assertThat(r.at("/tests/passed").asInt()).isPositive();
    assertThat(r.path("approvals").size()).isZero();
    assertThat(r.at("/approvalGate/passes").asBoolean()).isFalse();
    assertThat(r.at("/approvalGate/detail").asText()).isEqualTo("0 of 2 required valid approvals by distinct members of the active board");
    assertThat(fx.post("/v1/policy/approvals", Role.BOARD, PolicyApiTest.approval(v2, "bob", "approve")).statusCode()).isEqualTo(201);
    assertThat(fx.post("/v1/policy/approvals", Role.BOARD, PolicyApiTest.approval(v2, "carol", "approve")).statusCode()).isEqualTo(201);
    long size = fx.ledgerSize();
    JsonNode after = json(fx.get("/v1/policy/pending", Role.BOARD)).path("revisions").get(0);
    assertThat(fx.ledgerSize()).as("reading pending records nothing").isEqualTo(size);
    assertThat(after.path("approvals").size()).isEqualTo(2);
    assertThat(after.at("/approvalGate/approvedBy").toString()).contains("bob@example.com", "carol@example.com");
    assertThat(after.at("/approvalGate/passes").asBoolean()).isTrue();
    assertThat(after.path("approvals").get(0).has("envelope")).isFalse();
    assertThat(fx.get("/v1/policy/pending?limit=0", Role.BOARD).statusCode()).isEqualTo(400);
    assertThat(fx.get("/v1/policy/pending?since=x", Role.BOARD).statusCode()).isEqualTo(400);
  }

  @Test
  void pendingIsRefusedOnAServerWhosePolicyIsNotGoverned() throws Exception {
    try (ServerFixture plain = ServerFixture.start(tmp.resolve("plain"))) {
      HttpResponse<String> r = plain.get("/v1/policy/pending", Role.AUDITOR);
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(r.body()).contains("not a Git repository");
    }
  }
}
