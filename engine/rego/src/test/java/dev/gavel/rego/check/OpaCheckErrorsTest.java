package dev.gavel.rego.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each module of the table gets exactly the errors opa check v1.22.3 reported for it (recorded). */
class OpaCheckErrorsTest {
  static List<CheckCases> cases() throws Exception {
    return CheckCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void withoutStrictModeReportsWhatOpaCheckReports(CheckCases c) {
    assertThat(c.ours(false)).as(c.name()).containsExactlyElementsOf(c.plain());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void strictModeReportsWhatOpaCheckStrictReports(CheckCases c) {
    assertThat(c.ours(true)).as(c.name()).containsExactlyElementsOf(c.strict());
  }
}
