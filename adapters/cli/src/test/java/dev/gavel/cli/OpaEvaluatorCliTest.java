package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.opa.OpaServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `gavel evaluate --evaluator opa` against a real OPA: the same decision, recorded as OPA's; OPA down fails closed. */
class OpaEvaluatorCliTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path home;

  @TempDir
  Path other;

  @Test
  void opaDecidesWhatTheEmbeddedEngineDecidesAndTheLedgerSaysWho() throws Exception {
    try (OpaServer opa = OpaServer.start()) {
      for (String fixture : List.of("allow-high-credit-scorer.json", "deny-approval-not-board-member.json", "deny-scan-stale.json")) {
        CliRun remote = CliRun.evaluate(home, fixture, "--evaluator", "opa", "--opa-url", opa.url().toString());
        CliRun local = CliRun.evaluate(other, fixture);
        assertThat(remote.exit()).as(remote.err()).isEqualTo(local.exit());
        JsonNode a = JSON.readTree(remote.out());
        JsonNode b = JSON.readTree(local.out());
        assertThat(a.get("reasons")).isEqualTo(b.get("reasons"));
        assertThat(a.get("allow")).isEqualTo(b.get("allow"));
        assertThat(a.at("/policy/revision")).isEqualTo(b.at("/policy/revision"));
      }
      String entries = CliRun.run(home, "ledger", "export").out();
      assertThat(entries).contains("\"evaluator\":\"opa 1.22.3\"");
      assertThat(CliRun.run(home, "ledger", "verify").exit()).isZero();
      opa.stop();
      CliRun down = CliRun.evaluate(home, "allow-high-credit-scorer.json", "--evaluator", "opa", "--opa-url", opa.url().toString());
      assertThat(down.exit()).isEqualTo(3);
      assertThat(down.err()).contains("cannot be reached").contains("fail closed, nothing recorded");
    }
  }

  @Test
  void theOpaEvaluatorNeedsAnUrl() {
    CliRun r = CliRun.evaluate(home, "allow-high-credit-scorer.json", "--evaluator", "opa");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--evaluator opa needs --opa-url");
  }
}
