package dev.gavel.rego.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gavel.rego.RegoCheck;
import dev.gavel.rego.syntax.FormatterCorpusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code opa check --strict} (v1.22.3) and ours over every module of OPA's conformance cases in
 * ../shared, each checked on its own; skipped without an OPA binary. The
 * modules where we differ are written to target/check-differences.
 */
class CheckCorpusTest {
  /**
   * Where our errors differ from OPA's today (README: Rego engine, gavel policy check): a template
   * string escape from a newer OPA that v1.22.3 refuses to parse, and function arguments that are
   * template strings, which OPA reports as unused arguments and we do not.
   */
  static final List<String> KNOWN = List.of(
      "v1/stringinterpolation/test-interpolation.yaml#2#0",
      "v1/stringinterpolation/test-string_interpolation.yaml#24#0",
      "v1/stringinterpolation/test-string_interpolation_multi-line.yaml#23#0");

  @Test
  void strictErrorsMatchOpaCheckOverTheCorpus() throws Exception {
    Path opa = FormatterCorpusTest.opaBinary();
    assumeTrue(opa != null, "no OPA v1.22.3 binary ($GAVEL_OPA, opa on PATH, ~/go/bin/opa): skipping the comparison with opa check");
    // policies/ modules need each other: the CLI test checks them as one policy
    List<FormatterCorpusTest.Source> corpus = FormatterCorpusTest.corpus().stream()
        .filter(s -> !s.name().startsWith("policies/")).toList();
    Path dir = Files.createTempDirectory("gavel-check");
    Path dump = Path.of("target", "check-differences");
    if (Files.isDirectory(dump)) {
      try (var old = Files.list(dump)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
    }
    List<String> differ = new ArrayList<>();
    int withErrors = 0;
    for (int k = 0; k < corpus.size(); k++) {
      Path f = Files.writeString(dir.resolve("m" + k + ".rego"), corpus.get(k).text());
      List<String> theirs = CheckCases.opa(opa, f, true);
      List<String> ours = CheckCases.render(RegoCheck.check(Map.of(f.getFileName().toString(), corpus.get(k).text()), true));
      withErrors += theirs.isEmpty() ? 0 : 1;
      if (!ours.equals(theirs)) {
        differ.add(corpus.get(k).name());
        Files.createDirectories(dump);
        Files.writeString(dump.resolve(k + ".rego"), corpus.get(k).text());
        Files.writeString(dump.resolve(k + ".txt"), "opa:\n" + String.join("\n", theirs) + "\nours:\n" + String.join("\n", ours) + "\n");
      }
    }
    System.out.printf("check --strict: %d of %d modules with the errors opa check --strict reports (%d of them with errors); differ: %s%n",
        corpus.size() - differ.size(), corpus.size(), withErrors, differ);
    assertThat(differ).as("modules checked unlike opa check --strict (see target/check-differences)").isSubsetOf(KNOWN);
  }
}
