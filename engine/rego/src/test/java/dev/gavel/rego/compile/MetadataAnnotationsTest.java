package dev.gavel.rego.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.ModuleOutline;
import dev.gavel.rego.Rego;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.value.JsonValues;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** METADATA blocks: parsing, scopes, OPA's annotation shape, rego.metadata.chain and rego.metadata.rule. */
class MetadataAnnotationsTest {
  static String eval(String query, String... modules) {
    Rego.Builder b = Rego.builder();
    for (int i = 0; i < modules.length; i++) {
      b.module("m" + i + ".rego", modules[i]);
    }
    var rows = b.build().query("x := " + query, null, EvalOptions.at(Instant.EPOCH));
    return rows.isEmpty() ? "undefined" : JsonValues.write(rows.get(0).get("x"));
  }

  @Test
  void chainRunsFromTheRuleToItsPackage() {
    String m = """
        # METADATA
        # description: The suite
        package testing

        # METADATA
        # title: Testing annotations
        # authors:
        # - The OPA contributors
        p := x if {
        \tx := rego.metadata.chain()
        }
        """;
    assertThat(eval("data.testing.p", m)).isEqualTo("[{\"annotations\":{\"authors\":[{\"name\":\"The OPA contributors\"}],"
        + "\"scope\":\"rule\",\"title\":\"Testing annotations\"},\"path\":[\"testing\",\"p\"]},"
        + "{\"annotations\":{\"description\":\"The suite\",\"scope\":\"package\"},\"path\":[\"testing\"]}]");
  }

  @Test
  void ruleGivesTheCallingRulesOwnAnnotationOnly() {
    String m = """
        package testing

        # METADATA
        # scope: document
        # title: Doc
        p := "foo" if false

        # METADATA
        # title: Another
        p := x if {
        \tx := rego.metadata.rule()
        }
        """;
    assertThat(eval("data.testing.p", m)).isEqualTo("{\"scope\":\"rule\",\"title\":\"Another\"}");
    assertThat(eval("data.t.p", "package t\np := rego.metadata.rule()\n")).isEqualTo("{}");
  }

  @Test
  void subpackagesAnnotationsReachEveryPackageBelowNearestFirst() {
    String a = "# METADATA\n# scope: subpackages\n# title: S\npackage a\n";
    String b = "# METADATA\n# title: P\npackage a.b.c\n\nf(x) := rego.metadata.chain()\ng := f(1)\n";
    assertThat(eval("data.a.b.c.g", a, b)).isEqualTo("[{\"path\":[\"a\",\"b\",\"c\",\"f\"]},"
        + "{\"annotations\":{\"scope\":\"package\",\"title\":\"P\"},\"path\":[\"a\",\"b\",\"c\"]},"
        + "{\"annotations\":{\"scope\":\"subpackages\",\"title\":\"S\"},\"path\":[\"a\"]}]");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiterString = " ~> ", value = {
      "# METADATA\\n# authors:\\n# - Jane Doe <jane@example.com>\\n# - name: Bob ~> {\"authors\":[{\"email\":\"jane@example.com\",\"name\":\"Jane Doe\"},{\"name\":\"Bob\"}],\"scope\":\"rule\"}",
      "# METADATA\\n# related_resources:\\n# - https://example.com\\n# - ref: https://x.org\\n#   description: D ~> {\"related_resources\":[{\"ref\":\"https://example.com\"},{\"description\":\"D\",\"ref\":\"https://x.org\"}],\"scope\":\"rule\"}",
      "# METADATA\\n# schemas:\\n# - input: schema.input\\n# - data.foo: {\"type\": \"string\"} ~> {\"schemas\":[{\"path\":[\"input\"],\"schema\":[\"schema\",\"input\"]},{\"definition\":{\"type\":\"string\"},\"path\":[\"data\",\"foo\"]}],\"scope\":\"rule\"}",
      "# METADATA\\n# organizations: [Acme]\\n# custom:\\n#   severity: high\\n# unknown: ignored ~> {\"custom\":{\"severity\":\"high\"},\"organizations\":[\"Acme\"],\"scope\":\"rule\"}",
  })
  void normalisesFieldsIntoOpasAnnotationShape(String block, String json) {
    String m = "package t\n\n" + block.replace("\\n", "\n") + "\np := rego.metadata.rule()\n";
    assertThat(eval("data.t.p", m)).isEqualTo(json);
  }

  @Test
  void anEntrypointRuleAnnotationDefaultsToDocumentScope() {
    String m = "package t\n\n# METADATA\n# title: T\n# entrypoint: true\np := rego.metadata.chain()\n";
    assertThat(eval("data.t.p", m)).isEqualTo("[{\"path\":[\"t\",\"p\"]},"
        + "{\"annotations\":{\"entrypoint\":true,\"scope\":\"document\",\"title\":\"T\"},\"path\":[\"t\",\"p\"]}]");
  }

  @Test
  void blocksNotAtColumnOneAreOrdinaryComments() {
    assertThat(eval("data.t.p", "  # METADATA\n  # title: indented\npackage t\np := rego.metadata.chain()\n"))
        .isEqualTo("[{\"path\":[\"t\",\"p\"]}]");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiterString = " ~> ", value = {
      "# METADATA\\n# scope: package\\n# title: x\\npackage t\\n\\n# METADATA\\n# scope: package\\np := 1 ~> m0.rego:6:1: rego_parse_error: annotation scope 'package' must be applied to package (have rule)",
      "# METADATA\\n# scope: bogus\\npackage t ~> m0.rego:1:1: rego_parse_error: invalid annotation scope 'bogus'. Use one of 'rule', 'document', 'package', or 'subpackages'",
      "# METADATA\\npackage t ~> m0.rego:1:1: rego_parse_error: expected METADATA block, found whitespace",
      "package t\\n# METADATA\\n# entrypoint: true\\n# scope: rule\\np := 1 ~> rego_parse_error: annotation entrypoint applied to non-document or package scope 'rule'",
      "package t\\n# METADATA\\n# authors: [{}]\\np := 1 ~> rego_parse_error: invalid author definition map[]: 'name' and/or 'email' values required in object",
      "package t\\n# METADATA\\n# scope: document\\np := 1\\n# METADATA\\n# scope: document\\np := 2 ~> rego_type_error: document annotation redeclared: m0.rego:2",
  })
  void rejectsMisplacedOrMalformedAnnotationsWithOpasErrors(String module, String error) {
    assertThatThrownBy(() -> Rego.builder().module("m0.rego", module.replace("\\n", "\n")).build())
        .isInstanceOf(RegoException.class).hasMessageContaining(error);
  }

  @Test
  void outlinesShowTheNormalisedAnnotations() {
    ModuleOutline o = ModuleOutline.of("p.rego", "# METADATA\n# title: Pkg\npackage p\n\n# METADATA\n# title: Deny\ndeny contains 1\n");
    assertThat(o.annotations()).singleElement().satisfies(a -> assertThat(a.scope()).isEqualTo("package"));
    assertThat(o.rules().get(0).annotations().get(0).fields()).hasToString("{\"scope\": \"rule\", \"title\": \"Deny\"}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ~> ", value = {
      "rule title ~> # METADATA\\n# title: Deny\\ndeny contains \"d\" if true ~> Deny",
      "document title when the rule has none ~> # METADATA\\n# scope: document\\n# title: Doc\\ndeny contains \"d\" if true ~> Doc",
      "nearest rule title wins ~> # METADATA\\n# scope: document\\n# title: Doc\\n# METADATA\\n# title: Near\\ndeny contains \"d\" if true ~> Near",
      "no title ~> # METADATA\\n# description: no title\\ndeny contains \"d\" if true ~> null",
  })
  void explanationsGetTheRuleTitle(String name, String rule, String title) {
    String module = "package p\n\n" + rule.replace("\\n", "\n") + "\n";
    java.util.List<String> seen = new java.util.ArrayList<>();
    Rego rego = Rego.builder().module("p.rego", module).build();
    dev.gavel.rego.RuleTrace trace = new dev.gavel.rego.RuleTrace() {
      @Override
      public void contributed(String r, dev.gavel.rego.Location l, dev.gavel.rego.value.Value v) {
        throw new AssertionError("the engine reports titles");
      }

      @Override
      public void contributed(String r, dev.gavel.rego.Location l, dev.gavel.rego.value.Value v, String t) {
        seen.add(r + " " + t);
      }
    };
    rego.query("x := data.p.deny", null, dev.gavel.rego.EvalOptions.at(java.time.Instant.EPOCH).traceRules(trace));
    assertThat(seen).containsExactly("data.p.deny " + title);
    assertThat(String.valueOf(ModuleOutline.of("p.rego", module).rules().get(0).title())).isEqualTo(title);
  }
}
