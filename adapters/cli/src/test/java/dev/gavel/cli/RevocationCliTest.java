package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.http.GavelServer;
import dev.gavel.http.ServerParts;
import dev.gavel.http.ServerSettings;
import dev.gavel.json.Json;
import dev.gavel.runtime.Gavel;
import dev.gavel.runtime.GavelConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gavel revoke} and {@code gavel artifact status} through the CLI: the exit codes a deployer's
 * admission check reads (0 released, 1 revoked, 2 error, 4 unknown), the next release denied,
 * the audit (in place and offline) accepting the signed revocation, and both commands against a
 * running server with tokens.
 */
class RevocationCliTest {
  @TempDir
  Path tmp;

  static String digest(String fixture, int i) throws Exception {
    return Json.read(Files.readString(CliRun.request(fixture))).at("/model/artifacts/" + i + "/digest/sha256").asText();
  }

  @Test
  void aRevokedArtifactFailsTheDeployersCheckAndIsNotReleasedAgain() throws Exception {
    Path home = tmp.resolve("home");
    String model = digest("allow-minimal-classifier.json", 0);
    assertThat(CliRun.run(home, "artifact", "status", model).exit()).as("no ledger yet is an error").isEqualTo(2);
    assertThat(CliRun.evaluate(home, "allow-minimal-classifier.json").exit()).isZero();

    CliRun released = CliRun.run(home, "artifact", "status", model);
    assertThat(released.exit()).isZero();
    assertThat(released.out()).startsWith("RELEASED  sha256:" + model).contains("allowed").contains("support-ticket-classifier@2.3.0");
    assertThat(CliRun.run(home, "artifact", "status", "sha256:" + "e".repeat(64)).exit()).isEqualTo(ArtifactCommand.UNKNOWN);

    CliRun revoke = CliRun.run(home, "revoke", "--artifact", model, "--reason", "poisoned training data (INC-4711)", "--by",
        "risk@example.com");
    assertThat(revoke.exit()).as(revoke.err()).isZero();
    assertThat(revoke.out()).startsWith("REVOKED  1 artifact").contains("sha256:" + model).contains("risk@example.com");

    CliRun revoked = CliRun.run(home, "artifact", "status", model, "--output", "json");
    assertThat(revoked.exit()).isEqualTo(1);
    JsonNode j = Json.read(revoked.out());
    assertThat(j.path("status").asText()).isEqualTo("revoked");
    assertThat(j.path("revocations").get(0).path("reason").asText()).isEqualTo("poisoned training data (INC-4711)");

    CliRun again = CliRun.evaluate(home, "allow-minimal-classifier.json", "--output", "text");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.out()).contains("DENIED").contains("artifact.revoked").contains("poisoned training data (INC-4711)")
        .contains("revoked     sha256:" + model.substring(0, 12));
    assertThat(CliRun.run(home, "ledger", "verify").exit()).isZero();

    // the offline audit of a full export accepts the revocation's signed statement
    Path entries = tmp.resolve("entries.jsonl");
    Path checkpoint = tmp.resolve("checkpoint.txt");
    Path pub = tmp.resolve("ledger.pub");
    assertThat(CliRun.run(home, "ledger", "export", "-o", entries.toString()).exit()).isZero();
    Files.writeString(checkpoint, CliRun.run(home, "ledger", "checkpoint").out());
    Files.writeString(pub, CliRun.run(home, "keys", "public").out());
    CliRun offline = CliRun.run(home, "ledger", "verify", "--entries", entries.toString(), "--checkpoint", checkpoint.toString(),
        "--public-key", pub.toString());
    assertThat(offline.exit()).as(offline.out() + offline.err()).isZero();
  }

  @Test
  void revokingADecisionRevokesItsArtifacts() throws Exception {
    Path home = tmp.resolve("home");
    CliRun d = CliRun.evaluate(home, "allow-minimal-jws-signed.json", "--output", "json");
    String id = Json.read(d.out()).path("decisionId").asText();
    CliRun r = CliRun.run(home, "revoke", "--decision", id, "--reason", "compromised pipeline", "--output", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Json.read(r.out()).path("artifacts").size()).isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      assertThat(CliRun.run(home, "artifact", "status", digest("allow-minimal-jws-signed.json", i)).exit()).isEqualTo(1);
    }
  }

  @Test
  void badRevocationsAreExit2AndRecordNothing() throws Exception {
    Path home = tmp.resolve("home");
    assertThat(CliRun.evaluate(home, "deny-scan-stale.json", "--output", "json").exit()).isEqualTo(1);
    String denied = Json.read(CliRun.run(home, "ledger", "export").out().lines().reduce((a, b) -> b).orElseThrow())
        .at("/payload/decisionId").asText();
    long before = CliRun.run(home, "ledger", "export").out().lines().count();
    List<String[]> bad = List.of(
        new String[] {"revoke", "--artifact", "abc", "--reason", "x"},
        new String[] {"revoke", "--artifact", "a".repeat(64)},
        new String[] {"revoke", "--artifact", "a".repeat(64), "--reason", " "},
        new String[] {"revoke", "--artifact", "a".repeat(64), "--decision", denied, "--reason", "x"},
        new String[] {"revoke", "--decision", "01a2f000-0000-7000-8000-000000000000", "--reason", "x"},
        new String[] {"revoke", "--decision", denied, "--reason", "x"},
        new String[] {"artifact", "status", "not-a-digest"});
    for (String[] args : bad) {
      CliRun r = CliRun.run(home, args);
      assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", args)).isNotBlank();
    }
    assertThat(CliRun.run(home, "ledger", "export").out().lines().count()).isEqualTo(before);
  }

  @Test
  void againstAServerWithTokens() throws Exception {
    Path home = tmp.resolve("server-home");
    Files.createDirectories(home);
    String risk = CliRun.run(home, "tokens", "create", "--role", "risk-officer", "--name", "risk@example.com").out().strip();
    String deployer = CliRun.run(home, "tokens", "create", "--role", "pipeline", "--name", "ci/release-pipeline").out().strip();
    GavelConfig config = GavelConfig.resolve(new GavelConfig.Flags(home, List.of(CliRun.repo().resolve("policies")),
        List.of(CliRun.repo().resolve("test-fixtures/trust.json")), null, null), Map.of());
    try (Gavel g = Gavel.start(config, () -> Instant.parse(CliRun.FIXTURE_TIME));
        GavelServer s = GavelServer.start(ServerParts.of(g), ServerSettings.resolve(home, null, Map.of("listen", "127.0.0.1:0",
            "plaintext", "true", "rate-limit", "0", "access-log", "off")), "test", new PrintStream(new ByteArrayOutputStream()))) {
      String url = "http://127.0.0.1:" + s.port();
      Path client = tmp.resolve("client");
      assertThat(g.releaseGate().decide(new dev.gavel.core.ReleaseRequestParser().parse(
          Files.readString(CliRun.request("allow-limited-chatbot.json")))).allow()).isTrue();
      String model = digest("allow-limited-chatbot.json", 0);

      CliRun ok = CliRun.runWithEnv(client, Map.of("GAVEL_TOKEN", deployer), "artifact", "status", model, "--server", url);
      assertThat(ok.exit()).as(ok.err()).isZero();
      assertThat(ok.out()).startsWith("RELEASED");

      CliRun asPipeline = CliRun.runWithEnv(client, Map.of("GAVEL_TOKEN", deployer), "revoke", "--artifact", model, "--reason",
          "x", "--submit", url);
      assertThat(asPipeline.exit()).isEqualTo(2);
      assertThat(asPipeline.err()).contains("403");

      Path tokenFile = tmp.resolve("risk.token");
      Files.writeString(tokenFile, risk + "\n");
      CliRun revoke = CliRun.runWithEnv(client, Map.of(), "revoke", "--artifact", model, "--reason", "backdoor (INC-77)",
          "--submit", url, "--token-file", tokenFile.toString());
      assertThat(revoke.exit()).as(revoke.err()).isZero();
      assertThat(revoke.out()).contains("REVOKED").contains("risk@example.com");

      CliRun check = CliRun.runWithEnv(client, Map.of("GAVEL_TOKEN", deployer), "artifact", "status", model, "--server", url);
      assertThat(check.exit()).isEqualTo(1);
      assertThat(check.out()).startsWith("REVOKED").contains("backdoor (INC-77)").contains("by risk@example.com");
      CliRun noToken = CliRun.runWithEnv(client, Map.of(), "artifact", "status", model, "--server", url);
      assertThat(noToken.exit()).isEqualTo(2);
      assertThat(noToken.err()).contains("--server needs a token that may read artifact status");
      CliRun down = CliRun.runWithEnv(client, Map.of("GAVEL_TOKEN", deployer), "artifact", "status", model, "--server",
          "http://127.0.0.1:9");
      assertThat(down.exit()).as("a check that cannot tell is an error, never released").isEqualTo(2);
    }
  }
}
