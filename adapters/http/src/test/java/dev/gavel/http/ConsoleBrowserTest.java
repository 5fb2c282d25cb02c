package dev.gavel.http;

import static dev.gavel.http.ServerFixture.fixture;
import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.git.TestRepo;
import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import dev.gavel.testkit.SharedFiles;
import dev.gavel.testkit.ShippedPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real headless Chromium (Debian's, driven by Playwright from Node.js)
 * against a real governed {@code gavel serve} on loopback with a real SQLite ledger: decisions
 * recorded in November and December 2026, a pending revision. The browser's clock reads
 * 2027-01-10, so "last month" is December. Each scenario is one browser run
 * (src/test/browser/console-check.mjs) whose observations the tests below check; screenshots go
 * to target/console-screenshots. The altered-ledger test runs last: it damages the ledger.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  static final Instant NOVEMBER = Instant.parse("2026-11-30T13:00:00Z");
  static final Instant DECEMBER = Instant.parse("2026-12-01T12:00:00Z");
  static final Path SHOTS = SharedFiles.repo().resolve("adapters/http/target/console-screenshots");
  @TempDir
  static Path tmp;
  static ServerFixture fx;
  static TestRepo repo;
  static String v2;
  static final AtomicReference<Instant> clock = new AtomicReference<>(NOVEMBER);
  static final List<JsonNode> november = new ArrayList<>();
  static final List<JsonNode> december = new ArrayList<>();
  static JsonNode auditor;
  static Throwable auditorFailure;
  static final Map<String, String> pipelines = new java.util.HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(BrowserTools.nodeMissing().isEmpty(), BrowserTools.nodeMissing().orElse(""));
    String missing = BrowserTools.chromiumMissing();
    assumeTrue(missing == null, missing);
    BrowserTools.npmPackages();
    Files.createDirectories(SHOTS);
    repo = TestRepo.init(Files.createDirectories(tmp.resolve("policy-repo")));
    repo.commit("dana@example.com", "Release policy v1", ShippedPolicy.files(2));
    fx = ServerFixture.governedAt(tmp.resolve("home"), repo.dir(), clock::get);
    assertThat(json(fx.post("/v1/policy/activate", Role.BOARD, "{\"bootstrap\": true}")).path("outcome").asText())
        .isEqualTo("activated");
    for (String f : List.of("allow-high-credit-scorer.json", "deny-high-tier-many-problems.json", "deny-scan-critical-findings.json")) {
      november.add(decide(f));
    }
    clock.set(DECEMBER);
    try (Stream<Path> files = Files.list(SharedFiles.repo().resolve("test-fixtures/requests"))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().startsWith("expected"))
          .sorted().toList()) {
        december.add(decide(p.getFileName().toString()));
      }
    }
    ObjectNode data = (ObjectNode) Json.read(Files.readString(repo.dir().resolve("policies/data.json")));
    ((ObjectNode) data.at("/gavel/config/tiers/limited/approvals")).put("required", 2);
    v2 = repo.commit("dana@example.com", "Limited tier: two approvals", Map.of("policies/data.json", data.toPrettyString()));
  }

  /** Asks for a decision as the pipeline the request names (a token of its own), a minute after the previous one. */
  static JsonNode decide(String fixtureName) throws Exception {
    clock.set(clock.get().plusSeconds(60));
    String body = fixture(fixtureName);
    String requester = Json.read(body).at("/requester/id").asText();
    String token = requester.equals(ServerFixture.PIPELINE) ? fx.tokens.get(Role.PIPELINE) : pipelines.get(requester);
    if (token == null) {
      token = new dev.gavel.http.auth.TokenStore(fx.home.resolve("tokens.json")).create(requester, Role.PIPELINE,
          ServerFixture.FIXTURE_TIME.minusSeconds(60), null).secret();
      pipelines.put(requester, token);
    }
    var r = fx.http.send(java.net.http.HttpRequest.newBuilder(fx.uri("/v1/decisions")).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(fixtureName + ": " + r.body()).isEqualTo(200);
    return json(r);
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) {
      fx.close();
    }
    if (repo != null) {
      repo.close();
    }
  }

  static JsonNode run(String scenario, Map<String, Object> extra) throws Exception {
    ObjectNode cfg = JsonNodeFactory.instance.objectNode();
    cfg.put("scenario", scenario);
    cfg.put("baseUrl", fx.uri("").toString());
    cfg.put("chromium", BrowserTools.chromium());
    cfg.put("userDataDir", Files.createTempDirectory(tmp, "chromium-profile").toString());
    Path shots = Files.createDirectories(tmp.resolve("shots-" + scenario));
    cfg.put("screenshots", shots.toString());
    cfg.put("clock", "2027-01-10T09:00:00Z");
    ObjectNode tokens = cfg.putObject("tokens");
    fx.tokens.forEach((role, token) -> tokens.put(role.wire(), token));
    extra.forEach((k, v) -> cfg.set(k, Json.MAPPER.valueToTree(v)));
    Path file = tmp.resolve(scenario + ".json");
    Files.writeString(file, cfg.toString());
    JsonNode out = BrowserTools.runJson(List.of("node", "console-check.mjs", file.toString()), 600);
    try (Stream<Path> pngs = Files.list(shots)) {
      for (Path p : pngs.toList()) {
        Files.copy(p, SHOTS.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    assertThat(out.path("error").isMissingNode()).as("the browser run failed: " + out.path("error").asText()).isTrue();
    return out;
  }

  /** The auditor's run, made once for the tests that check it (a failed run fails them all at once, without rerunning). */
  static synchronized JsonNode auditorRun() throws Exception {
    if (auditor == null && auditorFailure == null) {
      try {
        auditor = run("auditor", Map.of("month", Map.of("since", "2026-12-01", "until", "2026-12-31")));
      } catch (AssertionError | Exception e) {
        auditorFailure = e;
      }
    }
    if (auditorFailure != null) {
      throw new AssertionError("the auditor's browser run failed", auditorFailure);
    }
    return auditor;
  }

  static List<String> ids(List<JsonNode> ds, java.util.function.Predicate<JsonNode> p) {
    List<String> out = new ArrayList<>();
    for (JsonNode d : ds) {
      if (p.test(d)) {
        out.add(d.path("decisionId").asText());
      }
    }
    return out;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
    return out;
  }

  @Test
  @Order(1)
  void consoleAnswersCarryAStrictContentSecurityPolicyAndNoViolationHappens() throws Exception {
    JsonNode h = auditorRun().path("headers");
    assertThat(h.path("content-security-policy").asText()).isEqualTo(ConsoleRoutes.CSP)
        .contains("default-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "http");
    assertThat(h.path("x-content-type-options").asText()).isEqualTo("nosniff");
    assertThat(h.path("referrer-policy").asText()).isEqualTo("no-referrer");
    assertThat(texts(auditorRun().path("cspViolations"))).isEmpty();
    assertThat(texts(auditorRun().path("pageErrors"))).isEmpty();
  }

  @Test
  @Order(2)
  void signingInWithAnAuditorTokenShowsTheAuditorsViews() throws Exception {
    assertThat(auditorRun().path("roles").asText()).isEqualTo("auditor");
    assertThat(texts(auditorRun().path("nav"))).containsExactly("Decisions", "Artifacts", "Ledger", "Policy");
    assertThat(auditorRun().path("allRows").asInt()).isEqualTo(november.size() + december.size());
  }

  @Test
  @Order(3)
  void lastMonthsDeniedHighTierReleasesAreFoundNewestFirst() throws Exception {
    JsonNode a = auditorRun();
    List<String> expected = ids(december, d -> !d.path("allow").asBoolean() && d.at("/request/riskTier").asText().equals("high"));
    java.util.Collections.reverse(expected);
    assertThat(expected).hasSizeGreaterThan(1);
    assertThat(texts(a.path("filteredIds"))).containsExactlyElementsOf(expected);
    assertThat(a.path("filterHash").asText()).contains("outcome=deny", "tier=high", "since=2026-12-01", "until=2026-12-31");
    for (JsonNode row : a.path("filteredRows")) {
      assertThat(row.get(1).asText()).contains("denied");
      assertThat(row.get(3).asText()).isEqualTo("high");
    }
    assertThat(texts(a.path("chartReasons"))).contains("approval.insufficient");
  }

  @Test
  @Order(4)
  void anOpenedDecisionsInclusionProofVerifiesInThePageWithItsRulesFileAndLine() throws Exception {
    JsonNode a = auditorRun();
    assertThat(a.path("decisionVerdict").asText()).startsWith("\u2714 Verified in this browser");
    assertThat(texts(a.path("proofSteps"))).hasSize(5).allMatch(s -> s.startsWith("\u2714 passed"));
    assertThat(texts(a.path("reasonOrigins"))).isNotEmpty().allMatch(o -> o.matches("policies/.+\\.rego:\\d+ \\(data\\..+\\)"));
  }

  @Test
  @Order(5)
  void theMonthExportsAsCsvDownloads() throws Exception {
    JsonNode a = auditorRun();
    String month = a.path("monthCsv").asText();
    assertThat(a.path("monthCsvName").asText()).isEqualTo("gavel-ledger-2026-12-01-to-2026-12-31.csv");
    for (String id : ids(december, d -> true)) {
      assertThat(month).contains(id);
    }
    for (String id : ids(november, d -> true)) {
      assertThat(month).doesNotContain(id);
    }
    String denied = a.path("csv").asText();
    assertThat(a.path("csvName").asText()).isEqualTo("gavel-decisions-2026-12-01-to-2026-12-31.csv");
    for (String id : ids(december, d -> !d.path("allow").asBoolean())) {
      assertThat(denied).contains(id);
    }
    for (String id : ids(december, d -> d.path("allow").asBoolean())) {
      assertThat(denied).doesNotContain(id);
    }
  }

  @Test
  @Order(6)
  void theWholeLedgerVerifiesInThePageWithAProgressBar() throws Exception {
    JsonNode a = auditorRun();
    long size = fx.ledgerSize();
    assertThat(a.path("auditVerdict").asText()).startsWith("\u2714 Verified in this browser: " + a.path("treeSize").asText() + " entries");
    assertThat(a.at("/progress/value").asLong()).isEqualTo(a.at("/progress/max").asLong()).isEqualTo(Long.parseLong(a.path("treeSize").asText()));
    assertThat(Long.parseLong(a.path("treeSize").asText())).isLessThanOrEqualTo(size).isGreaterThan(december.size());
    assertThat(a.path("checkpointAge").asText()).contains("its last entry");
  }

  @Test
  @Order(7)
  void anAuditorSeesNoBoardActions() throws Exception {
    JsonNode a = auditorRun();
    assertThat(a.path("boardActions").asInt()).isZero();
    assertThat(texts(a.path("pendingCommits"))).containsExactly(v2);
    assertThat(a.path("noBoard").asText()).contains("board actions");
  }

  @Test
  @Order(8)
  void theTokenStaysInTheTabsSessionStorageAndNeverInAUrl() throws Exception {
    JsonNode a = auditorRun();
    assertThat(a.path("url").asText()).doesNotContain(fx.tokens.get(Role.AUDITOR)).doesNotContain("gvl_");
    assertThat(texts(a.at("/storage/session"))).containsExactly("gavel.token");
    assertThat(texts(a.at("/storage/local"))).isEmpty();
    assertThat(texts(a.path("afterSignOut"))).isEmpty();
    assertThat(fx.accessLog.toString(StandardCharsets.UTF_8)).doesNotContain(fx.tokens.get(Role.AUDITOR));
  }

  @Test
  @Order(9)
  void everyViewHasNoSeriousOrCriticalAccessibilityViolation() throws Exception {
    JsonNode axe = auditorRun().path("axe");
    assertThat(axe.size()).isEqualTo(5);
    Iterator<Map.Entry<String, JsonNode>> views = axe.fields();
    while (views.hasNext()) {
      Map.Entry<String, JsonNode> v = views.next();
      assertThat(texts(v.getValue())).as("axe-core on the " + v.getKey() + " view").isEmpty();
    }
  }

  @Test
  @Order(10)
  void newDecisionsAppearInTheOpenTableWithoutReloading() throws Exception {
    JsonNode out = run("live", Map.of("requestFile", SharedFiles.repo().resolve("test-fixtures/requests/allow-minimal-classifier.json")
        .toString()));
    assertThat(out.path("firstRow").asText()).isEqualTo(out.path("posted").asText());
    assertThat(out.path("live").asText()).contains("1 new decision");
  }

  @Test
  @Order(11)
  void aBoardMembersApprovalSubmittedThroughThePageLandsInTheLedger() throws Exception {
    Path approval = tmp.resolve("bob-approves.json");
    Files.writeString(approval, PolicyApiTest.approval(v2, "bob", "approve"));
    long before = fx.ledgerSize();
    JsonNode out = run("board", Map.of("commit", v2, "approvalFile", approval.toString()));
    assertThat(out.path("boardActions").asInt()).isEqualTo(1);
    assertThat(out.path("impactSummary").asText()).contains("would change");
    assertThat(texts(out.path("impactDiff"))).anyMatch(s -> s.contains("allow \u2192 deny") && s.contains("approval.insufficient"));
    assertThat(out.path("approvalStatus").asText()).startsWith("Recorded the approve of " + v2.substring(0, 12) + " by bob@example.com");
    assertThat(texts(out.path("approvalsShown"))).anyMatch(s -> s.contains("bob@example.com"));
    assertThat(texts(out.path("axe").path("policy-board"))).isEmpty();
    JsonNode entry = Json.read(fx.gavel.ledger().entry(fx.ledgerSize() - 1).orElseThrow().canonical());
    assertThat(fx.ledgerSize()).isEqualTo(before + 1);
    assertThat(entry.path("type").asText()).isEqualTo("policy-approval");
    assertThat(entry.at("/payload/commit").asText()).isEqualTo(v2);
    assertThat(entry.at("/payload/approver").asText()).isEqualTo("bob@example.com");
    assertThat(entry.at("/payload/submittedBy").asText()).startsWith("test-board");
  }

  @Test
  @Order(12)
  void aRiskOfficerRevokesAReleasedArtifactThroughThePageAndItsStatusTurnsRevoked() throws Exception {
    JsonNode released = december.stream().filter(d -> d.path("allow").asBoolean()).findFirst().orElseThrow();
    JsonNode request = Json.read(fixtureFor(released));
    String digest = request.at("/model/artifacts/0/digest/sha256").asText();
    assertThat(digest).hasSize(64);
    long before = fx.ledgerSize();
    JsonNode out = run("risk", Map.of("digest", digest, "reason", "weights exfiltrated (INC-2041)"));
    assertThat(out.path("home").asText()).isEqualTo("#/artifacts");
    assertThat(texts(out.path("nav"))).containsExactly("Artifacts", "Ledger");
    assertThat(out.path("before").asText()).contains("released");
    assertThat(texts(out.path("decisionRows"))).anyMatch(r -> r.contains("allowed"));
    assertThat(out.path("after").asText()).contains("revoked");
    assertThat(out.at("/revocationRows/0/2").asText()).isEqualTo("weights exfiltrated (INC-2041)");
    assertThat(out.at("/revocationRows/0/1").asText()).isEqualTo("test-risk-officer");
    assertThat(out.path("blankReason").asText()).startsWith("Not revoked");
    assertThat(texts(out.at("/axe/artifacts"))).isEmpty();
    assertThat(texts(out.at("/axe/artifacts-revoked"))).isEmpty();
    assertThat(fx.ledgerSize()).isEqualTo(before + 1);
    JsonNode entry = Json.read(fx.gavel.ledger().entry(before).orElseThrow().canonical());
    assertThat(entry.path("type").asText()).isEqualTo("revocation");
    assertThat(entry.at("/payload/artifacts/0").asText()).contains(digest);
    JsonNode status = json(fx.get("/v1/artifacts/" + digest, Role.PIPELINE));
    assertThat(status.path("status").asText()).isEqualTo("revoked");
  }

  /** The fixture a recorded decision was asked with (the December decisions follow the sorted fixture files). */
  static String fixtureFor(JsonNode decision) throws Exception {
    int i = december.indexOf(decision);
    try (Stream<Path> files = Files.list(SharedFiles.repo().resolve("test-fixtures/requests"))) {
      List<Path> all = files.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().startsWith("expected"))
          .sorted().toList();
      return Files.readString(all.get(i));
    }
  }

  @Test
  @Order(99)
  void anAlteredLedgerRowFailsVerificationInThePage() throws Exception {
    JsonNode victim = december.stream().filter(d -> !d.path("allow").asBoolean()).findFirst().orElseThrow();
    long index = victim.at("/ledger/index").asLong();
    String message = victim.at("/reasons/0/message").asText();
    // One character of a reason's message, in the stored bytes only: index columns and hashes untouched.
    String altered = message.replaceFirst("[0-9]", message.matches("(?s).*[0-9].*") ? "9" : "x");
    if (altered.equals(message)) {
      altered = "X" + message.substring(1);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fx.home.resolve("ledger.db"))) {
      byte[] bytes;
      try (PreparedStatement p = c.prepareStatement("SELECT canonical FROM entries WHERE idx = ?")) {
        p.setLong(1, index);
        try (ResultSet rs = p.executeQuery()) {
          assertThat(rs.next()).isTrue();
          bytes = rs.getBytes(1);
        }
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      String json = Json.MAPPER.writeValueAsString(message);
      String jsonAltered = Json.MAPPER.writeValueAsString(altered);
      assertThat(text).contains(json);
      byte[] changed = text.replace(json, jsonAltered).getBytes(StandardCharsets.UTF_8);
      assertThat(changed).hasSameSizeAs(bytes).isNotEqualTo(bytes);
      try (PreparedStatement p = c.prepareStatement("UPDATE entries SET canonical = ? WHERE idx = ?")) {
        p.setBytes(1, changed);
        p.setLong(2, index);
        assertThat(p.executeUpdate()).isEqualTo(1);
      }
    }
    JsonNode out = run("tampered", Map.of("decisionId", victim.path("decisionId").asText()));
    assertThat(out.path("decisionVerdict").asText()).startsWith("\u2716 NOT verified");
    assertThat(texts(out.path("proofSteps"))).anyMatch(s -> s.contains("FAILED") && s.contains("changed after it was recorded"));
    assertThat(out.path("auditVerdict").asText()).startsWith("\u2716 NOT verified").contains("entry " + index);
  }
}
