package dev.gavel.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.InMemorySigner;
import dev.gavel.core.LedgerVerification;
import dev.gavel.core.testing.MemoryLedger;
import dev.gavel.core.testing.TestSigner;
import dev.gavel.json.Json;
import dev.gavel.ledger.Dsse;
import dev.gavel.ledger.Verdict;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An alert recorded as a signed {@code alert} ledger entry: it verifies, and every forged variant is caught. */
class AlertEntryTest {
  static final InMemorySigner KEY = TestSigner.of(1);

  static Alert alert() {
    ObjectNode data = Json.MAPPER.createObjectNode().put("remote", "10.0.0.1").put("failures", 3);
    return new Alert("019ad9a0-0000-7000-8000-000000000001", "auth-failures", "2026-12-01T12:00:00Z", "10.0.0.1", data, null);
  }

  @Test
  void aRecordedAlertVerifiesAndItsEnvelopeStatesIt() throws Exception {
    MemoryLedger ledger = new MemoryLedger(KEY);
    var receipt = alert().record(ledger, KEY);
    assertThat(ledger.find("alert", alert().alertId())).isPresent();
    assertThat(LedgerVerification.verify(ledger, KEY.key().verifier(), List.of(), LedgerVerification.Progress.NONE).passed()).isTrue();
    var payload = ledger.payloads().get((int) receipt.index());
    Alert read = Alert.fromPayload(payload);
    assertThat(read.statement()).isEqualTo(alert().statement());
    assertThat(Dsse.verify(read.attestation(), KEY.key().verifier().publicKey())).isTrue();
    assertThat(read.attestation().path("payloadType").asText()).isEqualTo(Alert.PAYLOAD_TYPE);
  }

  static Stream<Arguments> forged() {
    return Stream.of(
        Arguments.of("data changed after signing", (Consumer<ObjectNode>) p -> ((ObjectNode) p.get("data")).put("failures", 1),
            "attestation.mismatch"),
        Arguments.of("type changed after signing", (Consumer<ObjectNode>) p -> p.put("type", "token-burst"), "attestation.mismatch"),
        Arguments.of("envelope removed", (Consumer<ObjectNode>) p -> p.remove("attestation"), "attestation.missing"),
        Arguments.of("unknown type", (Consumer<ObjectNode>) p -> p.put("type", "nothing"), "alert.unreadable"),
        Arguments.of("time not the entry's", (Consumer<ObjectNode>) p -> p.put("at", "2026-12-01T12:00:01Z"), "alert.unreadable"),
        Arguments.of("envelope of another payload type", (Consumer<ObjectNode>) p -> p.set("attestation",
            KEY.envelope("application/vnd.gavel.revocation+json", dev.gavel.json.CanonicalJson.canonicalize(alert().statement()))),
            "attestation.mismatch"),
        Arguments.of("envelope signed by another key", (Consumer<ObjectNode>) p -> p.set("attestation",
            TestSigner.of(2).envelope(Alert.PAYLOAD_TYPE, dev.gavel.json.CanonicalJson.canonicalize(alert().statement()))),
            "attestation.bad_signature"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forged")
  void theAuditFindsAForgedAlert(String what, Consumer<ObjectNode> change, String code) throws Exception {
    MemoryLedger real = new MemoryLedger(KEY);
    alert().record(real, KEY);
    ObjectNode p = real.payloads().get(0).deepCopy();
    change.accept(p);
    MemoryLedger forged = new MemoryLedger(KEY);
    forged.append("alert", "2026-12-01T12:00:00Z", p);
    Verdict<?> v = LedgerVerification.verify(forged, KEY.key().verifier(), List.of(), LedgerVerification.Progress.NONE);
    assertThat(v.passed()).as(what).isFalse();
    assertThat(v.failure().code()).as(what + ": " + v.failure()).isEqualTo(code);
    assertThat(v.failure().index()).isZero();
  }
}
