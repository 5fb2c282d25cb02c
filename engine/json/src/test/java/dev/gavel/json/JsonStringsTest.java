package dev.gavel.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonStringsTest {
  @ParameterizedTest(name = "U+{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0008|\"\\b\"", "000c|\"\\f\"", "000a|\"\\n\"", "000d|\"\\r\"", "0009|\"\\t\"",
      "0000|\"\\u0000\"", "001f|\"\\u001f\"", "0022|\"\\\"\"", "005c|\"\\\\\"", "007f|\"\u007f\"", "00e9|\"\u00e9\""})
  void escapesExactlyWhatRfc8785AndGoEscape(String hex, String expected) {
    String s = String.valueOf((char) Integer.parseInt(hex, 16));
    assertThat(JsonStrings.quote(s)).isEqualTo(expected);
    // The canonical writer and the plain quoter are the same escaper.
    assertThat(CanonicalJson.text(TextNode.valueOf(s))).isEqualTo(expected);
  }

  @Test
  void loneSurrogatesAreEscapedOrRejectedButNeverWrittenRaw() {
    assertThat(JsonStrings.quote("a\ud800b")).isEqualTo("\"a\\ud800b\"");
    assertThat(JsonStrings.loneSurrogate("a\ud800b")).isEqualTo(1);
    assertThat(JsonStrings.loneSurrogate("\ud83d\ude00")).isEqualTo(-1);
    assertThatThrownBy(() -> CanonicalJson.canonicalize(TextNode.valueOf("x\udc00")))
        .hasMessageContaining("lone surrogate U+DC00 in string at index 1");
  }

  @Test
  void invalidUtf8NamesTheByte() {
    assertThatThrownBy(() -> Utf8.decode(new byte[] {'a', 'b', (byte) 0xff, 'c'}))
        .hasMessage("not valid UTF-8 at byte 2");
    assertThatThrownBy(() -> Json.read(new byte[] {'{', '"', (byte) 0xc3, '"', ':', '1', '}'}))
        .hasMessage("not valid UTF-8 at byte 2");
  }

  @Test
  void strictReaderRejectsDuplicateKeysAndKeepsExactDecimals() throws Exception {
    assertThatThrownBy(() -> Json.read("{\"a\":1,\"a\":2}")).isInstanceOf(Json.ParseException.class)
        .hasMessageContaining("Duplicate field 'a'");
    assertThat(Json.read("{\"x\":0.1000000000000000055511151231257827}").get("x").decimalValue().toPlainString())
        .isEqualTo("0.1000000000000000055511151231257827");
  }
}
