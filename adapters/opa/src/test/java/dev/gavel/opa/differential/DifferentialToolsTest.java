package dev.gavel.opa.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicyOutcome;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.embedded.EmbeddedEvaluator;
import dev.gavel.testkit.SharedFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The differential tools without OPA: the generator, the shrinker, outcomes and the policy comparison. */
class DifferentialToolsTest {
  @Test
  void programsAreDeterministicVariedAndCompileWithTheEmbeddedEngine() {
    assertThat(ProgramGenerator.module(1, 7).render()).isEqualTo(ProgramGenerator.module(1, 7).render());
    assertThat(ProgramGenerator.module(1, 7).render()).isNotEqualTo(ProgramGenerator.module(1, 8).render());
    int compiled = 0;
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      String text = ProgramGenerator.module(1, i).render();
      all.append(text);
      Outcome o = Engines.Embedded.direct(new Engines.Question(text, ProgramInputs.input(1, i, 0), ProgramInputs.DATA, false),
          new java.util.concurrent.atomic.AtomicBoolean());
      if (o.kind() != Outcome.Kind.COMPILE_ERROR) {
        compiled++;
      }
    }
    assertThat(compiled).isGreaterThan(150);
    // Every rule kind and construct the brief names appears.
    assertThat(all.toString()).contains(" contains ", "] := ", "default ", " else := ", "every ", "some ", " in ", " with ", " | ",
        "count(", "sum(", "concat(", "object.get(", "array.concat(", "union(", "is_number(", "sprintf(", "abs(");
  }

  @Test
  void theShrinkerKeepsOnlyWhatTheDisagreementNeeds() {
    String needle = "count(";
    // Pretend the engines disagree whenever the program still calls count: the case shrinks to one rule around it.
    Node withCount = null;
    for (long i = 0; withCount == null; i++) {
      Node m = ProgramGenerator.module(3, i);
      if (m.render().contains(needle) && m.size() > 60) {
        withCount = m;
      }
    }
    Shrinker s = new Shrinker((m, in) -> m.render().contains(needle), 5000);
    Shrinker.Shrunk r = s.shrink(withCount, ProgramInputs.input(3, 0, 0));
    assertThat(r.module().render()).contains(needle);
    assertThat(r.module().kids()).hasSize(1);
    assertThat(r.module().size()).isLessThan(8);
    assertThat(r.input().size()).isZero();
  }

  @Test
  void outcomesAgreeByKindValueAndCodeAndErrorShapesHideGeneratedNames() {
    Outcome one = Outcome.value(Outcome.json("{\"a\": 1}"));
    assertThat(one.agrees(Outcome.value(Outcome.json("{\"a\": 1.0}")))).isTrue();
    assertThat(one.agrees(Outcome.value(Outcome.json("{\"a\": 2}")))).isFalse();
    assertThat(one.agrees(Outcome.undefined())).isFalse();
    Outcome e = Outcome.error(Outcome.Kind.EVAL_ERROR, "eval_type_error", "prog.rego:3:4: eval_type_error: abs: operand 1 must be number");
    assertThat(e.agrees(Outcome.error(Outcome.Kind.EVAL_ERROR, "eval_type_error", "other words"))).isTrue();
    assertThat(e.agrees(Outcome.error(Outcome.Kind.EVAL_ERROR, "eval_builtin_error", ""))).isFalse();
    assertThat(Outcome.shape("prog:3: rego_compile_error: declared var x12 unused")).isEqualTo("declared var _ unused");
    assertThat(Outcome.fromJson(e.toJson())).isEqualTo(e);
  }

  @Test
  void thePolicyComparisonFindsAnEvaluatorThatDropsAReason() throws Exception {
    PolicySnapshot policy = PolicyDifferential.shippedPolicy(SharedFiles.repo());
    Map<String, com.fasterxml.jackson.databind.node.ObjectNode> fixtures = PolicyDifferential.fixtureInputs(SharedFiles.repo(), policy);
    EmbeddedEvaluator good = new EmbeddedEvaluator(Duration.ofSeconds(10));
    PolicyEvaluator dropsOne = new PolicyEvaluator() {
      @Override
      public String name() {
        return "drops a reason";
      }

      @Override
      public void prepare(PolicySnapshot s) {}

      @Override
      public PolicyOutcome evaluate(PolicySnapshot s, JsonNode input, Instant at) throws dev.gavel.core.port.PolicyEvaluationException {
        PolicyOutcome o = good.evaluate(s, input, at);
        JsonNode d = o.decision().deepCopy();
        if (d.path("deny").size() > 1) {
          ((com.fasterxml.jackson.databind.node.ArrayNode) d.get("deny")).remove(0);
        }
        return new PolicyOutcome(d, o.mask(), o.origins());
      }
    };
    PolicyDifferential.Summary s = new PolicyDifferential(policy, good, dropsOne).compare(fixtures);
    assertThat(s.disagreements()).isNotEmpty().allMatch(x -> x.name().startsWith("deny-"));
    PolicyDifferential.Summary v = new PolicyDifferential(policy, good, good)
        .compareVariants(new PolicyVariants(new ArrayList<>(fixtures.values()), 5), 0, 300);
    assertThat(v.disagreements()).isEmpty();
    assertThat(v.inputs()).isEqualTo(300);
  }
}
