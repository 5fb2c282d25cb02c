package dev.gavel.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** regex.template_match, regex.globs_match and strings.render_template (Go's text/template). */
class TextBuiltinsTest {
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiterString = " => ", value = {
      "regex.template_match(\"urn:foo:{.*}\", \"urn:foo:bar:baz\", \"{\", \"}\") => true",
      "regex.template_match(\"urn:foo.bar.com:{.*}\", \"urn:foo.bar.com:bar:baz\", \"<\", \">\") => false",
      "regex.template_match(\"a{[0-9]+}b{x|y}\", \"a12by\", \"{\", \"}\") => true",
      "regex.template_match(\"a.{[0-9]+}\", \"ab12\", \"{\", \"}\") => false",
      "regex.globs_match(\"a.a.[0-9]+z\", \".b.b2359825792*594823z\") => true",
      "regex.globs_match(\"[a-z]+\", \"[0-9]*\") => false",
      "regex.globs_match(\"a*\", \"b*\") => false",
      "regex.globs_match(\"x[a-c]*y\", \"x.*\") => true",
      "regex.globs_match(\"abc\", \"a.d\") => false",
      "regex.globs_match(`[a-z]+\\[[0-9]+\\]`, \"foo\\\\[1\\\\]\") => true",
      "strings.render_template(\"{{.test}}\", {\"test\": \"hello world\"}) => \"hello world\"",
      "strings.render_template(\"{{.n}} {{.f}}\", {\"n\": 2023, \"f\": 1.50}) => \"2023 1.50\"",
      "strings.render_template(\"{{range $i, $name := .names}}{{if $i}},{{end}}hi {{$name}}{{end}}\", {\"names\": [\"a\", \"b\"]}) => \"hi a,hi b\"",
      "strings.render_template(\"{{.missing}} {{.x}}\", {\"x\": 1}) => \"<undefined> 1\"",
      "strings.render_template(\"{{if .zero}}yes{{else}}no{{end}}\", {\"zero\": 0}) => \"yes\"",
      "strings.render_template(\"{{.l}} {{.m}}\", {\"l\": [1, \"x\", true], \"m\": {\"k\": 1, \"j\": [2]}}) => \"[1 x true] map[j:[2] k:1]\"",
      "strings.render_template(\"{{ print 1 2 \\\"a\\\" \\\"b\\\" 3 }}\", {}) => \"1 2ab3\"",
      "strings.render_template(\"{{ printf \\\"%05d|%-4s|%x|%q\\\" 42 \\\"b\\\" 255 \\\"q\\\" }}\", {}) => \"00042|b   |ff|\\\"q\\\"\"",
      "strings.render_template(\"{{- \\\" a \\\" -}}  b {{/* gone */}}c\", {}) => \" a b c\"",
      "strings.render_template(\"{{ with .a }}{{ . }}{{ else }}none{{ end }}|{{ $x := 1 }}{{ $x = 2 }}{{ $x }}\", {\"a\": \"\"}) => \"none|2\"",
      "strings.render_template(\"{{ range .a }}{{ if eq . \\\"b\\\" }}{{ break }}{{ end }}{{ . }}{{ end }}\", {\"a\": [\"a\", \"b\", \"c\"]}) => \"a\"",
      "strings.render_template(\"{{ template \\\"x\\\" . }}{{ define \\\"x\\\" }}[{{ .v }}]{{ end }}\", {\"v\": 7}) => \"[7]\"",
      "strings.render_template(\"{{ html \\\"<a>\\\" }} {{ urlquery \\\"a b\\\" }} {{ len .s }} {{ index .l 1 }}\", {\"s\": \"abc\", \"l\": [5, 6]}) => \"&lt;a&gt; a+b 3 6\"",
  })
  void computesAsOpaDoes(String expr, String json) {
    assertThat(Eval.json(expr)).isEqualTo(json);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ~> ", value = {
      "regex.template_match(\"urn:{.*\", \"x\", \"{\", \"}\") ~> unbalanced braces in \"urn:{.*\"",
      "regex.template_match(\"{(}\", \"x\", \"{\", \"}\") ~> error parsing regexp: missing closing ): `^($`",
      "regex.template_match(\"x\", \"x\", \"{{\", \"}\") ~> start delimiter has to be exactly one character long but is 2 long",
      "regex.globs_match(\"pqrs]\", \"[a-b]+\") ~> input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid",
      "regex.globs_match(\"+a\", \"x\") ~> flag '+' must be preceded by a non-flag",
      "regex.globs_match(\"[z-a]\", \"x\") ~> range is out of order",
      "strings.render_template(\"{{\", {}) ~> template: template:1: unclosed action",
      "strings.render_template(\"{{ if .x }}a\", {}) ~> template: template:1: unexpected EOF",
      "strings.render_template(\"{{ foo }}\", {}) ~> template: template:1: function \"foo\" not defined",
      "strings.render_template(\"{{ .a.b.c }}\", {\"a\": 1}) ~> template: template:1:5: executing \"template\" at <.a.b.c>: can't evaluate field b in type interface {}",
      "strings.render_template(\"{{ index .a 5 }}\", {\"a\": [1]}) ~> error calling index: index out of range: 5",
      "strings.render_template(\"{{ eq 1 1.0 }}\", {}) ~> incompatible types for comparison: int and float64",
      "strings.render_template(\"{{ 3 | 4 }}\", {}) ~> non executable command in pipeline stage 2",
      "strings.render_template(\"{{ $y }}\", {}) ~> undefined variable \"$y\"",
      "strings.render_template(\"{{ define \\\"r\\\" }}{{ template \\\"r\\\" }}{{ end }}{{ template \\\"r\\\" }}\", {}) ~> exceeded maximum template depth (1000)",
  })
  void reportsGoErrors(String expr, String message) {
    assertThat(Eval.error(expr)).contains(message);
  }
}
