package dev.gavel.rego.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gavel.rego.syntax.FormatterCorpusTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real {@code opa check} (v1.22.3) over the table, with and without --strict, and
 * compares its errors with ours; skipped when no such binary is at hand.
 */
class OpaCheckDifferentialTest {
  static List<CheckCases> cases() throws Exception {
    return CheckCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameErrorsAsOpaCheck(CheckCases c) throws Exception {
    Path opa = FormatterCorpusTest.opaBinary();
    assumeTrue(opa != null, "no OPA v1.22.3 binary ($GAVEL_OPA, opa on PATH, ~/go/bin/opa): skipping the comparison with opa check");
    assertThat(c.ours(false)).as("opa check " + c.name()).containsExactlyElementsOf(CheckCases.opa(opa, c.file(), false));
    assertThat(c.ours(true)).as("opa check --strict " + c.name()).containsExactlyElementsOf(CheckCases.opa(opa, c.file(), true));
  }
}
