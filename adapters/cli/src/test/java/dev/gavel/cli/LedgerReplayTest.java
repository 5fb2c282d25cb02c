package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gavel ledger replay} and the mask policy, through the CLI. */
class LedgerReplayTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path home;

  String decide(String fixture, String... extra) throws Exception {
    CliRun r = CliRun.evaluate(home, fixture, extra);
    assertThat(r.exit()).as(r.err()).isBetween(0, 1);
    return JSON.readTree(r.out()).get("decisionId").asText();
  }

  @Test
  void recordedDecisionsReplayIdentically() throws Exception {
    for (String f : new String[] {"allow-high-credit-scorer.json", "deny-scan-stale.json", "deny-approval-rejected.json"}) {
      String id = decide(f);
      CliRun r = CliRun.run(home, "ledger", "replay", id);
      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).startsWith("IDENTICAL: decision " + id).contains("as of " + CliRun.FIXTURE_TIME);
    }
    CliRun unknown = CliRun.run(home, "ledger", "replay", "01a00000-0000-7000-8000-000000000000");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no decision 01a00000-0000-7000-8000-000000000000 in the ledger");
  }

  @Test
  void replayUsesThePolicyTextRecordedInTheLedgerNotTheFilesOnDisk(@TempDir Path tmp) throws Exception {
    Path policies = copyPolicies(tmp);
    String id = decide("deny-scan-stale.json", "--policies", policies.toString());
    // The board loosens the policy afterwards; the recorded decision still replays as recorded.
    Files.writeString(policies.resolve("data.json"), Files.readString(policies.resolve("data.json")).replace("\"scanMaxAgeDays\": 7", "\"scanMaxAgeDays\": 30"));
    CliRun r = CliRun.run(home, "ledger", "replay", id);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    CliRun now = CliRun.evaluate(home, "deny-scan-stale.json", "--policies", policies.toString());
    assertThat(now.exit()).as("the loosened policy allows it now").isZero();
  }

  @Test
  void maskedInputIsNotStoredAndReplaySaysSo(@TempDir Path tmp) throws Exception {
    Path policies = copyPolicies(tmp);
    Files.writeString(policies.resolve("release/mask.rego"), "package gavel.log\n\n"
        + "# Personal data stays out of the ledger: requester ids are removed, approvers digested.\n"
        + "mask contains \"/input/requester/id\"\n\n"
        + "mask contains {\"op\": \"digest\", \"path\": sprintf(\"/input/approvals/%d/approver\", [i])} if some i, _ in input.input.approvals\n"
        + "# The signed approval holds the approver too (base64): it goes as well.\n"
        + "mask contains sprintf(\"/input/approvals/%d/signature\", [i]) if some i, _ in input.input.approvals\n");
    String id = decide("allow-limited-chatbot.json", "--policies", policies.toString());
    Path export = tmp.resolve("export.jsonl");
    assertThat(CliRun.run(home, "ledger", "export", "-o", export.toString()).exit()).isZero();
    java.util.List<String> lines = Files.readAllLines(export);
    JsonNode stored = JSON.readTree(lines.get(lines.size() - 1)).get("payload");
    assertThat(stored.at("/input/requester").has("id")).isFalse();
    assertThat(stored.at("/request").has("requester")).isFalse();
    assertThat(stored.at("/input/approvals/0/approver").asText()).matches("sha256:[0-9a-f]{64}");
    assertThat(lines.get(lines.size() - 1)).doesNotContain("ci/release-pipeline");
    assertThat(stored.get("masked")).hasSize(3);
    CliRun r = CliRun.run(home, "ledger", "replay", id);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("the mask policy changed the stored input").contains("remove /input/requester/id");
    assertThat(CliRun.run(home, "ledger", "verify").exit()).isZero();
  }

  static Path copyPolicies(Path tmp) throws Exception {
    return dev.gavel.testkit.Trees.copy(CliRun.repo().resolve("policies"), tmp.resolve("policies"));
  }

}
