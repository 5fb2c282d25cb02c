package dev.gavel.rego.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValueOrderTest {

  @Test
  void typesSortInOpaOrder() {
    List<Value> vs = new ArrayList<>(List.of(
        SetValue.of(NumberValue.of(1)),
        ObjectValue.of(Map.of(StringValue.of("a"), NumberValue.of(1))),
        ArrayValue.of(NumberValue.of(1)),
        StringValue.of("a"),
        NumberValue.of(1),
        BooleanValue.TRUE,
        NullValue.INSTANCE));
    vs.sort(null);
    assertThat(vs).extracting(Value::typeName)
        .containsExactly("null", "boolean", "number", "string", "array", "object", "set");
  }

  @Test
  void numbersAreEqualByValueNotScale() {
    NumberValue a = NumberValue.parse("1");
    NumberValue b = NumberValue.parse("1.000");
    assertThat(a).isEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(SetValue.of(a, b).size()).isEqualTo(1);
  }

  @Test
  void bigIntegersStayExact() {
    NumberValue n = NumberValue.parse("123456789012345678901234567890");
    assertThat(n.toString()).isEqualTo("123456789012345678901234567890");
    assertThat(JsonValues.write(n)).isEqualTo("123456789012345678901234567890");
  }

  static Stream<Arguments> renderings() {
    return Stream.of(
        Arguments.of(SetValue.EMPTY, "set()"),
        Arguments.of(SetValue.of(NumberValue.of(2), NumberValue.of(1)), "{1, 2}"),
        Arguments.of(ArrayValue.of(StringValue.of("a"), NullValue.INSTANCE), "[\"a\", null]"),
        Arguments.of(ObjectValue.of(Map.of(StringValue.of("b"), BooleanValue.TRUE, StringValue.of("a"), NumberValue.of(new BigDecimal("2.50")))),
            "{\"a\": 2.5, \"b\": true}"),
        Arguments.of(StringValue.of("tab\there"), "\"tab\\there\""));
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void rendersAsRegoText(Value v, String text) {
    assertThat(ValueText.rego(v)).isEqualTo(text);
  }

  @Test
  void objectsWithNonStringKeysRenderKeysAsJsonTextInJson() {
    ObjectValue o = ObjectValue.of(Map.of(NumberValue.of(1), StringValue.of("x")));
    assertThat(JsonValues.write(o)).isEqualTo("{\"1\":\"x\"}");
  }

  @Test
  void stringsCompareByCodePoint() {
    // U+1F600 (surrogate pair) sorts after U+FFFD in code-point order, unlike UTF-16 order.
    assertThat(StringValue.of("\uD83D\uDE00").compareTo(StringValue.of("\uFFFD"))).isPositive();
  }

  @Test
  void objectsCompareByCanonicalKeyOrder() {
    ObjectValue a = ObjectValue.of(Map.of(StringValue.of("a"), NumberValue.of(1)));
    ObjectValue b = ObjectValue.of(Map.of(StringValue.of("a"), NumberValue.of(2)));
    assertThat(a.compareTo(b)).isNegative();
    assertThat(a).isNotEqualTo(b);
  }
}
