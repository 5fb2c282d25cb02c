package dev.gavel.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.Decision;
import dev.gavel.core.DecisionReplay;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.testing.MemoryLedger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Replaying recorded decisions, and masking what is recorded. */
class DecisionReplayTest {
  static final String POLICY = "deny contains {\"code\": \"tier.x\", \"message\": sprintf(\"tier %s\", [input.riskTier])} if input.riskTier != \"minimal\"\n"
      + "decision := {\"allow\": count(deny) == 0, \"deny\": deny}\n";

  static final DecisionReplay REPLAY = new DecisionReplay(new EmbeddedEvaluator(Duration.ofSeconds(10)));

  static DecisionReplay.Result replay(JsonNode decision, JsonNode activation) {
    return REPLAY.replay(Decision.fromPayload(decision, "1970-01-01T00:00:00Z"), PolicySnapshot.fromJson(activation));
  }

  @Test
  void aRecordedDecisionReplaysIdentically() throws Exception {
    MemoryLedger ledger = new MemoryLedger();
    ReleaseGateTest.gate(POLICY, ledger).decide(ReleaseGateTest.request());
    DecisionReplay.Result r = replay(ledger.payloads().get(1), ledger.payloads().get(0));
    assertThat(r.status()).as(r.toString()).isEqualTo(DecisionReplay.Status.IDENTICAL);
  }

  @Test
  void aRecordThatNoLongerMatchesIsDifferentAndSaysHow() throws Exception {
    MemoryLedger ledger = new MemoryLedger();
    ReleaseGateTest.gate(POLICY, ledger).decide(ReleaseGateTest.request());
    ObjectNode edited = ledger.payloads().get(1).deepCopy();
    edited.put("allow", !edited.get("allow").asBoolean());
    edited.putArray("reasons").addObject().put("code", "made.up").put("message", "invented");
    DecisionReplay.Result r = replay(edited, ledger.payloads().get(0));
    assertThat(r.status()).isEqualTo(DecisionReplay.Status.DIFFERENT);
    assertThat(r.differences()).anyMatch(d -> d.startsWith("allow: recorded"))
        .contains("reason only in the record: made.up: invented");
  }

  @Test
  void maskedFieldsAreRemovedOrDigestedBeforeStorageAndReplaySaysSo() throws Exception {
    String mask = "package gavel.log\n"
        + "mask contains \"/input/requester/id\"\n"
        + "mask contains {\"op\": \"digest\", \"path\": \"/input/model/name\"}\n"
        + "mask contains \"/input/no/such/field\"\n";
    MemoryLedger ledger = new MemoryLedger();
    ReleaseGateTest.gate(POLICY, ledger, new PolicySnapshot.Module("mask.rego", mask)).decide(ReleaseGateTest.request());
    JsonNode stored = ledger.payloads().get(1);
    assertThat(stored.at("/input/requester/id").isMissingNode()).isTrue();
    assertThat(stored.at("/request/requester").isMissingNode()).as("the summary copy is masked too").isTrue();
    assertThat(stored.at("/input/model/name").asText()).matches("sha256:[0-9a-f]{64}");
    assertThat(stored.get("masked")).hasSize(2);
    DecisionReplay.Result r = replay(stored, ledger.payloads().get(0));
    assertThat(r.status()).isEqualTo(DecisionReplay.Status.NOT_REPLAYABLE);
    assertThat(r.explanation()).contains("remove /input/requester/id").contains("digest /input/model/name");
  }
}
