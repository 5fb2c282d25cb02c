package dev.gavel.http;

import static dev.gavel.http.ServerFixture.fixture;
import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.http.auth.Endpoint;
import dev.gavel.http.auth.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every role (and no credentials, and a bad token) against every endpoint of the RBAC table, over
 * a socket: allowed cells succeed, the others are 403 (401 without valid credentials), and a
 * refused call neither evaluates nor records anything. README's table is the code's.
 */
class RbacMatrixTest {
  @TempDir
  static Path tmp;
  static ServerFixture fx;
  static String decisionId;
  static String throwaway;
  static dev.gavel.git.TestRepo repo;
  static String v1;
  static String v2;
  static String approval;
  static final String DIGEST = "90c60efec746f67664378dba4df338122261fd40b9b5ef3a1f541ec589b77b57";

  @BeforeAll
  static void start() throws Exception {
    // Governed in Git, so the governance endpoints have something to govern.
    repo = dev.gavel.git.TestRepo.init(Files.createDirectories(tmp.resolve("policy-repo")));
    v1 = repo.commit("dana@example.com", "v1", dev.gavel.testkit.ShippedPolicy.files(2));
    fx = ServerFixture.governed(tmp.resolve("home"), repo.dir(), null);
    assertThat(json(fx.post("/v1/policy/activate", Role.BOARD, "{\"bootstrap\": true}")).path("outcome").asText())
        .isEqualTo("activated");
    v2 = repo.commit("dana@example.com", "v2", java.util.Map.of("policies/extra.rego", "package extra\n\nx := 1\n"));
    approval = PolicyApiTest.approval(v2, "bob", "approve");
    throwaway = new dev.gavel.http.auth.TokenStore(fx.home.resolve("tokens.json")).create("to-revoke", Role.BOARD,
        ServerFixture.FIXTURE_TIME, null).token().id();
    decisionId = json(fx.post("/v1/decisions", Role.PIPELINE, fixture("allow-minimal-classifier.json"))).path("decisionId").asText();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
    repo.close();
  }

  /** One request per endpoint (a new endpoint without one fails {@link #everyEndpointHasACell}). */
  static Map<Endpoint, Supplier<HttpRequest.Builder>> requests() {
    Map<Endpoint, Supplier<HttpRequest.Builder>> m = new EnumMap<>(Endpoint.class);
    m.put(Endpoint.HEALTH, () -> HttpRequest.newBuilder(fx.uri("/health/live")));
    m.put(Endpoint.CHECKPOINT, () -> HttpRequest.newBuilder(fx.uri("/v1/ledger/checkpoint")));
    m.put(Endpoint.KEYS, () -> HttpRequest.newBuilder(fx.uri("/v1/keys")));
    m.put(Endpoint.CONSOLE, () -> HttpRequest.newBuilder(fx.uri("/")));
    m.put(Endpoint.WHOAMI, () -> HttpRequest.newBuilder(fx.uri("/v1/whoami")));
    m.put(Endpoint.DECIDE, () -> {
      try {
        return HttpRequest.newBuilder(fx.uri("/v1/decisions")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(fixture("allow-minimal-classifier.json")));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    m.put(Endpoint.DECISION, () -> HttpRequest.newBuilder(fx.uri("/v1/decisions/" + decisionId)));
    m.put(Endpoint.DECISIONS, () -> HttpRequest.newBuilder(fx.uri("/v1/decisions?limit=5")));
    m.put(Endpoint.ARTIFACT, () -> HttpRequest.newBuilder(fx.uri("/v1/artifacts/" + DIGEST)));
    m.put(Endpoint.REVOKE, () -> HttpRequest.newBuilder(fx.uri("/v1/revocations")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"artifact\": \"" + "ab".repeat(32) + "\", \"reason\": \"rbac cell\"}")));
    m.put(Endpoint.LEDGER_ENTRIES, () -> HttpRequest.newBuilder(fx.uri("/v1/ledger/entries?start=0&end=2")));
    m.put(Endpoint.LEDGER_PROOF, () -> HttpRequest.newBuilder(fx.uri("/v1/ledger/proof?index=0")));
    m.put(Endpoint.LEDGER_CONSISTENCY, () -> HttpRequest.newBuilder(fx.uri("/v1/ledger/consistency?from=1&to=2")));
    m.put(Endpoint.LEDGER_EXPORT, () -> HttpRequest.newBuilder(fx.uri("/v1/ledger/export?format=csv")));
    m.put(Endpoint.DATA, () -> HttpRequest.newBuilder(fx.uri("/v1/data/gavel/release/decision"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"input\":{}}")));
    m.put(Endpoint.POLICY, () -> HttpRequest.newBuilder(fx.uri("/v1/policy?limit=2")));
    m.put(Endpoint.POLICY_APPROVE, () -> HttpRequest.newBuilder(fx.uri("/v1/policy/approvals"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(approval)));
    // Asking for the active revision again is a refusal, recorded, answered 200 like any outcome.
    m.put(Endpoint.POLICY_ACTIVATE, () -> HttpRequest.newBuilder(fx.uri("/v1/policy/activate"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"revision\": \"" + v1 + "\"}")));
    m.put(Endpoint.POLICY_IMPACT, () -> HttpRequest.newBuilder(fx.uri("/v1/policy/impact?revision=" + v2 + "&limit=5")));
    m.put(Endpoint.POLICY_PENDING, () -> HttpRequest.newBuilder(fx.uri("/v1/policy/pending?limit=2")));
    m.put(Endpoint.BUNDLE, () -> HttpRequest.newBuilder(fx.uri("/bundles/gavel.tar.gz")));
    m.put(Endpoint.METRICS, () -> HttpRequest.newBuilder(fx.uri("/metrics")));
    m.put(Endpoint.TOKENS, () -> HttpRequest.newBuilder(fx.uri("/v1/tokens")));
    m.put(Endpoint.TOKEN_CREATE, () -> HttpRequest.newBuilder(fx.uri("/v1/tokens")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"made-by-admin\", \"role\": \"auditor\", \"expires\": \"1h\"}")));
    m.put(Endpoint.TOKEN_REVOKE, () -> HttpRequest.newBuilder(fx.uri("/v1/tokens/" + throwaway)).DELETE());
    return m;
  }

  @Test
  void everyEndpointHasACell() {
    assertThat(requests().keySet()).containsExactlyInAnyOrder(Endpoint.values());
  }

  @Test
  void everyRoleAgainstEveryEndpoint() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<Endpoint, Supplier<HttpRequest.Builder>> e : requests().entrySet()) {
      Endpoint ep = e.getKey();
      for (Role role : Role.values()) {
        long ledger = fx.ledgerSize();
        long evaluations = evaluations();
        HttpResponse<String> r = fx.send(e.getValue().get(), role);
        boolean allowed = ep.anonymous() || ep.roles().contains(role);
        if (allowed ? r.statusCode() / 100 != 2 : r.statusCode() != 403) {
          wrong.add(ep + " as " + role + ": " + r.statusCode() + " " + r.body());
        }
        if (!allowed) {
          // The Data API answers in OPA's error shape, the rest with RFC 9457 problems.
          String kind = ep == Endpoint.DATA ? json(r).path("code").asText() : json(r).path("type").asText();
          assertThat(kind).as(ep + " as " + role).isEqualTo(ep == Endpoint.DATA ? "unauthorized"
              : "https://gavel.dev/problems/forbidden");
          if (fx.ledgerSize() != ledger || evaluations() != evaluations) {
            wrong.add(ep + " as " + role + ": refused but evaluated or recorded something");
          }
        }
      }
      HttpResponse<String> none = fx.http.send(e.getValue().get().build(), HttpResponse.BodyHandlers.ofString());
      int expected = ep.anonymous() ? 2 : 4;
      if (none.statusCode() / 100 != expected || (!ep.anonymous() && none.statusCode() != 401)) {
        wrong.add(ep + " without credentials: " + none.statusCode());
      }
      HttpResponse<String> bad = fx.http.send(e.getValue().get().header("Authorization", "Bearer gvl_" + "A".repeat(43)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (!ep.anonymous() && (bad.statusCode() != 401 || !bad.headers().firstValue("WWW-Authenticate").orElse("")
          .contains("invalid_token"))) {
        wrong.add(ep + " with an unknown token: " + bad.statusCode());
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void readmeShowsTheSameTable() throws Exception {
    Path readme = dev.gavel.testkit.SharedFiles.repo().resolve("README.md");
    String text = Files.readString(readme).replace("\\|", "|");
    for (Endpoint ep : Endpoint.values()) {
      Matcher m = Pattern.compile("\\| `" + Pattern.quote(ep.route()) + "` \\|([^\\n]*)\\|\\s*\\n").matcher(text);
      assertThat(m.find()).as("README row for " + ep.route()).isTrue();
      String cells = m.group(1);
      String expected = ep.anonymous() ? "anonymous" : String.join(", ", ep.roles().stream().map(Role::wire).sorted().toList());
      assertThat(cells.strip()).as(ep.route()).startsWith(expected);
    }
  }

  static long evaluations() throws Exception {
    return RbacMatrixTestSupport.evaluations(fx);
  }
}
