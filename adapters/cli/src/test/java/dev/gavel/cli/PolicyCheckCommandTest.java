package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gavel policy check through the CLI: OPA's check errors, --strict, the configured policy, exit codes. */
class PolicyCheckCommandTest {
  static final String CLEAN = "package p\n\nimport data.lib\n\nallow if lib.ok\n";
  static final String LIB = "package lib\n\nok if input.user == \"admin\"\n";
  static final String UNUSED = "package q\n\nimport data.nothing\n\nf(a, b) := a\n\nallow if {\n\tx := input.a\n\tinput.b == 1\n}\n";

  @TempDir
  Path home;

  @TempDir
  Path dir;

  @Test
  void cleanModulesExitZero() throws Exception {
    Files.writeString(dir.resolve("p.rego"), CLEAN);
    Files.writeString(dir.resolve("lib.rego"), LIB);
    CliRun r = CliRun.run(home, "policy", "check", "--strict", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("2 modules checked (strict): no errors\n");
  }

  @Test
  void strictModeReportsUnusedImportsAssignmentsAndArgumentsWithCarets() throws Exception {
    Path f = Files.writeString(dir.resolve("q.rego"), UNUSED);
    CliRun plain = CliRun.run(home, "policy", "check", f.toString());
    assertThat(plain.exit()).as(plain.err()).isZero();
    CliRun strict = CliRun.run(home, "policy", "check", "--strict", f.toString());
    assertThat(strict.exit()).isEqualTo(2);
    assertThat(strict.out()).isEmpty();
    assertThat(strict.err()).isEqualTo(
        f + ":3:1: rego_compile_error: import data.nothing unused\n\timport data.nothing\n\t^\n"
        + f + ":5:1: rego_compile_error: unused argument b. (hint: use _ (wildcard variable) instead)\n\tf(a, b) := a\n\t^\n"
        + f + ":8:2: rego_compile_error: assigned var x unused\n\t\tx := input.a\n\t\t^\n"
        + "gavel policy check: 3 errors in 1 module\n");
  }

  @Test
  void reportsParseErrorsOfEveryFileAndCompileErrorsAsErrors() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.rego"), "package bad\n\nallow if {\n");
    Path worse = Files.writeString(dir.resolve("worse.rego"), "package worse\n\np := \n");
    CliRun r = CliRun.run(home, "policy", "check", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(bad + ":").contains(worse + ":").contains("rego_parse_error");
    Files.delete(bad);
    Files.delete(worse);
    Files.writeString(dir.resolve("unsafe.rego"), "package u\n\nallow if input.x == y\n\ng if count(1, 2)\n");
    CliRun c = CliRun.run(home, "policy", "check", dir.toString());
    assertThat(c.exit()).isEqualTo(2);
    assertThat(c.err()).contains("unsafe.rego:3:").contains("rego_unsafe_var_error: var y is unsafe")
        .contains("gavel policy check: ");
  }

  @Test
  void alwaysReportsDuplicateImportsShadowedRootsAndUnusedSome() throws Exception {
    Path f = Files.writeString(dir.resolve("d.rego"),
        "package d\n\nimport data.a.x\nimport data.b.x\n\nallow if {\n\tsome i\n\tx.y == input.z\n}\n\ninput := 1\n");
    CliRun r = CliRun.run(home, "policy", "check", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(f + ":4:1: rego_compile_error: import must not shadow import data.a.x")
        .contains(f + ":7:2: rego_compile_error: declared var i unused")
        .contains(f + ":11:1: rego_compile_error: rules must not shadow input (use a different rule name)")
        .doesNotContain("unsafe");
  }

  @Test
  void withoutPathsChecksTheConfiguredPolicy() throws Exception {
    Files.writeString(dir.resolve("q.rego"), UNUSED);
    CliRun r = CliRun.run(home, "policy", "check", "--strict", "--policies", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("rego_compile_error: assigned var x unused");
  }

  @Test
  void theShippedPoliciesPassStrictMode() {
    CliRun r = CliRun.run(home, "policy", "check", "--strict");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).endsWith("checked (strict): no errors\n");
  }

  @Test
  void schemaReportsInputRefsTheSchemaDoesNotDeclare() throws Exception {
    Path schema = Files.writeString(dir.resolve("input.json"),
        "{\"type\": \"object\", \"properties\": {\"user\": {\"type\": \"string\"}, \"ok\": {\"type\": \"boolean\"}}}");
    Path f = Files.writeString(dir.resolve("s.rego"), "package s\n\nallow if {\n\tinput.usr == \"admin\"\n\tinput.ok\n}\n");
    assertThat(CliRun.run(home, "policy", "check", f.toString()).exit()).isZero();
    CliRun r = CliRun.run(home, "policy", "check", "--schema", schema.toString(), f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(f + ":4:2: rego_type_error: undefined ref: input.usr\n\t\tinput.usr == \"admin\"\n\t\t^\n"
        + "gavel policy check: 1 error in 1 module\n");
    Files.writeString(schema, "[1]");
    CliRun bad = CliRun.run(home, "policy", "check", "--schema", schema.toString(), f.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("a JSON Schema must be an object");
  }

  @Test
  void schemaDirectoryServesTheSchemasMetadataNames() throws Exception {
    Path schemas = Files.createDirectories(dir.resolve("schemas"));
    Files.writeString(schemas.resolve("req.json"), "{\"type\": \"object\", \"properties\": {\"user\": {\"type\": \"string\"}}}");
    Path policy = Files.createDirectories(dir.resolve("policy"));
    Path f = Files.writeString(policy.resolve("m.rego"),
        "# METADATA\n# schemas:\n#   - input: schema.req\npackage m\n\nallow if input.usr == \"admin\"\n");
    CliRun r = CliRun.run(home, "policy", "check", "--schema", schemas.toString(), policy.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith(f + ":6:10: rego_type_error: undefined ref: input.usr\n");
    // as opa check: without schemas to name, the entry is left alone
    CliRun none = CliRun.run(home, "policy", "check", policy.toString());
    assertThat(none.exit()).as(none.err()).isZero();
  }

  @Test
  void aMissingPathIsBadInput() {
    CliRun r = CliRun.run(home, "policy", "check", dir.resolve("absent").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("absent");
  }
}
