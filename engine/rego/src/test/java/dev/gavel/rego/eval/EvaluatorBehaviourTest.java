package dev.gavel.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.Rego;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Language behaviour through the public API: module text in, JSON results out. */
class EvaluatorBehaviourTest {
  static final EvalOptions OPTS = EvalOptions.at(Instant.parse("2026-01-01T00:00:00Z"));

  static String results(String module, String query, String input) throws Exception {
    Rego.Builder b = Rego.builder();
    if (module != null) {
      b.module("test.rego", module);
    }
    Rego rego = b.data(JsonValues.parse("{\"roles\": {\"alice\": [\"admin\"], \"bob\": [\"dev\"]}}")).build();
    Value in = input == null ? null : JsonValues.parse(input);
    List<Map<String, Value>> rows = rego.query(query, in, OPTS);
    return rows.stream().map(r -> JsonValues.write(ObjectValue.of(
        r.entrySet().stream().collect(Collectors.toMap(e -> dev.gavel.rego.value.StringValue.of(e.getKey()), Map.Entry::getValue)))))
        .sorted().collect(Collectors.joining(","));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("complete rule", "package t\np := 1", "x = data.t.p", null, "{\"x\":1}"),
        Arguments.of("rule with if body", "package t\np if input.a == 1", "x = data.t.p", "{\"a\":1}", "{\"x\":true}"),
        Arguments.of("undefined rule", "package t\np if input.a == 2", "x = data.t.p", "{\"a\":1}", ""),
        Arguments.of("default rule", "package t\ndefault p := false\np if input.a == 2", "x = data.t.p", "{\"a\":1}", "{\"x\":false}"),
        Arguments.of("partial set", "package t\ns contains x if { some x in input.xs; x > 1 }", "x = data.t.s", "{\"xs\":[1,2,3]}", "{\"x\":[2,3]}"),
        Arguments.of("partial object", "package t\no[k] := v if { some k, v in input.m; v > 1 }", "x = data.t.o", "{\"m\":{\"a\":1,\"b\":2}}", "{\"x\":{\"b\":2}}"),
        Arguments.of("functions and else", "package t\nf(x) := \"big\" if x > 10 else := \"small\"\np := [f(1), f(20)]", "x = data.t.p", null, "{\"x\":[\"small\",\"big\"]}"),
        Arguments.of("every", "package t\np if every x in input.xs { x > 0 }", "x = data.t.p", "{\"xs\":[1,2]}", "{\"x\":true}"),
        Arguments.of("not", "package t\np if not input.deny", "x = data.t.p", "{}", "{\"x\":true}"),
        Arguments.of("comprehensions", "package t\np := {x: y | some x in [1,2]; y := x * 2}", "x = data.t.p", null, "{\"x\":{\"1\":2,\"2\":4}}"),
        Arguments.of("with input", "package t\np := input.a", "x = data.t.p with input.a as 7", null, "{\"x\":7}"),
        Arguments.of("with data", "package t\np := data.roles.alice", "x = data.t.p with data.roles.alice as [\"none\"]", null, "{\"x\":[\"none\"]}"),
        Arguments.of("base data iteration", null, "data.roles[name][_] = \"admin\"", null, "{\"name\":\"alice\"}"),
        Arguments.of("safety reorders", "package t\np := y if { y > 1; y = 2 }", "x = data.t.p", null, "{\"x\":2}"),
        Arguments.of("ref head", "package t\na.b[k] := 1 if some k in [\"x\", \"y\"]", "x = data.t.a", null, "{\"x\":{\"b\":{\"x\":1,\"y\":1}}}"),
        Arguments.of("package document", "package t\np := 1\nq := 2", "x = data.t", null, "{\"x\":{\"p\":1,\"q\":2}}"),
        Arguments.of("negated body (rego.v2) holds when one expression fails", "package t\nimport rego.v2\np if not { input.a; input.b }",
            "x = data.t.p", "{\"a\":true,\"b\":false}", "{\"x\":true}"),
        Arguments.of("negated body (rego.v2) fails when all hold", "package t\nimport rego.v2\np if not { input.a; input.b }",
            "x = data.t.p", "{\"a\":true,\"b\":true}", ""),
        Arguments.of("negated body sees outer variables", "package t\nimport rego.v2\np contains v if { some v in [1, 2, 3]; not { v > 1; v < 3 } }",
            "x = data.t.p", null, "{\"x\":[1,3]}"),
        Arguments.of("with inside a template part", "package t\na := input.a\np := $\"foo {a with input as {\"a\": 42}}\"",
            "x = data.t.p", null, "{\"x\":\"foo 42\"}"),
        Arguments.of("template argument bound by the body", "package t\np := f(\"foo 7\")\nf($\"{x} {input.y}\") := 42 if { x = \"foo\" }",
            "x = data.t.p", "{\"y\":7}", "{\"x\":42}"),
        Arguments.of("general ref rules and ground rules below merge their sets",
            "package t\np[q].r contains s if { x := [\"a\", \"b\"]; q := x[_]; s := x[_]; q != s }\np.b.r contains \"foo\"",
            "x = data.t.p", null, "{\"x\":{\"a\":{\"r\":[\"b\"]},\"b\":{\"r\":[\"a\",\"foo\"]}}}"),
        Arguments.of("general ref rules and ground rules below, queried deep", 
            "package t\np[q].r contains s if { x := [\"a\", \"b\"]; q := x[_]; s := x[_]; q != s }\np.b.r contains \"foo\"",
            "x = data.t.p.b.r.foo", null, "{\"x\":\"foo\"}"),
        Arguments.of("general and ground rules with one value at one path", "package t\np.q.r := 1\np.q[s] := 1 if s := \"r\"",
            "x = data.t.p", null, "{\"x\":{\"q\":{\"r\":1}}}"),
        Arguments.of("general and ground rules side by side", "package t\np[q].r := 1 if q := \"a\"\np.a[x] := 2 if x := \"s\"",
            "x = data.t.p", null, "{\"x\":{\"a\":{\"r\":1,\"s\":2}}}"),
        Arguments.of("an empty package is an empty object", "package t.e\n",
            "x = data.t", null, "{\"x\":{\"e\":{}}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void evaluates(String name, String module, String query, String input, String expected) throws Exception {
    assertThat(results(module, query, input)).isEqualTo(expected);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("conflicting complete rule", "package t\np := 1\np := 2", "x = data.t.p", "eval_conflict_error"),
        Arguments.of("unsafe variable", "package t\np if { x > 1 }", "x = data.t.p", "rego_unsafe_var_error"),
        Arguments.of("unknown function", "package t\np := nope(1)", "x = data.t.p", "rego_type_error"),
        Arguments.of("recursion", "package t\np if q\nq if p", "x = data.t.p", "rego_recursion_error"),
        Arguments.of("a ground rule inside a general rule's value", "package t\np[q].r := v if { q := \"q\"; v := {\"s\": {\"t\": 1}} }\np.q.r.s.u := 42",
            "x = data.t.p", "eval_conflict_error"),
        Arguments.of("a general rule below a ground rule's value", "package t\np[q].r.s := i if q := [\"a\", \"b\"][i]\np.a.r := 42",
            "x = data.t.p", "eval_conflict_error"),
        Arguments.of("general and ground rules with two values at one path", "package t\np.q.r := 1\np.q[s] := 2 if s := \"r\"",
            "x = data.t.p.q", "eval_conflict_error"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void reportsErrorCodes(String name, String module, String query, String code) {
    assertThatThrownBy(() -> results(module, query, null))
        .isInstanceOf(RegoException.class)
        .satisfies(e -> assertThat(((RegoException) e).code()).isEqualTo(code));
  }
}
