package dev.gavel.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.rego.Rego;
import dev.gavel.rego.RegoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** providers.aws.sign_req, rego.parse_module, the internal and deprecated builtins. */
class AwsAndRegoBuiltinsTest {
  /** AWS's published Signature Version 4 example "get-vanilla" (AKIDEXAMPLE, 2015-08-30T12:36:00Z). */
  @Test
  void signsRequestsAsAwsDocumentsSignatureVersion4() {
    String req = "providers.aws.sign_req({\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\"}, "
        + "{\"aws_access_key\": \"AKIDEXAMPLE\", \"aws_secret_access_key\": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\", "
        + "\"aws_service\": \"service\", \"aws_region\": \"us-east-1\"}, time.parse_rfc3339_ns(\"2015-08-30T12:36:00Z\"))";
    assertThat(Eval.json(req + ".headers.Authorization")).isEqualTo("\"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
        + "service/aws4_request,SignedHeaders=host;x-amz-date,Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\"");
    assertThat(Eval.json(req + ".headers[\"x-amz-date\"]")).isEqualTo("\"20150830T123600Z\"");
    assertThat(Eval.json(req + ".method")).isEqualTo("\"GET\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ~> ", value = {
      "providers.aws.sign_req({\"method\": \"GET\"}, {\"aws_access_key\": \"a\", \"aws_secret_access_key\": \"b\", \"aws_service\": \"s3\", \"aws_region\": \"r\"}, 0) ~> eval_type_error: providers.aws.sign_req: operand 1 missing required request parameters(s): {\"url\"}",
      "providers.aws.sign_req({\"method\": \"GET\", \"url\": \"http://x\"}, {\"aws_access_key\": \"a\"}, 0) ~> missing required AWS config parameters(s): {\"aws_region\", \"aws_secret_access_key\", \"aws_service\"}",
      "providers.aws.sign_req({\"method\": \"GET\", \"url\": \"http://x\"}, {\"aws_access_key\": \"a\", \"aws_secret_access_key\": \"b\", \"aws_service\": \"s3\", \"aws_region\": \"r\"}, 1e9) ~> operand 3 could not convert time_ns value into a unix timestamp",
      "providers.aws.sign_req({\"method\": \"GET\", \"url\": \"http://x\", \"bogus\": 1}, {}, 0) ~> missing required AWS config parameters(s)",
      "http.send({\"method\": \"GET\", \"url\": \"http://x\", \"bogus\": 1}) ~> eval_type_error: http.send: operand 1 invalid request parameters(s): {\"bogus\"}",
      "http.send({\"method\": \"GET\", \"url\": \"http://x\"}) ~> network access is disabled in the embedded engine",
      "rego.parse_module(\"x.rego\", \"package foo.\") ~> eval_builtin_error: rego.parse_module: 1 error occurred: x.rego:1: rego_parse_error:",
      "internal.template_string([{1, 2}]) ~> template-strings must not produce multiple outputs",
  })
  void reportsOpasErrors(String expr, String message) {
    assertThat(Eval.error(expr)).contains(message);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiterString = " => ", value = {
      "rego.parse_module(\"x.rego\", \"package foo.bar\\nimport data.a\\np if { a = true }\")[\"package\"].path[1].value => \"foo\"",
      "rego.parse_module(\"x.rego\", \"package a\\np contains x if x := input[_]\").rules[0].head => {\"key\":{\"type\":\"var\",\"value\":\"x\"},\"name\":\"p\",\"ref\":[{\"type\":\"var\",\"value\":\"p\"}]}",
      "rego.parse_module(\"x.rego\", \"package a\\np contains x if x := input[_]\").rules[0].body[0].terms[2] => {\"type\":\"ref\",\"value\":[{\"type\":\"var\",\"value\":\"input\"},{\"type\":\"var\",\"value\":\"$0\"}]}",
      "rego.parse_module(\"x.rego\", \"package a\\nq := 1\").rules[0].body => [{\"generated\":true,\"index\":0,\"terms\":{\"type\":\"boolean\",\"value\":true}}]",
      "rego.parse_module(\"x.rego\", \"package a\\n# hi\\nq := null\").comments[0].Text => \"IGhp\"",
      "rego.metadata.chain() => undefined",
      "rego.metadata.rule() => undefined",
      "internal.template_string([\"a\", 1, {2}, set()]) => \"a12<undefined>\"",
      "internal.member_2(1, [1]) => true",
      "internal.test_case([1]) => true",
  })
  void computesAsOpaDoes(String expr, String json) {
    assertThat(Eval.json(expr)).isEqualTo(json);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {"any([true])", "all([true])", "re_match(\"a\", \"a\")", "set_diff({1}, {1})", "cast_string(\"a\")", "net.cidr_overlap(\"10.0.0.0/8\", \"10.1.1.1\")"})
  void refusesDeprecatedBuiltinsAsRegoV1Does(String call) {
    String name = call.substring(0, call.indexOf('('));
    assertThatThrownBy(() -> Rego.builder().module("p.rego", "package p\nx := " + call + "\n").build())
        .isInstanceOf(RegoException.class)
        .hasMessageContaining("rego_type_error: deprecated built-in function calls in expression: " + name);
  }

  @Test
  void deprecatedBuiltinsKeepOpasSemanticsInTheRegistry() {
    BuiltinRegistry r = StandardBuiltins.registry();
    BuiltinContext ctx = null;
    assertThat(r.lookup("set_diff").call(ctx, java.util.List.of(dev.gavel.rego.value.SetValue.of(
        dev.gavel.rego.value.NumberValue.of(1), dev.gavel.rego.value.NumberValue.of(2)),
        dev.gavel.rego.value.SetValue.of(dev.gavel.rego.value.NumberValue.of(1))))).hasToString("{2}");
    assertThat(r.lookup("cast_boolean").decl().deprecated()).isTrue();
    assertThat(r.lookup("eq").evaluatedByEngine()).isTrue();
  }
}
