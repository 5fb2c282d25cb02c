package dev.gavel.rego.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import dev.gavel.rego.EvalLimits;
import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.Rego;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.Value;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The minimal disagreements the differential testing against a real OPA found
 * (adapters/opa's bench/differential.sh), replayed on the embedded engine alone, so no OPA is
 * needed: each case's module evaluated as {@code data.d} over its input and data must give OPA's
 * recorded answer (value, undefined, or an error of the same code; messages are OPA's own and not
 * compared). Cases listed in {@code known.txt} are disagreements not fixed yet: they are reported
 * and must still disagree, so that a fix is noticed and the case moved off the list.
 */
class DifferentialRegressionTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** One answer, as adapters/opa's differential.Outcome records it (keep the two in step). */
  record Answer(String kind, JsonNode value, String code) {
    boolean agrees(Answer o) {
      if (!kind.equals(o.kind) || kind.equals("timeout") || kind.equals("crash")) {
        return false;
      }
      return switch (kind) {
        case "value" -> normalise(value).equals(normalise(o.value));
        case "compile_error", "eval_error" -> code.equals(o.code);
        default -> true;
      };
    }

    @Override
    public String toString() {
      return kind + (value == null ? "" : " " + value) + (code.isEmpty() ? "" : " " + code);
    }

    static Answer of(JsonNode o) {
      return new Answer(o.path("kind").asText(), o.get("value"), o.path("code").asText(""));
    }
  }

  static Path dir() throws URISyntaxException {
    return Path.of(DifferentialRegressionTest.class.getResource("/differential").toURI());
  }

  /** The case ids in known.txt (first word of each line that is not a comment). */
  static Map<String, String> known() throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (String line : Files.readAllLines(dir().resolve("known.txt"), StandardCharsets.UTF_8)) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        String[] p = l.split("\\s+", 2);
        out.put(p[0], p.length > 1 ? p[1] : "");
      }
    }
    return out;
  }

  /** The embedded engine's answer: compile, then evaluate data.d, with OPA's suite's unlimited budget. */
  static Answer embedded(String module, JsonNode input, JsonNode data, boolean strict) {
    Rego rego;
    try {
      rego = Rego.builder().module("prog.rego", module).data(JsonValues.fromJson(data)).build();
    } catch (RegoException e) {
      return new Answer("compile_error", null, e.code());
    }
    try {
      Optional<Value> v = rego.prepareRef("data.d").evaluate(JsonValues.fromJson(input),
          EvalOptions.at(NOW).strict(strict).limits(EvalLimits.UNLIMITED));
      return v.isEmpty() ? new Answer("undefined", null, "") : new Answer("value", JsonValues.toJson(v.get()), "");
    } catch (RegoException e) {
      return new Answer("eval_error", null, e.code());
    }
  }

  static JsonNode normalise(JsonNode n) {
    if (n == null) {
      return null;
    }
    if (n.isNumber()) {
      java.math.BigDecimal d = n.decimalValue().stripTrailingZeros();
      return F.numberNode(d.signum() == 0 ? java.math.BigDecimal.ZERO : d);
    }
    if (n.isArray()) {
      ArrayNode a = F.arrayNode();
      n.forEach(x -> a.add(normalise(x)));
      return a;
    }
    if (n.isObject()) {
      ObjectNode o = F.objectNode();
      n.properties().forEach(e -> o.set(e.getKey(), normalise(e.getValue())));
      return o;
    }
    return n;
  }

  record Case(String id, String module, JsonNode meta) {}

  static List<Case> cases() throws Exception {
    List<Case> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir())) {
      for (Path rego : s.filter(p -> p.getFileName().toString().matches("\\d+\\.rego")).sorted().toList()) {
        String id = rego.getFileName().toString().replace(".rego", "");
        out.add(new Case(id, Files.readString(rego), Json.read(Files.readAllBytes(rego.resolveSibling(id + ".json")))));
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyRecordedCaseGetsOpasAnswerOrIsAKnownDisagreement() throws Exception {
    Map<String, String> known = known();
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.id() + (known.containsKey(c.id()) ? " (known)" : ""), () -> {
      Answer opa = Answer.of(c.meta().get("opa"));
      Answer ours = embedded(c.module(), c.meta().get("input"), c.meta().get("data"), c.meta().path("strict").asBoolean());
      if (known.containsKey(c.id())) {
        System.out.println("known disagreement " + c.id() + " (" + known.get(c.id()) + "): embedded " + ours + ", opa " + opa);
        assertThat(ours.agrees(opa)).as("case %s now gets OPA's answer (%s): remove it from differential/known.txt", c.id(), opa)
            .isFalse();
      } else {
        assertThat(ours.agrees(opa)).as("case %s:\n%s\nembedded %s, opa %s", c.id(), c.module(), ours, opa).isTrue();
      }
    }));
  }

  @Test
  void theKnownListNamesOnlyRecordedCases() throws Exception {
    List<String> ids = cases().stream().map(Case::id).toList();
    assertThat(ids).containsAll(known().keySet());
  }

  @Test
  void answersCompareByKindValueAndCode() {
    Answer one = new Answer("value", F.numberNode(1), "");
    assertThat(one.agrees(new Answer("value", F.numberNode(new java.math.BigDecimal("1.0")), ""))).isTrue();
    assertThat(one.agrees(new Answer("value", F.numberNode(2), ""))).isFalse();
    assertThat(one.agrees(new Answer("undefined", null, ""))).isFalse();
    assertThat(new Answer("eval_error", null, "eval_type_error").agrees(new Answer("eval_error", null, "eval_builtin_error"))).isFalse();
    assertThat(new Answer("timeout", null, "").agrees(new Answer("timeout", null, ""))).isFalse();
  }
}
