package dev.gavel.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.ArtifactStatus;
import dev.gavel.core.Decision;
import dev.gavel.core.DecisionReplay;
import dev.gavel.core.InMemorySigner;
import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.LedgerVerification;
import dev.gavel.core.ReleaseGate;
import dev.gavel.core.ReleaseRequestParser;
import dev.gavel.core.Revocation;
import dev.gavel.core.Revocations;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.testing.MemoryLedger;
import dev.gavel.core.testing.TestSigner;
import dev.gavel.json.CanonicalJson;
import dev.gavel.json.Json;
import dev.gavel.ledger.Dsse;
import dev.gavel.ledger.Verdict;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Revocation and artifact status over a real ledger implementation, a real policy and the real audit. */
class RevocationsTest {
  static final InMemorySigner KEY = TestSigner.of(9);
  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);
  static final Revocation.Actor RISK = new Revocation.Actor("risk@example.com", "cli", null);
  /** Denies exactly when Gavel says an artifact of the request is revoked. */
  static final String POLICY = "decision := {\"allow\": count(deny) == 0, \"deny\": deny}\n"
      + "deny contains {\"code\": \"artifact.revoked\", \"message\": r.reason} if {\n  some r in input.verified.revocations\n}\n";

  static String request(String... digests) {
    StringBuilder arts = new StringBuilder();
    for (int i = 0; i < digests.length; i++) {
      arts.append(i == 0 ? "" : ",").append("{\"name\":\"f").append(i).append("\",\"digest\":{\"sha256\":\"").append(digests[i]).append("\"}}");
    }
    return "{\"apiVersion\":\"gavel.dev/v1\",\"kind\":\"ReleaseRequest\",\"requester\":{\"id\":\"ci\",\"type\":\"pipeline\"},"
        + "\"model\":{\"name\":\"m\",\"version\":\"1\",\"artifacts\":[" + arts + "]},\"riskTier\":\"minimal\",\"environment\":\"production\"}";
  }

  static Decision decide(MemoryLedger ledger, String request) throws Exception {
    ReleaseGate g = ReleaseGateTest.gate(POLICY, ledger);
    return g.decide(new ReleaseRequestParser().parse(request));
  }

  static Revocations revocations(MemoryLedger ledger) {
    return new Revocations(ledger, KEY, () -> Instant.parse("2026-12-01T12:00:00Z"), new SplittableRandom(3));
  }

  @Test
  void revokingAnArtifactMakesItsStatusRevokedAndTheGateDeniesItsRelease() throws Exception {
    MemoryLedger ledger = new MemoryLedger(KEY);
    assertThat(decide(ledger, request(A)).allow()).isTrue();
    assertThat(ArtifactStatus.lookup(ledger, A).status()).isEqualTo(ArtifactStatus.Status.RELEASED);
    assertThat(ArtifactStatus.lookup(ledger, "sha256:" + B).status()).isEqualTo(ArtifactStatus.Status.UNKNOWN);

    Revocations.Recorded r = revocations(ledger).revoke("sha256:" + A, null, "poisoned training data", RISK);
    assertThat(r.revocation().artifacts()).containsExactly(A);
    ArtifactStatus s = ArtifactStatus.lookup(ledger, A);
    assertThat(s.status()).isEqualTo(ArtifactStatus.Status.REVOKED);
    assertThat(s.revocations()).singleElement().satisfies(ref -> {
      assertThat(ref.revocation().reason()).isEqualTo("poisoned training data");
      assertThat(ref.ledgerIndex()).isEqualTo(r.receipt().index());
    });
    assertThat(s.toJson().path("decisions").size()).isEqualTo(1);

    Decision again = decide(ledger, request(A));
    assertThat(again.allow()).isFalse();
    assertThat(again.reasons()).extracting(x -> x.code()).containsExactly("artifact.revoked");
    assertThat(again.verified().path("revocations").get(0).path("digest").asText()).isEqualTo(A);
    assertThat(ArtifactStatus.lookup(ledger, A).status()).as("revocation is final").isEqualTo(ArtifactStatus.Status.REVOKED);
    assertThat(LedgerVerification.verify(ledger, KEY.key().verifier(), List.of(), LedgerVerification.Progress.NONE).passed()).isTrue();
  }

  @Test
  void revokingADecisionRevokesEveryArtifactItReleased() throws Exception {
    MemoryLedger ledger = new MemoryLedger(KEY);
    Decision d = decide(ledger, request(A, B));
    Revocations.Recorded r = revocations(ledger).revoke(null, d.decisionId(), "the whole release is withdrawn", RISK);
    assertThat(r.revocation().artifacts()).containsExactly(A, B);
    assertThat(r.revocation().decisionId()).isEqualTo(d.decisionId());
    assertThat(r.revocation().decisionIndex()).isEqualTo(d.ledger().index());
    assertThat(ArtifactStatus.lookup(ledger, A).status()).isEqualTo(ArtifactStatus.Status.REVOKED);
    assertThat(ArtifactStatus.lookup(ledger, B).status()).isEqualTo(ArtifactStatus.Status.REVOKED);
    assertThat(decide(ledger, request(B)).allow()).isFalse();
  }

  @Test
  void replayUsesTheRevocationsKnownAtDecisionTime() throws Exception {
    MemoryLedger ledger = new MemoryLedger(KEY);
    Decision before = decide(ledger, request(A));
    revocations(ledger).revoke(A, null, "withdrawn", RISK);
    Decision after = decide(ledger, request(A));
    PolicySnapshot p = ReleaseGateTest.snapshot(POLICY);
    DecisionReplay replay = new DecisionReplay(new EmbeddedEvaluator(java.time.Duration.ofSeconds(10)));
    assertThat(replay.replay(stored(ledger, before), p).status()).isEqualTo(DecisionReplay.Status.IDENTICAL);
    assertThat(replay.replay(stored(ledger, after), p).status()).isEqualTo(DecisionReplay.Status.IDENTICAL);
  }

  static Decision stored(MemoryLedger ledger, Decision d) throws Exception {
    var row = ledger.entry(d.ledger().index()).orElseThrow();
    return Decision.fromEntry(Json.read(row.canonical()), row.entryHash());
  }

  static Stream<Arguments> badRevocations() {
    return Stream.of(
        Arguments.of("neither artifact nor decision", null, null, "withdrawn", "$"),
        Arguments.of("both artifact and decision", A, "01a2", "withdrawn", "$"),
        Arguments.of("a digest too short", "abc", null, "withdrawn", "$.artifact"),
        Arguments.of("an upper-case digest", A.toUpperCase(), null, "withdrawn", "$.artifact"),
        Arguments.of("another algorithm's prefix", "sha512:" + A, null, "withdrawn", "$.artifact"),
        Arguments.of("no reason", A, null, null, "$.reason"),
        Arguments.of("a blank reason", A, null, "   ", "$.reason"),
        Arguments.of("a reason of a book", A, null, "x".repeat(Revocation.MAX_REASON + 1), "$.reason"),
        Arguments.of("an empty decision id", null, " ", "withdrawn", "$.decision"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRevocations")
  void badInputIsRefusedNamingTheFieldAndRecordsNothing(String what, String artifact, String decision, String reason, String path)
      throws Exception {
    MemoryLedger ledger = new MemoryLedger(KEY);
    decide(ledger, request(A));
    long size = ledger.size();
    assertThatThrownBy(() -> revocations(ledger).revoke(artifact, decision, reason, RISK))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems()).anySatisfy(p ->
            assertThat(p.path()).isEqualTo(path)));
    assertThat(ledger.size()).isEqualTo(size);
  }

  @Test
  void aDecisionThatIsNotThereOrReleasedNothingIsRefused() throws Exception {
    MemoryLedger ledger = new MemoryLedger(KEY);
    String denied = ReleaseGateTest.gate("decision := {\"allow\": false, \"deny\": [\"no\"]}", ledger)
        .decide(new ReleaseRequestParser().parse(request(B))).decisionId();
    long size = ledger.size();
    assertThatThrownBy(() -> revocations(ledger).revoke(null, "01a2f000-0000-7000-8000-000000000000", "x", RISK))
        .isInstanceOfSatisfying(Revocations.Refused.class, e -> assertThat(e.kind()).isEqualTo(Revocations.Refused.Kind.NOT_FOUND));
    assertThatThrownBy(() -> revocations(ledger).revoke(null, denied, "x", RISK))
        .isInstanceOfSatisfying(Revocations.Refused.class, e -> assertThat(e.kind())
            .isEqualTo(Revocations.Refused.Kind.NOTHING_RELEASED));
    assertThat(ledger.size()).isEqualTo(size);
  }

  /** A forger who can append entries (and has the checkpoint key) changes one thing of a signed revocation. */
  static Stream<Arguments> forgedRevocations() {
    return Stream.<Arguments>of(
        forged("another reason", p -> p.put("reason", "routine cleanup"), "attestation.mismatch"),
        forged("another artifact", p -> p.putArray("artifacts").add(B), "attestation.mismatch"),
        forged("one artifact more", p -> ((com.fasterxml.jackson.databind.node.ArrayNode) p.get("artifacts")).add(B),
            "attestation.mismatch"),
        forged("another revoker", p -> ((ObjectNode) p.get("revokedBy")).put("identity", "mallory"), "attestation.mismatch"),
        forged("another revocation id", p -> p.put("revocationId", "01a2f000-0000-7000-8000-000000000001"), "attestation.mismatch"),
        forged("a decision it did not name", p -> p.put("decisionId", "01a2f000-0000-7000-8000-000000000002").put("decisionIndex", 0),
            "attestation.mismatch"),
        forged("another time", p -> p.put("revokedAt", "2026-11-01T00:00:00Z"), "revocation.unreadable"),
        forged("no envelope", p -> p.remove("attestation"), "attestation.missing"),
        forged("another payload type (DSSE signs it)", p -> ((ObjectNode) p.get("attestation")).put("payloadType",
            "application/json"), "attestation.bad_signature"),
        forged("a payload that is not base64", p -> ((ObjectNode) p.get("attestation")).put("payload", "!!"), "attestation.bad_signature"),
        forged("a signature bit flipped", p -> {
          ObjectNode sig = (ObjectNode) p.at("/attestation/signatures/0");
          byte[] b = Base64.getDecoder().decode(sig.get("sig").asText());
          b[5] ^= 1;
          sig.put("sig", Base64.getEncoder().encodeToString(b));
        }, "attestation.bad_signature"),
        forged("an envelope signed by another key", p -> {
          ObjectNode stated = p.deepCopy();
          stated.remove("attestation");
          p.set("attestation", TestSigner.of(10).envelope(Revocation.PAYLOAD_TYPE, CanonicalJson.canonicalize(stated)));
        }, "attestation.bad_signature"),
        forged("no artifacts", p -> p.putArray("artifacts"), "revocation.unreadable"),
        forged("an artifact that is not a digest", p -> p.putArray("artifacts").add("xyz"), "revocation.unreadable"),
        forged("an empty reason", p -> p.put("reason", ""), "revocation.unreadable"));
  }

  static Arguments forged(String what, Consumer<ObjectNode> change, String code) {
    return Arguments.of(what, change, code);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgedRevocations")
  void theAuditFindsAForgedRevocation(String what, Consumer<ObjectNode> change, String code) throws Exception {
    MemoryLedger real = new MemoryLedger(KEY);
    decide(real, request(A));
    Revocations.Recorded r = revocations(real).revoke(A, null, "poisoned", RISK);
    assertThat(LedgerVerification.verify(real, KEY.key().verifier(), List.of(), LedgerVerification.Progress.NONE).passed()).isTrue();

    // The same ledger with the revocation changed, re-chained and re-checkpointed as a key holder could.
    MemoryLedger forged = new MemoryLedger(KEY);
    for (var p : real.payloads().subList(0, (int) r.receipt().index())) {
      forged.append(p.has("decisionId") ? "decision" : "policy-activation", "2026-12-01T12:00:00.000Z", p);
    }
    ObjectNode p = r.revocation().toPayload().deepCopy();
    change.accept(p);
    forged.append("revocation", r.revocation().revokedAt(), p);
    Verdict<?> v = LedgerVerification.verify(forged, KEY.key().verifier(), List.of(), LedgerVerification.Progress.NONE);
    assertThat(v.passed()).as(what).isFalse();
    assertThat(v.failure().code()).as(what + ": " + v.failure()).isEqualTo(code);
    assertThat(v.failure().index()).isEqualTo(r.receipt().index());
  }

  @Test
  void theSignedStatementIsTheEntryAndVerifiesOnItsOwn() throws Exception {
    MemoryLedger ledger = new MemoryLedger(KEY);
    Revocation r = revocations(ledger).revoke(A, null, "poisoned", RISK).revocation();
    JsonNode env = r.attestation();
    assertThat(env.path("payloadType").asText()).isEqualTo(Revocation.PAYLOAD_TYPE);
    assertThat(Dsse.verify(env, KEY.key().verifier().publicKey())).isTrue();
    assertThat(Json.read(Dsse.payload(env))).isEqualTo(Json.read(CanonicalJson.canonicalize(r.statement())));
    assertThat(Revocation.fromPayload(r.toPayload())).isEqualTo(r);
  }
}
