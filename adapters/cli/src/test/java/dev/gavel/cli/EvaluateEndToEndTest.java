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
    CliRun r = CliRun.run(home, "evaluate", fixtures().resolve(file).toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    JsonNode d = JSON.readTree(r.out());
    assertThat(d.get("allow").asBoolean()).isTrue();
    assertThat(d.get("reasons")).isEmpty();
    assertThat(d.at("/ledger/index").asLong()).isZero();
    assertThat(d.at("/request/digest").asText()).matches("sha256:[0-9a-f]{64}");
    assertThat(CliRun.run(home, "ledger", "verify").exit()).isZero();
  }

  @ParameterizedTest
  @MethodSource("denied")
  void deniedRequestsExitOneWithTheExpectedReasons(String file) throws Exception {
    JsonNode expected = JSON.readTree(fixtures().resolve("expected-reasons.json").toFile()).get(file);
    assertThat(expected).as("expected-reasons.json lists " + file).isNotNull();
    CliRun r = CliRun.run(home, "evaluate", fixtures().resolve(file).toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    TreeSet<String> codes = new TreeSet<>();
    JSON.readTree(r.out()).get("reasons").forEach(x -> codes.add(x.get("code").asText()));
    TreeSet<String> want = new TreeSet<>();
    expected.forEach(x -> want.add(x.asText()));
    assertThat(codes).isEqualTo(want);
  }

  @ParameterizedTest
  @ValueSource(strings = {"unknown-field.json", "bad-digest.json", "malformed.json"})
  void badInputExitsTwoWithAPathAndAppendsNothing(String file) throws Exception {
    CliRun.run(home, "evaluate", fixtures().resolve("allow-minimal-classifier.json").toString());
    CliRun r = CliRun.run(home, "evaluate", fixtures().resolve("invalid").resolve(file).toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(file).contains("$");
    assertThat(r.out()).isEmpty();
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void errorsNameTheProblemExactly() {
    assertThat(CliRun.run(home, "evaluate", fixtures().resolve("invalid/unknown-field.json").toString()).err())
        .contains("$.approvedBy: unknown field");
    assertThat(CliRun.run(home, "evaluate", fixtures().resolve("invalid/bad-digest.json").toString()).err())
        .contains("$.model.artifacts[0].digest.sha256: must be 64 lowercase hex characters");
    assertThat(CliRun.run(home, "evaluate", "no/such/request.json").err()).contains("no/such/request.json: no such file");
  }

  @Test
  void unwritableHomeIsBadInput() throws Exception {
    Path file = home.resolve("not-a-dir");
    Files.writeString(file, "x");
    CliRun r = CliRun.run(file, "evaluate", fixtures().resolve("allow-minimal-classifier.json").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("GAVEL_HOME");
  }

  @Test
  void textOutputIsAReadableSummary() {
    CliRun r = CliRun.run(home, "evaluate", "--output", "text", fixtures().resolve("deny-unacceptable-tier.json").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).startsWith("DENIED  social-scoring-engine@0.9.0  (tier unacceptable)")
        .contains("tier.unacceptable: risk tier 'unacceptable' may never be released");
  }

  @Test
  void tamperingWithOneStoredEntryIsReportedByIndex() throws Exception {
    List<String> files = new ArrayList<>();
    allowed().forEach(files::add);
    denied().forEach(files::add);
    for (String f : files) {
      CliRun.run(home, "evaluate", fixtures().resolve(f).toString());
    }
    assertThat(CliRun.run(home, "ledger", "verify").out()).startsWith("OK: " + files.size() + " entries");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("ledger.db")); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE entries SET canonical = CAST(replace(CAST(canonical AS TEXT), '\"allow\":false', '\"allow\":true') AS BLOB) WHERE idx = 2");
    }
    CliRun r = CliRun.run(home, "ledger", "verify");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("entry 2").contains("chain.leaf_hash_mismatch");
  }

  private long count() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("ledger.db")); Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT COUNT(*) FROM entries");
      rs.next();
      return rs.getLong(1);
    }
  }
}
