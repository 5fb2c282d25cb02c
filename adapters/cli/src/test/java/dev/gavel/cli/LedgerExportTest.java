package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filtered exports with inclusion proofs, OPA decision-log events and CSV, through the CLI. */
class LedgerExportTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path home;
  Path key;

  @BeforeEach
  void decisions() throws Exception {
    for (String f : List.of("allow-high-credit-scorer.json", "deny-scan-stale.json", "allow-minimal-classifier.json",
        "deny-approval-rejected.json", "deny-rollout-canary-required.json", "allow-limited-chatbot.json")) {
      assertThat(CliRun.evaluate(home, f).exit()).isBetween(0, 1);
    }
    key = home.resolve("public.txt");
    Files.writeString(key, CliRun.run(home, "keys", "public").out());
  }

  List<String> export(String... args) throws Exception {
    Path out = home.resolve("export-" + System.nanoTime() + ".jsonl");
    List<String> a = new ArrayList<>(List.of("ledger", "export", "-o", out.toString()));
    a.addAll(List.of(args));
    CliRun r = CliRun.run(home, a.toArray(new String[0]));
    assertThat(r.exit()).as(r.err()).isZero();
    return Files.readAllLines(out);
  }

  CliRun verify(List<String> lines) throws Exception {
    Path f = home.resolve("verify-" + System.nanoTime() + ".jsonl");
    Files.write(f, lines);
    return CliRun.run(home, "ledger", "verify", "--entries", f.toString(), "--public-key", key.toString());
  }

  @Test
  void filteredExportsCarryInclusionProofsAndVerifyOffline() throws Exception {
    List<String> denied = export("--outcome", "deny");
    assertThat(denied).hasSize(4);
    assertThat(JSON.readTree(denied.get(0)).path("format").asText()).isEqualTo("gavel-partial-export/v2");
    for (String line : denied.subList(1, denied.size())) {
      assertThat(JSON.readTree(JSON.readTree(line).get("entry").asText()).at("/payload/allow").asBoolean()).isFalse();
    }
    CliRun ok = verify(denied);
    assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).startsWith("OK: partial export: 3 entries included in the signed checkpoint of tree size 7");

    List<String> credit = export("--model", "credit-risk-scorer");
    assertThat(credit).hasSize(3);
    assertThat(verify(credit).exit()).isZero();
    assertThat(export("--model", "credit-risk-scorer", "--outcome", "allow")).hasSize(2);
    assertThat(export("--since", "2000-01-01T00:00:00Z", "--until", "2001-01-01T00:00:00Z")).hasSize(1);
    assertThat(export("--since", "2000-01-01T00:00:00Z")).hasSize(8);
  }

  @Test
  void everyTamperingOfAPartialExportFails() throws Exception {
    List<String> lines = export("--outcome", "deny");
    List<UnaryOperator<List<String>>> attacks = List.of(
        l -> edit(l, 1, o -> o.put("entry", o.get("entry").asText().replace("\"allow\":false", "\"allow\":true"))),
        l -> edit(l, 2, o -> o.put("index", o.get("index").asLong() + 1)),
        l -> edit(l, 3, o -> {
          String h = o.at("/inclusionProof/proof/0").asText();
          ((com.fasterxml.jackson.databind.node.ArrayNode) o.at("/inclusionProof/proof")).set(0, (h.charAt(0) == 'a' ? "b" : "a") + h.substring(1));
        }),
        l -> edit(l, 1, o -> ((com.fasterxml.jackson.databind.node.ArrayNode) o.at("/inclusionProof/proof")).remove(0)),
        l -> edit(l, 2, o -> ((ObjectNode) o.get("inclusionProof")).put("leafHash", "00".repeat(32))),
        l -> edit(l, 1, o -> ((ObjectNode) o.get("inclusionProof")).put("treeSize", 6)),
        l -> edit(l, 0, o -> o.put("checkpoint", o.get("checkpoint").asText().replaceFirst("\n7\n", "\n6\n"))),
        l -> {
          List<String> swapped = new ArrayList<>(l);
          swapped.set(1, l.get(2));
          swapped.set(2, l.get(1));
          return swapped;
        });
    for (UnaryOperator<List<String>> attack : attacks) {
      CliRun r = verify(attack.apply(lines));
      assertThat(r.exit()).as(r.out()).isEqualTo(1);
      assertThat(r.out()).startsWith("TAMPERED: entry ");
    }
  }

  @Test
  void opaFormatWritesDecisionLogEventsWithOpasFields() throws Exception {
    List<String> events = export("--format", "opa");
    assertThat(events).hasSize(6);
    JsonNode opaExample = null;
    Path example = CliRun.repo().resolve("../shared/fixtures/opa/decision-log-upload-example.json").normalize();
    if (Files.exists(example)) {
      opaExample = JSON.readTree(example.toFile()).get(0);
    }
    for (String line : events) {
      JsonNode e = JSON.readTree(line);
      assertThat(e.get("path").asText()).isEqualTo("gavel/release/decision");
      assertThat(e.at("/bundles/gavel/revision").asText()).startsWith("sha256:");
      assertThat(e.at("/result/allow").isBoolean()).isTrue();
      assertThat(e.at("/input/apiVersion").asText()).isEqualTo("gavel.dev/v1");
      if (opaExample != null) {
        for (Iterator<String> it = opaExample.fieldNames(); it.hasNext();) {
          String field = it.next();
          if (!field.equals("requested_by")) {
            assertThat(e.has(field)).as("OPA's decision-log field " + field).isTrue();
          }
        }
      }
    }
  }

  @Test
  void csvIsFilteredToo() throws Exception {
    List<String> rows = export("--format", "csv", "--outcome", "allow");
    assertThat(rows.get(0)).isEqualTo("index,timestamp,type,model,outcome,decision_id,entry_hash");
    assertThat(rows).hasSize(4);
    assertThat(rows.subList(1, 4)).allMatch(r -> r.contains(",decision,") && r.contains(",allow,"));
  }

  @Test
  void progressShowsOnATerminalAndStaysQuietWhenPiped() throws Exception {
    Path out = home.resolve("all.jsonl");
    CliRun piped = CliRun.run(home, "ledger", "export", "-o", out.toString());
    assertThat(piped.err()).as("no console in tests: quiet").isEmpty();
    CliRun forced = CliRun.runWithEnv(home, java.util.Map.of("GAVEL_PROGRESS", "always"), "ledger", "export", "-o", out.toString());
    assertThat(forced.err()).contains("] 100% 7/7 entries");
    CliRun verify = CliRun.runWithEnv(home, java.util.Map.of("GAVEL_PROGRESS", "always"), "ledger", "verify");
    assertThat(verify.err()).contains("100% 7/7 entries verified");
    assertThat(verify.out()).startsWith("OK: 7 entries");
  }

  @Test
  void badFiltersAreUsageErrors() {
    CliRun r = CliRun.run(home, "ledger", "export", "--outcome", "maybe");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("outcome must be allow or deny but got maybe");
    assertThat(CliRun.run(home, "ledger", "export", "--since", "yesterday").err()).contains("'--since': must be an RFC 3339 date-time");
    assertThat(CliRun.run(home, "ledger", "export", "--format", "xml").err()).contains("--format must be jsonl, csv or opa");
  }

  private static List<String> edit(List<String> lines, int i, java.util.function.Consumer<ObjectNode> change) {
    List<String> out = new ArrayList<>(lines);
    try {
      ObjectNode o = (ObjectNode) JSON.readTree(lines.get(i));
      change.accept(o);
      out.set(i, o.toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
