package dev.gavel.rego.value;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NestingDepthTest {
  @ParameterizedTest(name = "{0} nests {1} deep")
  @CsvSource(delimiter = '|', value = {
      "1|0", "\"s\"|0", "null|0", "[]|1", "[1]|1", "{\"a\": [1]}|2", "[[], [[]]]|3", "{\"a\": {\"b\": {\"c\": {}}}}|4"})
  void nestingDepthCountsCollectionsAsJsonParsersDo(String json, int depth) throws Exception {
    assertThat(JsonValues.parse(json).nestingDepth()).isEqualTo(depth);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {"set|2", "object key|4"})
  void nestingDepthIncludesSetMembersAndObjectKeys(String kind, int depth) {
    Value inner = ArrayValue.of(ArrayValue.EMPTY);
    Value v = kind.equals("set") ? SetValue.of(ArrayValue.EMPTY)
        : ObjectValue.builder().put(ArrayValue.of(inner), NumberValue.of(1L)).build();
    assertThat(v.nestingDepth()).isEqualTo(depth);
  }
}
