package dev.gavel.rego.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.rego.RegoException;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.ast.Rule;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.compile.VarCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegoParserTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing if before body|package p\\n\\nallow {\\n  true\\n}|f.rego:3:7: rego_parse_error: `if` keyword is required before rule body",
      "unterminated string|package p\\nx := \"abc|f.rego:2:6: rego_parse_error: unterminated string",
      "dangling operator|package p\\nallow if {\\n  1 +\\n}|f.rego:4:1: rego_parse_error: unexpected } token: expected term",
      "no package|allow := 1|f.rego:1:1: rego_parse_error: package expected",
      "bad import|package p\\nimport foo.bar|f.rego:2:1: rego_parse_error: invalid import foo: must begin with input or data",
      "illegal character|package p\\nx := 1 ^ 2|f.rego:2:8: rego_parse_error: illegal token: ^",
  })
  void reportsErrorsWithFileLineAndColumn(String name, String source, String headline) {
    String src = source.replace("\\n", "\n");
    assertThatThrownBy(() -> RegoParser.parseModule("f.rego", src))
        .isInstanceOf(RegoException.class)
        .satisfies(e -> {
          RegoException re = (RegoException) e;
          assertThat(re.errors().get(0).headline()).isEqualTo(headline);
          assertThat(re.render()).contains("^");
        });
  }

  @Test
  void parsesRuleKindsAndRefHeads() {
    Module m = RegoParser.parseModule("m.rego", String.join("\n",
        "package a.b",
        "import rego.v1",
        "default allow := false",
        "allow if input.x == 1",
        "deny contains msg if { msg := \"no\" }",
        "obj[k] := v if { some k, v in input.m }",
        "f(x) := y if { y := x + 1 } else := 0",
        "p.q.r := 3"));
    assertThat(m.packagePath().path()).hasSize(2);
    assertThat(m.imports()).hasSize(1);
    assertThat(m.rules()).hasSize(6);
    Rule contains = m.rules().get(2);
    assertThat(contains.isMultiValue()).isTrue();
    Rule obj = m.rules().get(3);
    assertThat(obj.ref().path()).hasSize(1).first().isInstanceOf(Term.Var.class);
    Rule f = m.rules().get(4);
    assertThat(f.isFunction()).isTrue();
    assertThat(f.elseRule()).isNotNull();
    assertThat(m.rules().get(5).ref().path()).hasSize(2);
  }

  @Test
  void infixOperatorsFollowPrecedence() {
    Expr e = RegoParser.parseQuery("q", "x := 1 + 2 * 3 == 7").exprs().get(0);
    Term.Call assign = (Term.Call) ((Expr.TermForm) e.form()).term();
    assertThat(VarCollector.operatorName(assign)).isEqualTo("assign");
    Term.Call equal = (Term.Call) assign.args().get(1);
    assertThat(VarCollector.operatorName(equal)).isEqualTo("equal");
    Term.Call plus = (Term.Call) equal.args().get(0);
    assertThat(VarCollector.operatorName(plus)).isEqualTo("plus");
    assertThat(VarCollector.operatorName((Term.Call) plus.args().get(1))).isEqualTo("mul");
  }

  @Test
  void parsesSomeEveryWithAndTemplates() {
    var body = RegoParser.parseQuery("q", String.join("\n",
        "some k, v in input.m",
        "every x in input.xs { x > 0 }",
        "not data.p with input as {}",
        "s := $\"{k}={v}\""));
    assertThat(body.exprs().get(0).form()).isInstanceOf(Expr.SomeIn.class);
    assertThat(body.exprs().get(1).form()).isInstanceOf(Expr.Every.class);
    assertThat(body.exprs().get(2).negated()).isTrue();
    assertThat(body.exprs().get(2).withs()).hasSize(1);
    Term.Call assign = (Term.Call) ((Expr.TermForm) body.exprs().get(3).form()).term();
    assertThat(assign.args().get(1)).isInstanceOf(Term.TemplateString.class);
  }

  @Test
  void keepsMetadataAnnotations() {
    Module m = RegoParser.parseModule("m.rego", "package p\n\n# METADATA\n# title: Allow rule\n# custom:\n#   severity: high\nallow := true\n");
    assertThat(m.rules().get(0).annotations()).hasSize(1);
    assertThat(m.rules().get(0).annotations().get(0).scope()).isEqualTo("rule");
    assertThat(m.rules().get(0).annotations().get(0).fields().toString()).contains("Allow rule").contains("high");
  }
}
