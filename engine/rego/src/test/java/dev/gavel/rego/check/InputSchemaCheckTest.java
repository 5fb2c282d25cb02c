package dev.gavel.rego.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gavel.rego.RegoCheck;
import dev.gavel.rego.syntax.FormatterCorpusTest;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * References to input checked against a JSON Schema: the modules of test resources
 * {@code schema-cases/} against its input.schema.json get exactly the errors
 * {@code opa check --schema} (v1.22.3) reported (NAME.expected), and, when the binary is at hand,
 * the errors it reports now.
 */
class InputSchemaCheckTest {
  static Path dir() throws Exception {
    return Path.of(Objects.requireNonNull(InputSchemaCheckTest.class.getResource("/schema-cases")).toURI());
  }

  static List<Path> cases() throws Exception {
    try (Stream<Path> s = Files.list(dir())) {
      return s.filter(p -> p.toString().endsWith(".rego")).sorted().toList();
    }
  }

  static Value schema() throws Exception {
    return JsonValues.parse(Files.readString(dir().resolve("input.schema.json")));
  }

  static List<String> ours(Path module) throws Exception {
    return CheckCases.render(RegoCheck.check(Map.of(module.getFileName().toString(), Files.readString(module)), false, schema()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void undefinedInputRefsAsOpaCheckSchemaReportsThem(Path module) throws Exception {
    Path expected = dir().resolve(module.getFileName().toString().replace(".rego", ".expected"));
    List<String> want = Files.readAllLines(expected).stream().filter(l -> !l.isBlank()).toList();
    assertThat(ours(module)).containsExactlyElementsOf(want);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameErrorsAsTheRealOpaCheckSchema(Path module) throws Exception {
    Path opa = FormatterCorpusTest.opaBinary();
    assumeTrue(opa != null, "no OPA v1.22.3 binary ($GAVEL_OPA, opa on PATH, ~/go/bin/opa): skipping the comparison with opa check --schema");
    Process p = new ProcessBuilder(opa.toString(), "check", "--format", "json", "--schema", "input.schema.json",
        module.getFileName().toString()).directory(dir().toFile()).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    p.waitFor();
    List<String> theirs = new ArrayList<>();
    if (!out.isBlank()) {
      for (var e : new com.fasterxml.jackson.databind.ObjectMapper().readTree(out).path("errors")) {
        theirs.add(e.path("location").path("row").asInt() + ":" + e.path("location").path("col").asInt() + ": "
            + e.path("code").asText() + ": " + e.path("message").asText());
      }
    }
    assertThat(ours(module)).containsExactlyElementsOf(theirs);
  }

  static List<Path> annotated() throws Exception {
    Path d = Path.of(Objects.requireNonNull(InputSchemaCheckTest.class.getResource("/annotation-cases")).toURI());
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.toString().endsWith(".rego")).sorted().toList();
    }
  }

  /** annotation-cases/: METADATA schemas, inline or named from schemas/ (opa check --schema schemas). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("annotated")
  void metadataSchemasAsOpaCheckSchemaDirUsesThem(Path module) throws Exception {
    Path d = module.getParent();
    Map<String, Value> named = Map.of("sub.req", JsonValues.parse(Files.readString(d.resolve("schemas/sub/req.json"))));
    List<String> ours = CheckCases.render(RegoCheck.check(Map.of(module.getFileName().toString(), Files.readString(module)),
        false, null, named));
    List<String> want = Files.readAllLines(d.resolve(module.getFileName().toString().replace(".rego", ".expected")))
        .stream().filter(l -> !l.isBlank()).toList();
    assertThat(ours).containsExactlyElementsOf(want);
  }

  @Test
  void aSchemaMustBeAnObject() {
    assertThatThrownBy(() -> RegoCheck.check(Map.of("m.rego", "package m\n"), false, StringValue.of("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a JSON object");
  }

  @Test
  void noSchemaErrorsWhileTheModulesDoNotCompile() throws Exception {
    List<String> errors = CheckCases.render(RegoCheck.check(
        Map.of("m.rego", "package m\n\np if {\n\tinput.nope == y\n}\n"), false, schema()));
    assertThat(errors).containsExactly("4:2: rego_unsafe_var_error: var y is unsafe");
  }
}
