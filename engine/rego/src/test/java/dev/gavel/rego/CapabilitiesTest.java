package dev.gavel.rego;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.rego.value.JsonValues;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gavel's catalogue against OPA's capabilities file for v1.20.2 (a test resource, see its NOTICE):
 * every builtin OPA lists is declared here with the same argument and result types and the same
 * infix, relation, nondeterministic and deprecated markers.
 */
class CapabilitiesTest {
  static final Map<String, JsonNode> OPA = byName(read("/opa/capabilities-v1.20.2.json").get("builtins"));
  static final Map<String, JsonNode> GAVEL = byName(JsonValues.toJson(Capabilities.standard()).get("builtins"));

  static Stream<String> opaBuiltins() {
    return OPA.keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("opaBuiltins")
  void declaresEveryOpaBuiltinWithItsTypes(String name) {
    assertThat(GAVEL).containsKey(name);
    JsonNode ours = GAVEL.get(name);
    JsonNode theirs = OPA.get(name);
    assertThat(withoutNames(ours.get("decl"))).as("decl of " + name).isEqualTo(withoutNames(theirs.get("decl")));
    for (String flag : new String[] {"infix", "relation", "nondeterministic", "deprecated"}) {
      assertThat(ours.get(flag)).as(flag + " of " + name).isEqualTo(theirs.get(flag));
    }
  }

  @Test
  void declaresNothingOpaDoesNotHave() {
    assertThat(OPA.keySet()).containsAll(GAVEL.keySet());
  }

  @Test
  void namesEveryOperand() {
    for (JsonNode b : GAVEL.values()) {
      for (JsonNode arg : b.path("decl").path("args")) {
        assertThat(arg.path("name").asText()).as("operand of " + b.get("name")).isNotEmpty();
      }
    }
  }

  @Test
  void listsFeaturesAndFutureKeywords() {
    JsonNode caps = JsonValues.toJson(Capabilities.standard());
    assertThat(caps.get("future_keywords").toString()).contains("\"contains\"", "\"every\"", "\"if\"", "\"in\"");
    assertThat(caps.get("features").toString()).contains("\"rego_v1\"");
  }

  private static JsonNode read(String resource) {
    try (InputStream in = CapabilitiesTest.class.getResourceAsStream(resource)) {
      return JsonValues.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, JsonNode> byName(JsonNode builtins) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode b : builtins) {
      out.put(b.get("name").asText(), b);
    }
    return out;
  }

  /** Operand and result names and descriptions are documentation, not types. */
  private static JsonNode withoutNames(JsonNode n) {
    if (n instanceof ObjectNode o) {
      ObjectNode copy = o.deepCopy();
      copy.remove("name");
      copy.remove("description");
      Iterator<Map.Entry<String, JsonNode>> it = copy.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        e.setValue(withoutNames(e.getValue()));
      }
      return copy;
    }
    if (n instanceof ArrayNode a) {
      ArrayNode copy = a.arrayNode();
      a.forEach(x -> copy.add(withoutNames(x)));
      return copy;
    }
    return n;
  }
}
