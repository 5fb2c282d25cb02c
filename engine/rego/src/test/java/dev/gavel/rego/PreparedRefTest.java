package dev.gavel.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.Value;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rego.prepareRef: the value of one document, without a query and a binding to pick out. */
class PreparedRefTest {
  static final EvalOptions OPTS = EvalOptions.at(Instant.parse("2026-01-01T00:00:00Z"));
  static final Rego REGO = Rego.builder()
      .module("t.rego", String.join("\n",
          "package t",
          "decision := {\"allow\": input.ok}",
          "no := false",
          "maybe if input.ok",
          "s contains x if some x in [1, 2]",
          "f(x) := x"))
      .data(parse("{\"base\": {\"a b\": [10, 20]}}"))
      .build();

  static Value parse(String json) {
    try {
      return JsonValues.parse(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @ParameterizedTest(name = "{0} with input {1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "data.t.decision|{\"ok\": true}|{\"allow\":true}",
      "data.t.no|-|false",
      "data.t.maybe|{\"ok\": false}|-",
      "data.t.maybe|{\"ok\": true}|true",
      "data.t.s|-|[1,2]",
      "data.t.missing|-|-",
      "data[\"base\"][\"a b\"][1]|-|20",
      "data.base[\"a b\"]|-|[10,20]",
      "input.ok|{\"ok\": 7}|7",
      "input|-|-",
  })
  void evaluatesTheDocumentOrEmptyWhenUndefined(String ref, String input, String expected) {
    PreparedRef prepared = REGO.prepareRef(ref);
    Optional<Value> got = prepared.evaluate(input == null ? null : parse(input), OPTS);
    assertThat(got.map(JsonValues::write).orElse(null)).isEqualTo(expected);
    assertThat(prepared.ref()).isEqualTo(ref);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"x", "data.t[x]", "data.t.s[_]", "count(data.t.s)", "data.t.f(1)", "data.t.no == false",
      "\"data.t.no\"", "{\"a\": 1}", "data.t.[", "input.a + 1"})
  void refusesAnythingButAPlainDataOrInputRefAndNamesIt(String ref) {
    assertThatThrownBy(() -> REGO.prepareRef(ref))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + ref + "\"");
  }

  @Test
  void preparedOnceEvaluatesManyTimes() {
    PreparedRef prepared = REGO.prepareRef("data.t.decision");
    assertThat(prepared.evaluate(parse("{\"ok\": true}"), OPTS)).map(JsonValues::write).contains("{\"allow\":true}");
    assertThat(prepared.evaluate(parse("{\"ok\": false}"), OPTS)).map(JsonValues::write).contains("{\"allow\":false}");
    assertThat(prepared.evaluate(parse("{}"), OPTS)).isEmpty();
    assertThatThrownBy(() -> prepared.evaluate(null, null)).isInstanceOf(NullPointerException.class);
  }
}
