package dev.gavel.rego.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.Rego;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.Value;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keywords as reference segments ({@code foo.as := 1}, {@code if.x := 2}, {@code package foo.true})
 * and the and/or keywords with their scoping, short-circuiting, grouping and with-modifiers.
 */
class KeywordRefsAndLogicalOperatorsTest {
  static String eval(String module, String query, String inputJson) {
    try {
      Rego r = Rego.builder().module("m.rego", module.replace("\\n", "\n")).build();
      Value input = inputJson == null || inputJson.equals("-") ? null : JsonValues.parse(inputJson);
      var rows = r.query("x := " + query, input, EvalOptions.at(Instant.EPOCH).strict(true));
      return rows.isEmpty() ? "undefined" : JsonValues.write(rows.get(0).get("x"));
    } catch (RegoException e) {
      return e.errors().get(0).code() + ": " + e.errors().get(0).message();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ~> ", value = {
      "package t\\nas.foo := 1\\nfoo.as := 2\\np if { as.foo == 1; foo.as == 2 } ~> data.t.p ~> - ~> true",
      "package t\\nif.x := 2\\np if { if.x == 2 } ~> data.t ~> - ~> {\"if\":{\"x\":2},\"p\":true}",
      "package t\\nif.x := 2\\np := if.x ~> data.t.p ~> - ~> rego_parse_error: unexpected if keyword",
      "package t\\ntrue.foo := 1\\nnull[\"k\"] := 2\\np if { true.foo == 1; null.k == 2 } ~> data.t.p ~> - ~> true",
      "package t\\ndefault.foo := 1\\nelse.bar := 2 if false else := 3\\nimport.x contains 4\\nwith.y := 5\\np if { default.foo == 1; else.bar == 3; import.x == {4}; with.y == 5 } ~> data.t.p ~> - ~> true",
      "package t\\ndefault contains.f(_) := 42\\ncontains.f(x) := x if x < 10\\np := [contains.f(1), contains.f(11)] ~> data.t.p ~> - ~> [1,42]",
      "package foo.true.bar\\nbaz := 42 ~> data.foo[\"true\"].bar.baz ~> - ~> 42",
      "package if\\np := 1 ~> data[\"if\"].p ~> - ~> 1",
      "package t\\nimport data.x.if ~> 1 ~> - ~> rego_parse_error: unexpected import path, must not end with a keyword, got: if (hint: import a different path or use an alias)",
      "package t\\np := as ~> 1 ~> - ~> rego_parse_error: unexpected as keyword",
  })
  void keywordsNameReferences(String module, String query, String input, String want) {
    assertThat(eval(module, query, input)).isEqualTo(want);
  }

  @ParameterizedTest(name = "{0} with {2}")
  @CsvSource(delimiterString = " ~> ", value = {
      "p if { input.a and input.b } ~> {\"a\": true, \"b\": true} ~> true",
      "p if { input.a and input.b } ~> {\"a\": true, \"b\": false} ~> undefined",
      "p if input.a or input.b ~> {\"a\": false, \"b\": 1} ~> true",
      "p if { input.a and input.b or input.c } ~> {\"a\": false, \"c\": true} ~> true",
      "p if { input.a and (input.b or input.c) } ~> {\"a\": true, \"c\": true} ~> true",
      "p if { (input.a or input.b) and input.c } ~> {\"a\": true} ~> undefined",
      "p if { not (input.a or input.b) } ~> {} ~> true",
      "p if { not input.a and input.b } ~> {\"b\": true} ~> true",
      "p if { { some x in input.xs; x > 2 } or input.b } ~> {\"xs\": [1, 3]} ~> true",
      "p if { y := 3; { x := y; x > 1 } or input.b } ~> {} ~> true",
      "p := [x | some x in [\"do\", \"re\", \"mi\"]; count(x) > 1 or count(x) < 3] ~> {} ~> [\"do\",\"re\",\"mi\"]",
      "p if { input.a or to_number(input.s) > 0 } ~> {\"a\": true, \"s\": \"not a number\"} ~> true",
      "p if { input.a and to_number(input.s) > 0 } ~> {\"a\": false, \"s\": \"not a number\"} ~> undefined",
      "p if { input.x > 0 or input.y > 0 with input as {\"y\": 1} } ~> {} ~> true",
      "p if { (input.x > 0 or input.y > 0 with input as {\"x\": 0, \"y\": 1}) } ~> {} ~> true",
      "p if { x := 1 or input.b } ~> {} ~> rego_compile_error: cannot assign vars inside implicit or operand",
      "p if { x = 1 or input.b } ~> {} ~> rego_unsafe_var_error: var x is unsafe",
      "p if { {x := 1} and x == 1 } ~> {} ~> rego_unsafe_var_error: var x is unsafe",
      "p if { input.a with input as 1 or input.b } ~> {} ~> rego_parse_error: `with` modifier is not allowed on operand of `or` (hint: Wrap the operand in `(...)` or `{...}` to scope, or move `with` after the `or` expression to apply it to the whole expression)",
      "p if { input.a or input.b with input as {} or input.c } ~> {} ~> rego_parse_error: unexpected or keyword: expected \\n or ; or }",
  })
  void andOrSucceedOnceWithoutBinding(String rule, String input, String want) {
    assertThat(eval("package t\nimport future.keywords\n" + rule + "\n", "data.t.p", input)).isEqualTo(want);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ~> ", value = {
      "import future.keywords.and ~> p if { true and true } ~> true",
      "import future.keywords.or ~> p if { false or true } ~> true",
      "import rego.v2 ~> p if { false or not { false } } ~> true",
      "import future.keywords.not ~> p if not { false } ~> true",
      "import rego.v1 ~> and := 1\\np := and ~> 1",
  })
  void theKeywordsAreOnlyOnWhenImported(String imports, String rule, String want) {
    assertThat(eval("package t\n" + imports + "\n" + rule + "\n", "data.t.p", null)).isEqualTo(want);
  }
}
