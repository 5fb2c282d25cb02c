package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gavel evaluate --explain names each reason's rule with its METADATA title when the rule has one. */
class ExplainTitlesTest {
  static final String RULE = "# High-risk models reach production through a small canary first.\ndeny contains reason(";

  @TempDir
  Path home;

  @TempDir
  Path policies;

  @Test
  void aReasonsRuleTitleIsShownNextToWhereItComesFrom() throws Exception {
    copy(CliRun.repo().resolve("policies"), policies);
    Path rollout = policies.resolve("release/rollout.rego");
    String text = Files.readString(rollout);
    assertThat(text).contains(RULE);
    Files.writeString(rollout, text.replace(RULE,
        "# METADATA\n# title: Canary \"first\"\n# description: high-risk models start small\ndeny contains reason("));

    CliRun r = CliRun.evaluate(home, "deny-rollout-canary-required.json", "--policies", policies.toString(),
        "--explain", "--output", "text");
    assertThat(r.out()).as(r.err()).containsPattern(
        "from .*release/rollout.rego:6 \\(data\\.gavel\\.release\\.deny\\) \"Canary \\\\\"first\\\\\"\"\n");

    CliRun json = CliRun.evaluate(home, "deny-rollout-canary-required.json", "--policies", policies.toString(),
        "--explain");
    JsonNode reasons = new ObjectMapper().readTree(json.out()).get("reasons");
    assertThat(reasons).isNotEmpty();
    for (JsonNode reason : reasons) {
      String origin = reason.at("/origins/0").asText();
      if (reason.get("code").asText().equals("rollout.canary_required")) {
        assertThat(origin).endsWith("(data.gavel.release.deny) \"Canary \\\"first\\\"\"");
      } else {
        assertThat(origin).as("a rule without a title").endsWith("(data.gavel.release.deny)");
      }
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
