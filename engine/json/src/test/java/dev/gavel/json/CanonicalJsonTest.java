package dev.gavel.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {
  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  static String canon(String json) throws Exception {
    return new String(CanonicalJson.canonicalize(JSON.readTree(json)), StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // ECMAScript number serialisation (RFC 8785 section 3.2.2.3 examples and edge cases)
      "1e21|1e+21",
      "1e20|100000000000000000000",
      "1e-7|1e-7",
      "0.000001|0.000001",
      "-0.0|0",
      "4.50|4.5",
      "2e-3|0.002",
      "333333333.33333329|333333333.3333333",
      "1E30|1e+30",
      "9007199254740993|9007199254740992",
      "[1,2.0,-3]|[1,2,-3]"
  })
  void serialisesNumbersLikeEcmaScript(String in, String out) throws Exception {
    assertThat(canon(in)).isEqualTo(out);
  }

  @Test
  void sortsKeysByUtf16CodeUnitsAndDropsWhitespace() throws Exception {
    assertThat(canon("{ \"b\": 1, \"a\": {\"\\u20ac\": 1, \"\\r\": 2, \"1\": 3}, \"\\ud83d\\ude00\": 0 }"))
        .isEqualTo("{\"a\":{\"\\r\":2,\"1\":3,\"\u20ac\":1},\"b\":1,\"\ud83d\ude00\":0}");
  }

  @Test
  void escapesOnlyWhatRfc8785Requires() throws Exception {
    assertThat(canon("\"\\u0001/\\u00e9\\\"\"")).isEqualTo("\"\\u0001/\u00e9\\\"\"");
  }

  @Test
  void rejectsLoneSurrogates() {
    assertThatThrownBy(() -> canon("\"\\ud800\"")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone surrogate");
  }
}
