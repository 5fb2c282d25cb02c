package dev.gavel.rego.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.rego.RegoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Specific layouts against what {@code opa fmt} (v1.22.3) printed for them: the pairs in
 * src/test/resources/fmt (NAME.in.rego, NAME.opa.rego; see the README there).
 */
class RegoFormatterLayoutTest {
  static String resource(String name) throws IOException {
    try (InputStream in = RegoFormatterLayoutTest.class.getResourceAsStream("/fmt/" + name)) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"heads_use_assign_and_drop_true", "imports_sorted_within_groups",
      "one_expression_per_line", "collections_and_calls_across_lines", "comments_stay_where_written",
      "metadata_blocks", "else_chains", "every_some_and_in", "with_modifiers", "operators_and_parentheses",
      "references_and_strings", "comprehensions", "ref_heads", "one_line_rules_group"})
  void printsWhatOpaFmtPrints(String layout) throws IOException {
    String expected = resource(layout + ".opa.rego");
    assertThat(RegoFormatter.format(layout + ".rego", resource(layout + ".in.rego"))).isEqualTo(expected);
    assertThat(RegoFormatter.format(layout + ".rego", expected)).as("formatted text is left as it is").isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ~> ", value = {
      "an in operand that is itself an in keeps its parentheses ~> p if {\\n\\t\"k\", (2 in {\"b\": 2}) in {\"k\": true}\\n}\\n",
      "a right in operand that is an in keeps its parentheses ~> p if {\\n\\t1 in (2 in [true])\\n}\\n",
  })
  void keepsTheMeaningWhereOpaFmtWouldNot(String name, String rules) {
    String module = "package p\n\n" + rules.replace("\\n", "\n").replace("\\t", "\t");
    assertThat(RegoFormatter.format("p.rego", module)).isEqualTo(module);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ~> ", value = {
      "an unclosed body ~> package p\\np if {\\n",
      "a missing package ~> p := 1\\n",
  })
  void refusesModulesThatDoNotParse(String name, String module) {
    assertThatThrownBy(() -> RegoFormatter.format("bad.rego", module.replace("\\n", "\n")))
        .isInstanceOf(RegoException.class)
        .hasMessageContaining("bad.rego:")
        .hasMessageContaining("rego_parse_error");
  }
}
