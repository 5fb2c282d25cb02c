package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Policies that exhaust memory, depth or time end with exit 3 and nothing recorded (never exit 1,
 * which means denied); the limits and everything else are configurable in gavel.yaml, whose
 * mistakes are named by file:line:col; YAML data resolves aliases.
 */
class LimitsAndConfigTest {
  @TempDir
  Path home;

  @TempDir
  Path tmp;

  Path policy(String rules) throws Exception {
    Path p = Files.createDirectories(tmp.resolve("p" + System.nanoTime()));
    Files.writeString(p.resolve("d.rego"), "package gavel.release\n\n" + rules
        + "\ndecision := {\"allow\": count(deny) == 0, \"deny\": deny}\n");
    return p;
  }

  CliRun evaluate(Path policies) {
    return CliRun.run(home, "evaluate", "--policies", policies.toString(), CliRun.request("allow-minimal-classifier.json").toString());
  }

  boolean anythingRecorded() {
    return Files.exists(home.resolve("ledger.db")) && CliRun.run(home, "ledger", "export").out().contains("\"type\":\"decision\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', value = {
      "memory#deny contains \"x\" if count(numbers.range(1, 100000000)) > 0#element limit",
      "time#deny contains \"x\" if count([i | some i in numbers.range(1, 100000); some j in numbers.range(1, 100000)]) > 0#limit",
      "deep value#deny contains \"x\" if { v := walk_deep(600); v == 1 }\\nwalk_deep(n) := json.unmarshal(concat(\"\", [concat(\"\", [\"[\" | some _ in numbers.range(1, n)]), concat(\"\", [\"]\" | some _ in numbers.range(1, n)])]))#limit"})
  void aPolicyThatExhaustsTheJvmIsAnInternalErrorNeverADenial(String what, String rules, String says) throws Exception {
    CliRun r = evaluate(policy(rules.replace("\\n", "\n")));
    assertThat(r.exit()).as(r.err()).isIn(2, 3);
    assertThat(r.exit()).as("never 1 (denied) nor 0").isNotEqualTo(1);
    assertThat(r.err()).doesNotContain("\tat ").contains(says);
    assertThat(anythingRecorded()).isFalse();
  }

  @Test
  void aDeeplyNestedRequestIsBadInputNotAStackOverflow() throws Exception {
    String req = java.nio.file.Files.readString(CliRun.request("allow-minimal-classifier.json"));
    Path f = tmp.resolve("deep.json");
    Files.writeString(f, req.replaceFirst("\\{", "{\"deep\": " + "[".repeat(20_000) + "]".repeat(20_000) + ", "));
    CliRun r = CliRun.run(home, "evaluate", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("nesting depth").doesNotContain("StackOverflow");
  }

  @Test
  void aDeepLiteralIsAParseErrorWithItsLocation() throws Exception {
    CliRun r = evaluate(policy("deny contains \"x\" if " + "[".repeat(20_000) + "]".repeat(20_000) + " == []\n"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("d.rego:3:").contains("rego_parse_error");
  }

  @Test
  void theLimitsAreConfigurableInGavelYaml() throws Exception {
    Path p = policy("deny contains \"x\" if count(numbers.range(1, 5000)) == 0\n");
    assertThat(evaluate(p).exit()).isZero();
    Files.writeString(home.resolve("gavel.yaml"), "# tight limits\nevaluation-limits:\n  elements: 1000\n");
    CliRun r = evaluate(p);
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("eval_limit_exceeded").contains("element limit of 1000");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown key|policies: x\\npolicy: y\\n|gavel.yaml:2:1: unknown key 'policy'",
      "wrong type|checkpoint-every: many\\n|gavel.yaml:1:1: checkpoint-every must be a whole number",
      "bad duration|evaluation-timeout: soon\\n|gavel.yaml:1:1: evaluation-timeout must be a duration",
      "bad limit|evaluation-limits:\\n  steps: -1\\n|gavel.yaml:1:1: evaluation-limits.steps must be a whole number",
      "not yaml|policies: [unclosed\\n|gavel.yaml:",
      "duplicate|store: a\\nstore: b\\n|gavel.yaml:2"})
  void mistakesInGavelYamlAreNamedByFileLineAndColumn(String what, String yaml, String says) throws Exception {
    Files.writeString(home.resolve("gavel.yaml"), yaml.replace("\\n", "\n"));
    CliRun r = CliRun.evaluate(home, "allow-minimal-classifier.json");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(says);
    assertThat(Files.exists(home.resolve("ledger.db"))).isFalse();
  }

  @Test
  void gavelYamlNamesThePoliciesAndTheData() throws Exception {
    Files.writeString(home.resolve("gavel.yaml"), "policies: [" + CliRun.repo().resolve("policies") + "]\ndata:\n  - "
        + CliRun.repo().resolve("test-fixtures/trust.json") + "\n");
    CliRun r = CliRun.runWithEnv(home, java.util.Map.of("GAVEL_POLICIES", ""), "evaluate", "--at", CliRun.FIXTURE_TIME,
        CliRun.request("allow-minimal-classifier.json").toString());
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void yamlDataResolvesAliasesInsteadOfReadingThemAsStrings() throws Exception {
    Path p = Files.createDirectories(tmp.resolve("aliases"));
    Files.writeString(p.resolve("d.rego"), "package gavel.release\n\ndeny contains \"y is not 5\" if data.y != 5\n"
        + "decision := {\"allow\": count(deny) == 0, \"deny\": deny}\n");
    Files.writeString(p.resolve("data.yaml"), "x: &v 5\ny: *v\n");
    assertThat(evaluate(p).exit()).as(evaluate(p).out()).isZero();
    Files.writeString(p.resolve("data.yaml"), "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n");
    CliRun bomb = evaluate(p);
    assertThat(bomb.exit()).isEqualTo(2);
    assertThat(bomb.err()).contains("data.yaml").contains("alias expansion limit");
  }
}
