package dev.gavel.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class YamlTest {
  static String read(String yaml) throws Json.ParseException {
    return Yaml.reader().readDocument(yaml.replace("\\n", "\n")).toString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "scalar alias|{x: &v 1, y: *v}|{\"x\":1,\"y\":1}",
      "string alias|- &s hello\\n- *s|[\"hello\",\"hello\"]",
      "mapping alias|a: &m {p: 1}\\nb: *m|{\"a\":{\"p\":1},\"b\":{\"p\":1}}",
      "sequence alias|a: &l [1, 2]\\nb: *l|{\"a\":[1,2],\"b\":[1,2]}",
      "alias of a node holding an alias|a: &x 1\\nb: &y [*x, *x]\\nc: *y|{\"a\":1,\"b\":[1,1],\"c\":[1,1]}",
      "anchor redefined: the latest wins|a: &x 1\\nb: *x\\nc: &x 2\\nd: *x|{\"a\":1,\"b\":1,\"c\":2,\"d\":2}",
  })
  void aliasesResolveToTheAnchoredNode(String name, String yaml, String json) throws Json.ParseException {
    // Jackson's tree reader returns the anchor's name as a string here ({"x":1,"y":"v"}).
    assertThat(read(yaml)).isEqualTo(json);
  }

  @Test
  void aliasedNodesAreCopiesNotShared() throws Json.ParseException {
    JsonNode doc = Yaml.reader().readDocument("a: &m {p: 1}\nb: *m\n");
    assertThat(doc.get("a")).isEqualTo(doc.get("b")).isNotSameAs(doc.get("b"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "one mapping|base: &b {p: 1, q: 2}\\nc:\\n  <<: *b\\n  r: 3|{\"base\":{\"p\":1,\"q\":2},\"c\":{\"r\":3,\"p\":1,\"q\":2}}",
      "explicit keys win, before or after|b: &b {p: 1, q: 2}\\nc:\\n  p: 9\\n  <<: *b\\n  q: 8|{\"b\":{\"p\":1,\"q\":2},\"c\":{\"p\":9,\"q\":8}}",
      "earlier sources win|x: &x {p: 1}\\ny: &y {p: 2, q: 2}\\nc:\\n  <<: [*x, *y]|{\"x\":{\"p\":1},\"y\":{\"p\":2,\"q\":2},\"c\":{\"p\":1,\"q\":2}}",
      "a quoted << is a plain key|\"<<\": 1|{\"<<\":1}",
  })
  void mergeKeysMergeMappings(String name, String yaml, String json) throws Json.ParseException {
    assertThat(read(yaml)).isEqualTo(json);
  }

  /** Nine levels of ten aliases: a billion nodes from a few hundred bytes. */
  static String billionLaughs() {
    StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      y.append(c).append(": &").append(c).append(" [");
      for (int k = 0; k < 10; k++) {
        y.append(k == 0 ? "*" : ", *").append((char) (c - 1));
      }
      y.append("]\n");
    }
    return y.toString();
  }

  @Test
  void aliasBombFailsWithTheExpansionLimit() {
    long start = System.nanoTime();
    Throwable t = catchThrowable(() -> Yaml.reader().readDocument(billionLaughs()));
    assertThat(t).isExactlyInstanceOf(Json.ParseException.class)
        .hasMessage("YAML aliases would expand to more than 100000 nodes, over the alias expansion limit");
    assertThat(((Json.ParseException) t).line()).isEqualTo(5);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void theAliasExpansionLimitIsConfigurable() throws Json.ParseException {
    String yaml = "a: &a [1, 2, 3]\nb: [*a, *a]\n";
    // Each alias of `a` produces 4 nodes (the sequence and its three members).
    assertThat(Yaml.reader().withMaxAliasNodes(8).readDocument(yaml).toString()).isEqualTo("{\"a\":[1,2,3],\"b\":[[1,2,3],[1,2,3]]}");
    assertThatThrownBy(() -> Yaml.reader().withMaxAliasNodes(7).readDocument(yaml))
        .hasMessage("YAML aliases would expand to more than 7 nodes, over the alias expansion limit");
    assertThatThrownBy(() -> Yaml.reader().withMaxAliasNodes(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Yaml.reader().maxAliasNodes()).isEqualTo(Yaml.DEFAULT_MAX_ALIAS_NODES);
  }

  static Stream<Arguments> badDocuments() {
    return Stream.of(
        Arguments.of("duplicate key", "a: 1\nb: 2\na: 3\n", "duplicate key \"a\"", 3, 1),
        Arguments.of("duplicate key in a nested flow mapping", "x:\n  y: {k: 1, k: 2}\n", "duplicate key \"k\"", 2, 13),
        Arguments.of("duplicate merge key", "a: &a {p: 1}\nb:\n  <<: *a\n  <<: *a\n", "duplicate key \"<<\"", 4, 3),
        Arguments.of("alias to an unknown anchor", "a: *nope\n", "alias *nope does not name an earlier, complete node of this document", 1, 4),
        Arguments.of("alias to the node that contains it", "a: &a [*a]\n", "alias *a does not name an earlier, complete node of this document", 1, 8),
        Arguments.of("merge of a scalar", "a: &a 1\nb:\n  <<: *a\n", "the merge key << needs a mapping or a list of mappings", 3, 7),
        Arguments.of("syntax error", "a: [1, 2\n", "expected ',' or ']'", 1, 9),
        Arguments.of("a second document where one is expected", "a: 1\n---\nb: 2\n", "expected a single YAML document but found another", 3, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDocuments")
  void errorsNameLineAndColumn(String name, String yaml, String message, int line, int column) {
    Throwable t = catchThrowable(() -> Yaml.reader().readDocument(yaml));
    assertThat(t).isExactlyInstanceOf(Json.ParseException.class).hasMessageContaining(message);
    Json.ParseException e = (Json.ParseException) t;
    assertThat(e.line()).as("line").isEqualTo(line);
    assertThat(e.column()).as("column").isEqualTo(column);
    assertThat(e.located()).startsWith("line " + line + ", column " + column + ": ");
  }

  @Test
  void numbersKeepTheirExactDecimalValue() throws Json.ParseException {
    JsonNode doc = Yaml.reader().readDocument("a: 0.1\nb: 1.000000000000000000001\nc: 12345678901234567890123\nd: 1.50\ne: 7\n");
    assertThat(doc.get("a").decimalValue()).isEqualTo(new BigDecimal("0.1"));
    assertThat(doc.get("b").decimalValue()).isEqualTo(new BigDecimal("1.000000000000000000001"));
    assertThat(doc.get("c").bigIntegerValue()).hasToString("12345678901234567890123");
    assertThat(doc.get("d").decimalValue()).isEqualTo(new BigDecimal("1.50"));
    assertThat(doc.get("e").isIntegralNumber()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "plain empty value is null|a:\\nb: \"\"|{\"a\":null,\"b\":\"\"}",
      "empty sequence entry is null|- \\n- x|[null,\"x\"]",
      "empty document is null|---|null",
      "empty text is null||null",
  })
  void plainEmptyScalarsAreNull(String name, String yaml, String json) throws Json.ParseException {
    // Jackson reads `a:` as ""; YAML's core schema and Go (so OPA) read null.
    assertThat(read(yaml == null ? "" : yaml)).isEqualTo(json);
  }

  @Test
  void streamsHoldEveryDocumentAndTheFirstCanBeReadAlone() throws Json.ParseException {
    String stream = "a: &x 1\n---\nb: 2\n---\n";
    assertThat(Yaml.reader().readDocuments(stream).toString()).isEqualTo("[{\"a\":1}, {\"b\":2}, null]");
    assertThat(Yaml.reader().readDocuments("")).isEmpty();
    // Anchors do not cross documents.
    assertThatThrownBy(() -> Yaml.reader().readDocuments("a: &x 1\n---\nb: *x\n")).hasMessageContaining("alias *x");
    // Like Go's yaml.Unmarshal, the first document alone, the rest unread.
    assertThat(Yaml.reader().readFirstDocument("a: 1\n---\n\tb: [").toString()).isEqualTo("{\"a\":1}");
    assertThatThrownBy(() -> Yaml.reader().readDocuments("a: 1\n---\n\tb: [")).isInstanceOf(Json.ParseException.class);
    assertThatThrownBy(() -> Yaml.reader().readDocument(null)).isInstanceOf(NullPointerException.class);
  }
}
