package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data minimisation and output safety: masking every copy, escaped terminal output, private files, clear input errors. */
class OutputSafetyTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path home;

  @TempDir
  Path tmp;

  Path policiesWithMask(String maskRules) throws Exception {
    Path p = LedgerReplayTest.copyPolicies(tmp);
    Files.writeString(p.resolve("release/mask.rego"), "package gavel.log\n\n" + maskRules);
    return p;
  }

  JsonNode lastStoredPayload() throws Exception {
    Path export = tmp.resolve("export-" + System.nanoTime() + ".jsonl");
    assertThat(CliRun.run(home, "ledger", "export", "-o", export.toString()).exit()).isZero();
    List<String> lines = Files.readAllLines(export);
    return JSON.readTree(lines.get(lines.size() - 1)).get("payload");
  }

  @Test
  void aMaskedApproverIsGoneFromReasonsAndDetailsToo() throws Exception {
    Path policies = policiesWithMask("mask contains {\"op\": \"digest\", \"path\": sprintf(\"/input/approvals/%d/approver\", [i])} "
        + "if some i, _ in input.input.approvals\n"
        + "mask contains sprintf(\"/input/approvals/%d/signature\", [i]) if some i, _ in input.input.approvals\n");
    CliRun r = CliRun.evaluate(home, "deny-approval-not-board-member.json", "--policies", policies.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).as("the requester's own answer is unmasked").contains("mallory@example.com");
    JsonNode stored = lastStoredPayload();
    assertThat(stored.toString()).doesNotContain("mallory@example.com");
    assertThat(stored.at("/reasons").toString()).contains("sha256:");
    assertThat(stored.at("/verified/approvals/0/detail").asText()).doesNotContain("mallory").contains("sha256:");
    assertThat(CliRun.run(home, "ledger", "verify").exit()).isZero();
  }

  @Test
  void aMaskThatLeavesACopyInSignedContentFailsClosedNamingThePath() throws Exception {
    Path policies = policiesWithMask("mask contains sprintf(\"/input/approvals/%d/approver\", [i]) if some i, _ in input.input.approvals\n");
    CliRun r = CliRun.evaluate(home, "deny-approval-not-board-member.json", "--policies", policies.toString());
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("/input/approvals/0/signature").contains("mask");
    assertThat(Files.exists(home.resolve("ledger.db")) ? CliRun.run(home, "ledger", "export").out() : "").doesNotContain("\"decision\"");
  }

  @Test
  void aMaskedModelNameIsNotInTheAttestationAndReasonMessagesCanBeMasked() throws Exception {
    Path policies = policiesWithMask("mask contains {\"op\": \"digest\", \"path\": \"/input/model/name\"}\n"
        + "mask contains sprintf(\"/result/reasons/%d/message\", [i]) if some i, _ in input.result.reasons\n");
    CliRun r = CliRun.evaluate(home, "deny-unacceptable-tier.json", "--policies", policies.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    JsonNode stored = lastStoredPayload();
    String model = JSON.readTree(r.out()).at("/request/model").asText();
    String statement = new String(Base64.getDecoder().decode(stored.at("/attestation/payload").asText()), StandardCharsets.UTF_8);
    assertThat(statement).doesNotContain(model).contains("gavel:decision/" + stored.get("decisionId").asText());
    assertThat(stored.at("/request/model").asText()).startsWith("sha256:");
    assertThat(stored.at("/reasons/0/code").asText()).isEqualTo(JSON.readTree(r.out()).at("/reasons/0/code").asText());
    assertThat(stored.at("/reasons/0/message").asText()).isEqualTo("[masked]");
    assertThat(CliRun.run(home, "ledger", "verify").exit()).isZero();
  }

  @Test
  void controlCharactersFromTheRequestAreEscapedInTextOutput() throws Exception {
    ObjectNode req = (ObjectNode) JSON.readTree(CliRun.request("deny-unacceptable-tier.json").toFile());
    ((ObjectNode) req.get("model")).put("name", "evil\u001b[2K\rALLOWED  \u001b[32mfine\u001b[0m");
    Path f = tmp.resolve("ansi.json");
    Files.writeString(f, req.toString());
    CliRun r = CliRun.run(home, "evaluate", "--at", CliRun.FIXTURE_TIME, "--output", "text", f.toString());
    assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\r");
    assertThat(r.out()).startsWith("DENIED  evil\\x1b[2K\\x0dALLOWED  \\x1b[32mfine\\x1b[0m@");
  }

  @Test
  void theHomeAndTheDatabaseArePrivate() throws Exception {
    Path fresh = home.resolve("new-home");
    assertThat(CliRun.evaluate(fresh, "allow-minimal-classifier.json").exit()).isZero();
    assertThat(Files.getPosixFilePermissions(fresh)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.getPosixFilePermissions(fresh.resolve("ledger.db")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.getPosixFilePermissions(fresh.resolve("keys"))).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
  }

  @Test
  void invalidUtf8IsNamedByItsByte() throws Exception {
    byte[] good = Files.readAllBytes(CliRun.request("allow-minimal-classifier.json"));
    byte[] bad = new byte[good.length + 1];
    System.arraycopy(good, 0, bad, 0, 40);
    bad[40] = (byte) 0xC3;
    System.arraycopy(good, 40, bad, 41, good.length - 40);
    Path f = tmp.resolve("latin1.json");
    Files.write(f, bad);
    CliRun r = CliRun.run(home, "evaluate", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("not valid UTF-8 at byte 40");
  }

  @Test
  void aDecisionWithoutDenyFailsClosed() throws Exception {
    Path p = tmp.resolve("p");
    Files.createDirectories(p);
    Files.writeString(p.resolve("d.rego"), "package gavel.release\n\ndecision := {\"allow\": true}\n");
    CliRun r = CliRun.run(home, "evaluate", "--policies", p.toString(), CliRun.request("allow-minimal-classifier.json").toString());
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("deny is undefined");
    assertThat(Files.exists(home.resolve("ledger.db")) ? CliRun.run(home, "ledger", "export").out() : "").doesNotContain("\"decision\"");
  }
}
