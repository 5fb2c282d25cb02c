package dev.gavel.embedded;

import dev.gavel.core.InMemorySigner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.Decision;
import dev.gavel.core.Reason;
import dev.gavel.core.ReleaseGate;
import dev.gavel.core.ReleaseRequest;
import dev.gavel.core.ReleaseRequestParser;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySource;
import dev.gavel.core.testing.MemoryLedger;
import dev.gavel.core.testing.TestSigner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gate with a real Rego policy and an in-memory ledger: decisions, and failing closed. */
class ReleaseGateTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String VALID = "{\"apiVersion\":\"gavel.dev/v1\",\"kind\":\"ReleaseRequest\","
      + "\"requester\":{\"id\":\"ci\",\"type\":\"pipeline\"},"
      + "\"model\":{\"name\":\"m\",\"version\":\"1\",\"artifacts\":[{\"name\":\"w\",\"digest\":{\"sha256\":\"" + "a".repeat(64) + "\"}}]},"
      + "\"riskTier\":\"minimal\",\"environment\":\"production\"}";

  static final InMemorySigner KEY = TestSigner.of(9);

  static PolicySnapshot snapshot(String decisionRule, PolicySnapshot.Module... more) {
    List<PolicySnapshot.Module> modules = new java.util.ArrayList<>(List.of(new PolicySnapshot.Module("p.rego", "package gavel.release\n" + decisionRule)));
    modules.addAll(List.of(more));
    return new PolicySnapshot(modules, JSON.createObjectNode(), "rev-" + modules.size() + "-" + decisionRule.hashCode(), "test");
  }

  static ReleaseGate gate(String decisionRule, MemoryLedger ledger, PolicySnapshot.Module... more) {
    PolicySnapshot src = snapshot(decisionRule, more);
    PolicySource fixed = new PolicySource() {
      public PolicySnapshot active() {
        return src;
      }

      public java.util.Optional<PolicySnapshot> revision(String id) {
        return id.equals(src.revision()) ? java.util.Optional.of(src) : java.util.Optional.empty();
      }

      public String description() {
        return "test";
      }
    };
    return new ReleaseGate(fixed, new EmbeddedEvaluator(java.time.Duration.ofSeconds(10)), ledger, () -> Instant.EPOCH,
        new SplittableRandom(1), KEY);
  }

  static ReleaseRequest request() throws Exception {
    return new ReleaseRequestParser().parse(VALID);
  }

  @org.junit.jupiter.api.Test
  void recordsTheDecisionBeforeReturningIt() throws Exception {
    MemoryLedger ledger = new MemoryLedger();
    Decision d = gate("decision := {\"allow\": false, \"deny\": [{\"code\": \"x.y\", \"message\": \"no\"}]}", ledger).decide(request());
    assertThat(d.allow()).isFalse();
    assertThat(d.reasons()).extracting(Reason::code).containsExactly("x.y");
    assertThat(ledger.payloads()).hasSize(2);
    assertThat(ledger.payloads().get(0).get("revision").asText()).as("the policy is activated first").startsWith("rev-1");
    assertThat(ledger.payloads().get(1).get("decisionId").asText()).isEqualTo(d.decisionId());
    assertThat(ledger.payloads().get(1).at("/policy/activation").asLong()).isZero();
    assertThat(d.decisionId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(d.policy().revision()).startsWith("rev-1");
    assertThat(d.attestation().get("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
    assertThat(ledger.payloads().get(1).get("attestation")).isEqualTo(d.attestation());
    gate("decision := {\"allow\": false, \"deny\": [{\"code\": \"x.y\", \"message\": \"no\"}]}", ledger).decide(request());
    assertThat(ledger.payloads()).as("a known revision is not activated again").hasSize(3);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "x := 1",
      "decision := \"yes\"",
      "decision := {\"allow\": \"true\"}",
      "decision := {\"allow\": true, \"deny\": [1]}",
      "decision := {\"deny\": []}",
      "decision := {\"allow\": true}",
      "decision := {\"allow\": true, \"deny\": null}",
      "decision := {\"allow\": 1 / 0}"})
  void malformedOrUndefinedDecisionsFailClosedAndRecordNothing(String rule) {
    MemoryLedger ledger = new MemoryLedger();
    assertThatThrownBy(() -> gate(rule, ledger).decide(request())).isInstanceOf(PolicyEvaluationException.class);
    assertThat(ledger.payloads()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void allowWithDenyReasonsIsADenial() throws Exception {
    Decision d = gate("decision := {\"allow\": true, \"deny\": [\"policy.conflict\"]}", new MemoryLedger()).decide(request());
    assertThat(d.allow()).isFalse();
  }

}
