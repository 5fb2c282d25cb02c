package dev.gavel.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.Rego;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.syntax.RegoParser;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** yaml.unmarshal, yaml.is_valid and METADATA blocks read YAML with dev.gavel.json.Yaml. */
class YamlBuiltinsTest {
  static final Rego REGO = Rego.builder().build();
  static final EvalOptions STRICT = EvalOptions.at(Instant.parse("2026-01-01T00:00:00Z")).strict(true);

  /** Nine levels of ten aliases each: a billion nodes once expanded. */
  static final String BILLION_LAUGHS;

  static {
    StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      y.append(c).append(": &").append(c).append(" [");
      for (int k = 0; k < 10; k++) {
        y.append(k == 0 ? "*" : ", *").append((char) (c - 1));
      }
      y.append("]\n");
    }
    BILLION_LAUGHS = y.toString();
  }

  static Value eval(String query, Value input) {
    List<Map<String, Value>> rows = REGO.query("x := " + query, input, STRICT);
    return rows.isEmpty() ? null : rows.get(0).get("x");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{x: &v 1, y: *v}|{\"x\":1,\"y\":1}",
      "base: &b {p: 1}\\nc:\\n  <<: *b\\n  q: 2|{\"base\":{\"p\":1},\"c\":{\"p\":1,\"q\":2}}",
      "a: 0.1\\nb: 1.000000000000000000001|{\"a\":0.1,\"b\":1.000000000000000000001}",
      "a:|{\"a\":null}",
      "a: 1\\n---\\nb: [|{\"a\":1}",
  })
  void unmarshalResolvesAliasesAndReadsTheFirstDocument(String yaml, String json) {
    assertThat(JsonValues.write(eval("yaml.unmarshal(input.y)", Map.of("y", yaml.replace("\\n", "\n"))))).isEqualTo(json);
  }

  static Value input(Map<String, String> m) {
    ObjectValue.Builder b = ObjectValue.builder();
    m.forEach((k, v) -> b.put(StringValue.of(k), StringValue.of(v)));
    return b.build();
  }

  static Value eval(String query, Map<String, String> input) {
    return eval(query, input(input));
  }

  @Test
  void aliasBombFailsWithTheExpansionLimit() {
    Value in = input(Map.of("y", BILLION_LAUGHS));
    Throwable t = catchThrowable(() -> eval("yaml.unmarshal(input.y)", in));
    assertThat(t).isExactlyInstanceOf(RegoException.class);
    assertThat(((RegoException) t).code()).isEqualTo(RegoError.EVAL_BUILTIN);
    assertThat(t.getMessage()).contains("yaml.unmarshal: line 5, column ")
        .contains("YAML aliases would expand to more than 100000 nodes, over the alias expansion limit");
    assertThat(eval("yaml.is_valid(input.y)", in)).hasToString("false");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "duplicate key|a: 1\\na: 2|line 2, column 1: duplicate key \"a\"",
      "unknown alias (go-yaml's words)|a: *b|yaml: unknown anchor 'b' referenced",
      "syntax error (go-yaml's words)|a: [1, 2|yaml: line 1: did not find expected ',' or ']'",
  })
  void badYamlIsABuiltinErrorWithItsLine(String name, String yaml, String message) {
    Value in = input(Map.of("y", yaml.replace("\\n", "\n")));
    Throwable t = catchThrowable(() -> eval("yaml.unmarshal(input.y)", in));
    assertThat(t).isExactlyInstanceOf(RegoException.class).hasMessageContaining("yaml.unmarshal: " + message);
    assertThat(eval("yaml.is_valid(input.y)", in)).hasToString("false");
  }

  @Test
  void metadataBlocksResolveAliases() {
    Module m = RegoParser.parseModule("m.rego", String.join("\n",
        "package m",
        "",
        "# METADATA",
        "# title: &t Release gate",
        "# custom:",
        "#   heading: *t",
        "allow := true"));
    Value fields = m.rules().get(0).annotations().get(0).fields();
    assertThat(JsonValues.write(fields)).isEqualTo("{\"custom\":{\"heading\":\"Release gate\"},\"scope\":\"rule\",\"title\":\"Release gate\"}");
  }

  @Test
  void anEmptyMetadataBlockIsAnErrorAsInOpa() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RegoParser.parseModule("m.rego", "package m\n\n# METADATA\nallow := true\n"))
        .hasMessageContaining("m.rego:3:1: rego_parse_error: expected METADATA block, found whitespace");
  }
}
