package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gavel rego eval / policy test / conformance through the CLI. */
class RegoCommandsTest {
  @TempDir
  Path dir;

  @Test
  void regoEvalPrintsOpaShapedJson() throws Exception {
    Path policy = dir.resolve("p.rego");
    Files.writeString(policy, "package ex\n\nallow if input.user == \"alice\"\n");
    Path input = dir.resolve("input.json");
    Files.writeString(input, "{\"user\": \"alice\"}");
    CliRun r = CliRun.run(dir, "rego", "eval", "-d", policy.toString(), "-i", input.toString(), "x := data.ex.allow");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.at("/result/0/bindings/x").asBoolean()).isTrue();
    assertThat(j.at("/result/0/expressions/0/value").asBoolean()).isTrue();
    assertThat(j.at("/result/0/expressions/0/text").asText()).isEqualTo("x := data.ex.allow");
  }

  @Test
  void regoEvalOfATermReportsItsValue() throws Exception {
    CliRun r = CliRun.run(dir, "rego", "eval", "[1, 2][_] > 1");
    assertThat(new ObjectMapper().readTree(r.out()).at("/result/0/expressions/0/value").asBoolean()).isTrue();
    CliRun f = CliRun.run(dir, "rego", "eval", "false");
    assertThat(new ObjectMapper().readTree(f.out()).at("/result/0/expressions/0/value").asBoolean()).isFalse();
  }

  @Test
  void regoEvalParseErrorsHaveFileLineColumnAndCaret() throws Exception {
    Path policy = dir.resolve("bad.rego");
    Files.writeString(policy, "package ex\n\nallow if {\n  input.x ==\n}\n");
    CliRun r = CliRun.run(dir, "rego", "eval", "-d", policy.toString(), "data.ex");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("bad.rego:5:1: rego_parse_error: unexpected } token").contains("^");
  }

  @Test
  void policyTestReportsFailuresWithExitOne() throws Exception {
    Files.writeString(dir.resolve("t_test.rego"),
        "package t\n\ntest_ok if 1 == 1\n\ntest_bad if 1 == 2\n\ntodo_later if false\n");
    CliRun r = CliRun.run(dir, "policy", "test", dir.toString(), "-v");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("data.t.test_ok: PASS").contains("data.t.test_bad: FAIL")
        .contains("PASS: 1/3").contains("FAIL: 1/3").contains("SKIPPED: 1/3");
  }

  @Test
  void policyTestOnTheDefaultLibraryPassesWithCoverage() {
    CliRun r = CliRun.run(dir, "policy", "test", CliRun.repo().resolve("policies").toString(), "--coverage");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("COVERAGE").contains("release/approvals.rego").contains("total coverage: 100.0%");
  }

  @Test
  void conformanceCommandPrintsTheSummaryLine() throws Exception {
    Path cases = dir.resolve("cases");
    Files.createDirectories(cases);
    Files.writeString(cases.resolve("c.yaml"), String.join("\n",
        "cases:",
        "  - note: ok",
        "    query: data.t.p = x",
        "    modules:",
        "      - |",
        "        package t",
        "        p := 1",
        "    want_result:",
        "      - x: 1",
        "  - note: wrong",
        "    query: data.t.p = x",
        "    modules:",
        "      - |",
        "        package t",
        "        p := 1",
        "    want_result:",
        "      - x: 2",
        ""));
    Path json = dir.resolve("out.json");
    CliRun r = CliRun.run(dir, "conformance", cases.toString(), "--json", json.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out().strip()).endsWith("conformance: 1 passed, 1 failed, 0 skipped");
    assertThat(Files.readString(json)).contains("\"id\" : \"c.yaml#1\"");
  }
}
