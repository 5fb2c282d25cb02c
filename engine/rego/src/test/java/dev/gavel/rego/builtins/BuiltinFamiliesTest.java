package dev.gavel.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.Rego;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Builtins through the engine: expression in, JSON out; one row per behaviour. */
class BuiltinFamiliesTest {
  static final Rego REGO = Rego.builder().build();
  static final EvalOptions OPTS = EvalOptions.at(Instant.parse("2026-03-04T05:06:07.5Z")).strict(true);

  static String eval(String expr) {
    List<Map<String, Value>> rows = REGO.query("x := " + expr, null, OPTS);
    return rows.isEmpty() ? "undefined" : JsonValues.write(rows.get(0).get("x"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiterString = " => ", value = {
      "1 + 2 * 3 => 7",
      "[yaml.is_valid(\"a: 1\\n---\\n\\tb: 2\\n\"), yaml.is_valid(\"a: 1\\n---\\nb: 2\\n\")] => [false,true]",
      "graphql.is_valid(``, `type Query { a: String }`) => true",
      "graphql.is_valid(graphql.parse_query(`{ a }`), graphql.parse_schema(`type Query { a: String }`)) => true",
      "graphql.schema_is_valid(`scalar S @deprecated`) => false",
      "graphql.schema_is_valid(`type Query { a: String @deprecated }`) => true",
      "18446744073709551617 + 1 => 18446744073709551618",
      "1 / 3 => 0.3333333333333333",
      "7 % 3 => 1",
      "{1, 2, 3} - {2} => [1,3]",
      "count(\"héllo\") => 5",
      "sum([1, 2.5]) => 3.5",
      "sort({3, 1, 2}) => [1,2,3]",
      "object.union({\"a\": {\"b\": 1}}, {\"a\": {\"c\": 2}}) => {\"a\":{\"b\":1,\"c\":2}}",
      "concat(\", \", [\"a\", \"b\"]) => \"a, b\"",
      "sprintf(\"%s has %d items costing %.2f\", [\"cart\", 3, 9.5]) => \"cart has 3 items costing 9.50\"",
      "sprintf(\"%v\", [{\"a\": [1, true]}]) => \"{\\\"a\\\": [1, true]}\"",
      "split(\"a.b.c\", \".\") => [\"a\",\"b\",\"c\"]",
      "substring(\"héllo\", 1, 3) => \"éll\"",
      "regex.match(`^[a-z]+\\d$`, \"abc1\") => true",
      "glob.match(\"*.example.com\", [\".\"], \"a.b.example.com\") => false",
      "glob.match(\"**.example.com\", [\".\"], \"a.b.example.com\") => true",
      "semver.compare(\"1.2.3-alpha\", \"1.2.3\") => -1",
      "net.cidr_contains(\"10.0.0.0/8\", \"10.1.2.3\") => true",
      "units.parse_bytes(\"1.5KiB\") => 1536",
      "units.parse(\"250m\") => 0.25",
      "time.parse_rfc3339_ns(\"1970-01-01T00:00:01Z\") => 1000000000",
      "time.format([0, \"UTC\", \"2006-01-02 15:04\"]) => \"1970-01-01 00:00\"",
      "time.parse_duration_ns(\"1h30m\") => 5400000000000",
      "time.now_ns() => 1772600767500000000",
      "base64.encode(\"gavel\") => \"Z2F2ZWw=\"",
      "crypto.sha256(\"abc\") => \"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"",
      "json.remove({\"a\": {\"b\": 1, \"c\": 2}}, [\"a/b\"]) => {\"a\":{\"c\":2}}",
      "bits.lsh(1, 70) => 1180591620717411303424",
      "[p | walk({\"a\": [1]}, [p, _])] => [[],[\"a\"],[\"a\",0]]",
      "graph.reachable({\"a\": [\"b\"], \"b\": []}, [\"a\"]) => [\"a\",\"b\"]",
      "io.jwt.decode(\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\")[1] => {\"sub\":\"x\"}",
  })
  void evaluates(String expr, String json) {
    assertThat(eval(expr)).isEqualTo(json);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "1 / 0|div: divide by zero",
      "1.5 % 1|rem: modulo on floating-point number",
      "count(1)|count: operand 1 must be one of {array, object, set, string} but got number",
      "units.parse(\"1 k\")|units.parse: spaces not allowed in resource strings",
      "semver.compare(\"1\", \"2.0.0\")|semver.compare: operand 1: string \"1\" is not a valid SemVer",
      "net.cidr_expand(\"10.0.0.1/33\")|net.cidr_expand: invalid CIDR address: 10.0.0.1/33",
      "io.jwt.decode(\"abc\")|io.jwt.decode: encoded JWT had no period separators",
      "http.send({\"method\": \"GET\", \"url\": \"http://localhost\"})|http.send: network access is disabled",
  })
  void reportsBuiltinErrorsInStrictMode(String expr, String message) {
    assertThatThrownBy(() -> eval(expr)).isInstanceOf(RegoException.class).hasMessageContaining(message);
  }
}
