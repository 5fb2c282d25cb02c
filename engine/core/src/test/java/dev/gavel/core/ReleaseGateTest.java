package dev.gavel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.PolicyEvaluationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gate with a real Rego policy and an in-memory ledger: decisions, and failing closed. */
class ReleaseGateTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Records appends in memory, in order. */
  static final class MemoryLedger implements LedgerStore {
    final List<JsonNode> payloads = new ArrayList<>();

    @Override
    public LedgerReceipt append(String type, String timestamp, JsonNode payload) {
      payloads.add(payload);
      return new LedgerReceipt(payloads.size() - 1, "sha256:" + "0".repeat(64), payloads.size());
    }

    @Override
    public java.util.Optional<dev.gavel.core.port.LedgerRecord> find(String type, String key) {
      for (int i = 0; i < payloads.size(); i++) {
        if (type.equals("policy-activation") && payloads.get(i).path("revision").asText().equals(key)) {
          return java.util.Optional.of(new dev.gavel.core.port.LedgerRecord(i, "", type, payloads.get(i)));
        }
      }
      return java.util.Optional.empty();
    }

    @Override
    public void close() {}
  }

  static ReleaseGate gate(String decisionRule, MemoryLedger ledger, PolicySource.Module... more) {
    List<PolicySource.Module> modules = new java.util.ArrayList<>(List.of(new PolicySource.Module("p.rego", "package gavel.release\n" + decisionRule)));
    modules.addAll(List.of(more));
    PolicySource src = new PolicySource(modules, JSON.createObjectNode(), "rev-" + modules.size(), "test");
    return new ReleaseGate(new RegoPolicyEvaluator(src), new dev.gavel.core.evidence.EvidenceVerifier(dev.gavel.core.evidence.TrustRoots.NONE), ledger, () -> Instant.EPOCH, new SplittableRandom(1),
        st -> dev.gavel.ledger.DecisionAttestation.envelope(st, new dev.gavel.ledger.NoteSigner("gavel.test", new byte[32])));
  }

  static ReleaseRequest request() throws Exception {
    return new ReleaseRequestParser().parse(ReleaseRequestParserTest.VALID);
  }

  @org.junit.jupiter.api.Test
  void recordsTheDecisionBeforeReturningIt() throws Exception {
    MemoryLedger ledger = new MemoryLedger();
    Decision d = gate("decision := {\"allow\": false, \"deny\": [{\"code\": \"x.y\", \"message\": \"no\"}]}", ledger).decide(request());
    assertThat(d.allow()).isFalse();
    assertThat(d.reasons()).extracting(Reason::code).containsExactly("x.y");
    assertThat(ledger.payloads).hasSize(2);
    assertThat(ledger.payloads.get(0).get("revision").asText()).as("the policy is activated first").isEqualTo("rev-1");
    assertThat(ledger.payloads.get(1).get("decisionId").asText()).isEqualTo(d.decisionId());
    assertThat(ledger.payloads.get(1).at("/policy/activation").asLong()).isZero();
    assertThat(d.decisionId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(d.policyRevision()).isEqualTo("rev-1");
    assertThat(d.attestation().get("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
    assertThat(ledger.payloads.get(1).get("attestation")).isEqualTo(d.attestation());
    gate("decision := {\"allow\": true}", ledger).decide(request());
    assertThat(ledger.payloads).as("a known revision is not activated again").hasSize(3);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "x := 1",
      "decision := \"yes\"",
      "decision := {\"allow\": \"true\"}",
      "decision := {\"allow\": true, \"deny\": [1]}",
      "decision := {\"deny\": []}",
      "decision := {\"allow\": 1 / 0}"})
  void malformedOrUndefinedDecisionsFailClosedAndRecordNothing(String rule) {
    MemoryLedger ledger = new MemoryLedger();
    assertThatThrownBy(() -> gate(rule, ledger).decide(request())).isInstanceOf(PolicyEvaluationException.class);
    assertThat(ledger.payloads).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void allowWithDenyReasonsIsADenial() throws Exception {
    Decision d = gate("decision := {\"allow\": true, \"deny\": [\"policy.conflict\"]}", new MemoryLedger()).decide(request());
    assertThat(d.allow()).isFalse();
  }

}
