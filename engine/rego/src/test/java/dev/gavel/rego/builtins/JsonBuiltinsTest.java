package dev.gavel.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** json.patch (RFC 6902 over Rego values), json.verify_schema and json.match_schema with OPA's result shape. */
class JsonBuiltinsTest {
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiterString = " => ", value = {
      "json.patch({\"a\": 1}, [{\"op\": \"add\", \"path\": \"/b\", \"value\": 2}]) => {\"a\":1,\"b\":2}",
      "json.patch([1, 2], [{\"op\": \"add\", \"path\": \"/-\", \"value\": 3}, {\"op\": \"remove\", \"path\": \"/0\"}]) => [2,3]",
      "json.patch({\"a\": {1, 2}}, [{\"op\": \"add\", \"path\": [\"a\", 3], \"value\": 3}]) => {\"a\":[1,2,3]}",
      "json.patch({\"a\": 1}, [{\"op\": \"move\", \"from\": \"/a\", \"path\": \"/b\"}]) => {\"b\":1}",
      "json.patch({\"a\": [1]}, [{\"op\": \"copy\", \"from\": \"/a\", \"path\": \"/b\"}]) => {\"a\":[1],\"b\":[1]}",
      "json.patch({\"a\": 1}, [{\"op\": \"test\", \"path\": \"/a\", \"value\": 1}, {\"op\": \"replace\", \"path\": \"/a\", \"value\": 9}]) => {\"a\":9}",
      "json.patch({\"a/b\": {\"~\": 1}}, [{\"op\": \"remove\", \"path\": \"/a~1b/~0\"}]) => {\"a/b\":{}}",
      "json.patch({\"a\": 1}, [{\"op\": \"replace\", \"path\": \"\", \"value\": 5}]) => 5",
      "json.patch({\"a\": 1}, [{\"op\": \"remove\", \"path\": \"\"}]) => undefined",
      "json.verify_schema({\"type\": \"boolean\"}) => [true,null]",
      "json.verify_schema(`{\"type\": \"unknown_type\"}`) => [false,\"jsonschema: has a primitive type that is NOT VALID -- given: /unknown_type/ Expected valid values are:[array boolean integer number null object string]\"]",
      "json.verify_schema({\"minLength\": \"x\"}) => [false,\"jsonschema: minLength must be of an integer\"]",
      "json.verify_schema(\"not json\") => [false,\"jsonschema: invalid JSON string\"]",
      "json.match_schema({\"id\": 5}, {\"properties\": {\"id\": {\"type\": \"integer\"}}}) => [true,[]]",
      "json.match_schema({\"id\": \"foo\"}, {\"properties\": {\"id\": {\"type\": \"integer\"}}, \"required\": [\"id\"]}) => [false,[{\"desc\":\"Invalid type. Expected: integer, given: string\",\"error\":\"id: Invalid type. Expected: integer, given: string\",\"field\":\"id\",\"type\":\"invalid_type\"}]]",
      "json.match_schema(`{}`, `{\"required\": [\"a\"]}`) => [false,[{\"desc\":\"a is required\",\"error\":\"(Root): a is required\",\"field\":\"(Root)\",\"type\":\"required\"}]]",
      "json.match_schema({\"a\": [1, 1]}, {\"properties\": {\"a\": {\"uniqueItems\": true}}}) => [false,[{\"desc\":\"array items[0,1] must be unique\",\"error\":\"a: array items[0,1] must be unique\",\"field\":\"a\",\"type\":\"unique\"}]]",
      "json.match_schema({\"a\": 7}, {\"properties\": {\"a\": {\"multipleOf\": 2, \"maximum\": 6}}})[1][0].type => \"multiple_of\"",
      "json.match_schema({\"a\": 1}, {\"properties\": {\"a\": {\"oneOf\": [{\"type\": \"integer\"}, {\"minimum\": 0}]}}})[1][0].type => \"number_one_of\"",
  })
  void computesAsOpaDoes(String expr, String json) {
    assertThat(Eval.json(expr)).isEqualTo(json);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "json.patch({\"a\": 1}, [{\"op\": \"add\", \"path\": \"/b/c\", \"value\": 1}])|path \"b\" does not exist in object term {\"a\": 1}",
      "json.patch([1, 2], [{\"op\": \"add\", \"path\": \"/01\", \"value\": 1}])|leading zeros are not allowed in JSON paths",
      "json.patch([1, 2], [{\"op\": \"remove\", \"path\": \"/5\"}])|index for array delete out of bounds",
      "json.patch({\"a\": {1}}, [{\"op\": \"add\", \"path\": [\"a\", 3], \"value\": 4}])|set key 3 does not equal value to be inserted 4",
      "json.patch({\"a\": 1}, [{\"op\": \"test\", \"path\": \"/a\", \"value\": 2}])|value from EditTree != patch value.",
      "json.patch({\"a\": 1}, [{\"op\": \"foo\", \"path\": \"/a\"}])|unrecognized op: 'foo'",
      "json.patch({\"a\": 1}, [{\"path\": \"/a\"}])|missing required attribute 'op'",
      "json.patch({\"a\": \"x\"}, [{\"op\": \"add\", \"path\": \"/a/b\", \"value\": 1}])|expected composite type, found value: \"x\" (type: ast.String)",
      "json.patch({\"a\": 1}, [{\"op\": \"add\", \"path\": 1, \"value\": 1}])|eval_type_error: json.patch: operand 2 must be one of {set, array}",
      "json.match_schema({}, {\"type\": \"foo\"})|has a primitive type that is NOT VALID -- given: /foo/",
      "json.match_schema(\"{\", {})|invalid JSON string",
      "json.match_schema({}, {\"$ref\": \"https://example.com/schema.json\"})|json.match_schema: ",
  })
  void reportsOpasErrors(String expr, String message) {
    assertThat(Eval.error(expr)).contains(message);
  }
}
