package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The foundation slice through the CLI's main, on the committed fixtures and policy. */
class EvaluateEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path home;

  static Path fixtures() {
    return CliRun.repo().resolve("test-fixtures/requests");
  }

  static Stream<String> allowed() throws IOException {
    try (Stream<Path> s = Files.list(fixtures())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("allow-")).sorted().toList().stream();
    }
  }

  static Stream<String> denied() throws IOException {
    try (Stream<Path> s = Files.list(fixtures())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("deny-")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("allowed")
  void allowedRequestsExitZeroAndAreRecorded(String file) throws Exception {
    CliRun r = CliRun.evaluate(home, file);
    assertThat(r.exit()).as(r.err() + r.out()).isEqualTo(0);
    JsonNode d = JSON.readTree(r.out());
    assertThat(d.get("allow").asBoolean()).isTrue();
    assertThat(d.get("reasons")).isEmpty();
    assertThat(d.at("/ledger/index").asLong()).as("entry 0 is the policy activation").isEqualTo(1);
    assertThat(d.at("/request/digest").asText()).matches("sha256:[0-9a-f]{64}");
    assertThat(CliRun.run(home, "ledger", "verify").exit()).isZero();
  }

  @ParameterizedTest
  @MethodSource("denied")
  void deniedRequestsExitOneWithTheExpectedReasons(String file) throws Exception {
    JsonNode expected = JSON.readTree(fixtures().resolve("expected-reasons.json").toFile()).get(file);
    assertThat(expected).as("expected-reasons.json lists " + file).isNotNull();
    CliRun r = CliRun.evaluate(home, file);
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    TreeSet<String> codes = new TreeSet<>();
    JSON.readTree(r.out()).get("reasons").forEach(x -> codes.add(x.get("code").asText()));
    TreeSet<String> want = new TreeSet<>();
    expected.forEach(x -> want.add(x.asText()));
    assertThat(codes).isEqualTo(want);
  }

  static Stream<String> invalid() throws IOException {
    try (Stream<Path> s = Files.list(fixtures().resolve("invalid"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void badInputExitsTwoWithAPathAndAppendsNothing(String file) throws Exception {
    CliRun.evaluate(home, "allow-minimal-classifier.json");
    CliRun r = CliRun.evaluate(home, "invalid/" + file);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(file).contains("$");
    assertThat(r.out()).isEmpty();
    assertThat(count()).as("the policy activation and one decision").isEqualTo(2);
  }

  @Test
  void thePolicySourceIsRecordedWithoutAMachineLocalPath() throws Exception {
    CliRun r = CliRun.evaluate(home, "allow-minimal-classifier.json");
    JsonNode d = JSON.readTree(r.out());
    assertThat(d.at("/policy/source").asText()).isEqualTo("policies,data:trust.json");
    String activation = CliRun.run(home, "ledger", "export").out().lines().findFirst().orElseThrow();
    assertThat(activation).doesNotContain(CliRun.repo().toString()).contains("\"path\":\"policies/release/approvals.rego\"");
  }

  @Test
  void errorsNameTheProblemExactly() {
    assertThat(CliRun.run(home, "evaluate", fixtures().resolve("invalid/unknown-field.json").toString()).err())
        .contains("$.approvedBy: unknown field");
    assertThat(CliRun.run(home, "evaluate", fixtures().resolve("invalid/bad-digest.json").toString()).err())
        .contains("$.model.artifacts[0].digest.sha256: must be 64 lowercase hex characters");
    assertThat(CliRun.run(home, "evaluate", "no/such/request.json").err()).contains("no/such/request.json: no such file");
    assertThat(CliRun.evaluate(home, "invalid/sarif-wrong-version.json").err())
        .contains("$.scans[0].report.version: SARIF version must be 2.1.0 but got '2.0.0'");
    assertThat(CliRun.evaluate(home, "invalid/envelope-not-base64.json").err())
        .contains("$.signatures[0].envelope.payload: is not valid base64");
    assertThat(CliRun.run(home, "evaluate", "--at", "tomorrow", fixtures().resolve("allow-minimal-classifier.json").toString()).err())
        .contains("'--at': must be an RFC 3339 date-time");
  }

  @Test
  void withoutTheDemoTrustRootsNothingIsTrustedAndTheReleaseIsDenied() throws Exception {
    CliRun r = CliRun.run(home, "evaluate", "--at", CliRun.FIXTURE_TIME, fixtures().resolve("allow-minimal-classifier.json").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(JSON.readTree(r.out()).at("/reasons/0/code").asText()).isEqualTo("signature.untrusted");
  }

  @Test
  void evidenceGoesStaleAsTimePasses() throws Exception {
    CliRun r = CliRun.run(home, "evaluate", "--at", "2026-12-20T00:00:00Z", "--data",
        CliRun.repo().resolve("test-fixtures/trust.json").toString(), fixtures().resolve("allow-minimal-classifier.json").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(JSON.readTree(r.out()).at("/reasons/0/code").asText()).isEqualTo("scan.stale");
    assertThat(JSON.readTree(r.out()).get("evaluatedAt").asText()).isEqualTo("2026-12-20T00:00:00Z");
  }

  @Test
  void dataOverlaysChangeThresholdsAndTheRecordedRevision(@TempDir Path tmp) throws Exception {
    Path strict = tmp.resolve("strict.json");
    Files.writeString(strict, "{\"gavel\": {\"config\": {\"tiers\": {\"limited\": {\"maxFindings\": {\"high\": 0}}}}}}");
    CliRun loose = CliRun.evaluate(home, "allow-limited-chatbot.json");
    CliRun tight = CliRun.evaluate(home, "allow-limited-chatbot.json", "--data", strict.toString());
    assertThat(loose.exit()).isZero();
    assertThat(tight.exit()).isEqualTo(1);
    assertThat(JSON.readTree(tight.out()).at("/reasons/0/code").asText()).isEqualTo("scan.high_findings");
    assertThat(JSON.readTree(tight.out()).at("/policy/revision").asText())
        .isNotEqualTo(JSON.readTree(loose.out()).at("/policy/revision").asText());
    Path broken = tmp.resolve("broken.json");
    Files.writeString(broken, "{\"gavel\": {\"board\": {\"members\": [{\"id\": \"x\", \"roles\": [], \"publicKey\": \"nope\"}]}}}");
    CliRun bad = CliRun.evaluate(home, "allow-limited-chatbot.json", "--data", broken.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("data.gavel.board.members[0].publicKey: malformed PEM");
  }

  @Test
  void explainNamesTheRuleBehindEachReason() throws Exception {
    CliRun r = CliRun.evaluate(home, "deny-high-tier-many-problems.json", "--explain");
    JsonNode reasons = JSON.readTree(r.out()).get("reasons");
    assertThat(reasons).isNotEmpty();
    for (JsonNode reason : reasons) {
      assertThat(reason.get("origins")).as(reason.toString()).isNotEmpty();
      assertThat(reason.at("/origins/0").asText()).matches(".*policies/release/[a-z]+\\.rego:\\d+ \\(data\\.gavel\\.release\\.deny\\)");
    }
    CliRun text = CliRun.evaluate(home, "deny-rollout-canary-required.json", "--explain", "--output", "text");
    assertThat(text.out()).contains("rollout.canary_required").containsPattern("from .*policies/release/rollout.rego:4 ");
  }

  @Test
  void unwritableHomeIsBadInput() throws Exception {
    Path file = home.resolve("not-a-dir");
    Files.writeString(file, "x");
    CliRun r = CliRun.evaluate(file, "allow-minimal-classifier.json");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("GAVEL_HOME");
  }

  @Test
  void textOutputIsAReadableSummary() {
    CliRun r = CliRun.evaluate(home, "deny-unacceptable-tier.json", "--output", "text");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).startsWith("DENIED  social-scoring-engine@0.9.0  (tier unacceptable)")
        .contains("tier.unacceptable: risk tier 'unacceptable' may never be released");
    CliRun ok = CliRun.evaluate(home, "allow-high-credit-scorer.json", "--output", "text");
    assertThat(ok.out()).startsWith("ALLOWED  credit-risk-scorer@7.0.1  (tier high)")
        .contains("signatures  trusted (release-signer), covers 2/2 artifacts")
        .contains("dependency-vulnerabilities by trivy (1d old): 0 critical, 0 high, 1 medium, 1 waived")
        .contains("approve by alice@example.com (risk-officer, signed)");
  }

  @Test
  void tamperingWithOneStoredEntryIsReportedByIndex() throws Exception {
    List<String> files = new ArrayList<>();
    allowed().forEach(files::add);
    denied().forEach(files::add);
    long firstDenial = -1;
    for (String f : files) {
      CliRun d = CliRun.evaluate(home, f);
      if (d.exit() == 1 && firstDenial < 0) {
        firstDenial = JSON.readTree(d.out()).at("/ledger/index").asLong();
      }
    }
    assertThat(CliRun.run(home, "ledger", "verify").out()).startsWith("OK: " + (files.size() + 1) + " entries");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("ledger.db")); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE entries SET canonical = CAST(replace(CAST(canonical AS TEXT), '\"allow\":false', '\"allow\":true') AS BLOB)"
          + " WHERE idx = " + firstDenial);
    }
    CliRun r = CliRun.run(home, "ledger", "verify");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("entry " + firstDenial + ":").contains("chain.leaf_hash_mismatch");
  }

  private long count() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("ledger.db")); Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT COUNT(*) FROM entries");
      rs.next();
      return rs.getLong(1);
    }
  }
}
