package dev.gavel.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Builtins whose errors and corner cases must read as OPA's (the Go libraries behind it): hex,
 * YAML syntax errors, the raw JWT header, json.marshal_with_options, numbers beyond OPA's range,
 * sprintf of big floats, Go time layouts, uuid lengths, GraphQL query syntax, bits, membership.
 */
class GoWordingAndEdgeCasesTest {
  private static final String KEY = "`{\"kty\":\"oct\",\"k\":\"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow\"}`";

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiterString = " => ", value = {
      "json.marshal_with_options([1, 2], {\"prefix\": \"> \"}) => \"> [\\n> \\t1,\\n> \\t2\\n> ]\"",
      "json.marshal_with_options([], {\"indent\": \"  \", \"prefix\": \"---\"}) => \"---[]\"",
      "json.unmarshal(`{\"a\": 1e400}`).a > 1 => true",
      "sprintf(\"%v\", [2e308]) => \"2e308\"",
      "sprintf(\"%v\", [-1.5e400]) => \"-1.5e400\"",
      "sprintf(\"%v\", [1e21]) => \"1e+21\"",
      "sprintf(\"%v\", [1e3]) => \"1000\"",
      "sprintf(\"%v\", [123456789012345678901234567890]) => \"123456789012345678901234567890\"",
      "time.parse_ns(\"2006-01-02T15:04:05Z07:00\", \"1677-09-21T00:12:43.145224192-00:00\") => -9223372036854775808",
      "time.parse_ns(\"2006-01-02T15:04:05Z07:00\", \"2262-04-11T23:47:16.854775807-00:00\") => 9223372036854775807",
      "time.parse_ns(\"2006-01-02 15:04:05\", \"2020-01-01 10:00:01.5\") => 1577872801500000000",
      "time.add_date(1585852421593912000, -1, -1, -1) => 1551465221593912000",
      "uuid.parse(\"(00000000-0000-4000-8000-000000000000)\") => {\"variant\":\"RFC4122\",\"version\":4}",
      "uuid.parse(\"{00000000-0000-4000-8000-000000000000}\") => {\"variant\":\"RFC4122\",\"version\":4}",
      "uuid.parse(\"urn:uuix:00000000-0000-4000-8000-000000000000\") => undefined",
      "graphql.parse_query(`fragment a($v: Boolean = false) on t { f(v: $v) }`).Fragments[0].VariableDefinition[0].Variable => \"v\"",
      "internal.member_3(\"foo\", \"foo\", {\"foo\", \"bar\"}) => true",
      "internal.member_3(\"foo\", \"bar\", {\"foo\", \"bar\"}) => false",
      "io.jwt.encode_sign_raw(`{\"alg\":\"HS256\",\"typ\":\"jwt\"}`, \"x\", " + KEY + ") => \"eyJhbGciOiJIUzI1NiIsInR5cCI6Imp3dCJ9.eA.mxBN6gNHmptsBU9WV0-5QqGraCTsz3-rEV0goPdhCAQ\"",
  })
  void computesAsOpaDoes(String expr, String json) {
    assertThat(Eval.json(expr)).isEqualTo(json);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ~> ", value = {
      "hex.decode(\"0g\") ~> eval_builtin_error: hex.decode: encoding/hex: invalid byte: U+0067 'g'",
      "hex.decode(\"abc\") ~> eval_builtin_error: hex.decode: encoding/hex: odd length hex string",
      "hex.decode(\"zz1\") ~> eval_builtin_error: hex.decode: encoding/hex: invalid byte: U+007A 'z'",
      "yaml.unmarshal(\"[1,2,3\") ~> eval_builtin_error: yaml.unmarshal: yaml: line 1: did not find expected ',' or ']'",
      "yaml.unmarshal(\"a: b: c\") ~> eval_builtin_error: yaml.unmarshal: yaml: mapping values are not allowed in this context",
      "yaml.unmarshal(\"a: 1\\n b: 2\") ~> eval_builtin_error: yaml.unmarshal: yaml: line 2: mapping values are not allowed in this context",
      "yaml.unmarshal(\"a:\\n  b: 1\\n c: 2\") ~> eval_builtin_error: yaml.unmarshal: yaml: line 2: did not find expected key",
      "yaml.unmarshal(\"\\t- a\") ~> eval_builtin_error: yaml.unmarshal: yaml: found character that cannot start any token",
      "yaml.unmarshal(\"a: &x 1\\nb: *y\") ~> eval_builtin_error: yaml.unmarshal: yaml: unknown anchor 'y' referenced",
      "json.unmarshal(`{\"a\": [1e40000]}`) ~> eval_builtin_error: json.unmarshal: invalid number: number too big",
      "json.marshal_with_options([], {\"include_winning_lottery_numbers\": true}) ~> eval_type_error: json.marshal_with_options: operand 2 object contained unknown key \"include_winning_lottery_numbers\"",
      "bits.lsh(7, -1) ~> eval_type_error: bits.lsh: operand 2 must be an unsigned integer number but got a negative integer",
      "time.parse_ns(\"2006-01-02T15:04:05Z07:00\", \"1677-09-21T00:12:43.145224191-00:00\") ~> eval_builtin_error: time.parse_ns: time outside of valid range",
      "time.add_date(-9223372036854775808, 0, 0, -1) ~> eval_builtin_error: time.add_date: time outside of valid range",
      "time.date(1.5) ~> eval_builtin_error: time.date: timestamp too big",
      "graphql.parse_query(`{`) ~> eval_builtin_error: graphql.parse_query: Expected Name, found <EOF> in GraphQL string at location 1:2",
      "graphql.parse_query(`fragment on on on { on }`) ~> eval_builtin_error: graphql.parse_query: Unexpected Name \"on\" in GraphQL string at location 1:10",
      "io.jwt.encode_sign_raw(\"\", \"{}\", " + KEY + ") ~> missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string; unparsed tail: \"\"",
      "io.jwt.encode_sign_raw(`{\"typ:\"JWT\", \"alg\":\"HS256\"}`, \"{}\", " + KEY + ") ~> missing or invalid 'alg' header: cannot parse JSON: cannot parse object: missing ':' after object key",
      "io.jwt.encode_sign_raw(`{\"alg\":1}`, \"{}\", " + KEY + ") ~> missing or invalid 'alg' header: value doesn't contain string; it contains number",
      "io.jwt.encode_sign_raw(`{\"alg\":\"dummy\"}`, \"{}\", " + KEY + ") ~> unknown JWS algorithm: dummy",
      "io.jwt.encode_sign_raw(\"{}\", \"{}\", " + KEY + ") ~> unsupported signature algorithm",
      "io.jwt.encode_sign_raw(\"e\", \"{}\", " + KEY + ") ~> invalid character 'e' looking for beginning of value",
      "io.jwt.encode_sign_raw(`{\"alg\":\"HS256\"}`, \"e\", " + KEY + ") ~> type is JWT but payload is not JSON",
      "io.jwt.verify_rs256(\"a.b.c\", \"-----BEGIN CERT-----\\nMIIB\\n-----END CERT-----\") ~> failed to extract a Key from the PEM certificate",
      "io.jwt.verify_rs256(\"a.b.c\", \"-----BEGIN CERT-----\\nMIIB\\n-----END CERT-----\\nmore\") ~> extra data after a PEM certificate block",
      "io.jwt.verify_rs256(\"a.b.c\", `{\"kty\": \"bogus\"}`) ~> failed to parse a JWK key (set)",
  })
  void reportsOpasErrors(String expr, String message) {
    assertThat(Eval.error(expr)).contains(message);
  }
}
