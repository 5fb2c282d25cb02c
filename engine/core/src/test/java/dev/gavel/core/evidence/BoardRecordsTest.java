package dev.gavel.core.evidence;

import static dev.gavel.core.evidence.EvidenceRequests.request;
import static dev.gavel.core.evidence.EvidenceRequests.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.fixtures.DemoEvidence;
import dev.gavel.core.fixtures.DemoKeys;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Approvals and waivers signed by board members: what counts, and every way it can fail. */
class BoardRecordsTest {
  static final String SUBJECT = "a".repeat(64);
  static final DemoKeys.Key ALICE = DemoKeys.generate("alice", DemoKeys.Type.ED25519);
  static final DemoKeys.Key BOB = DemoKeys.generate("bob", DemoKeys.Type.P256);
  static final DemoKeys.Key CAROL = DemoKeys.generate("carol", DemoKeys.Type.RSA);

  static TrustRoots board() {
    return new TrustRoots(List.of(), List.of(), List.of(
        new TrustedKey("alice", ALICE.publicKey(), null, false, List.of("risk-officer")),
        new TrustedKey("bob", BOB.publicKey(), null, false, List.of("model-owner")),
        new TrustedKey("carol", CAROL.publicKey(), null, true, List.of("model-owner"))));
  }

  static ObjectNode withApproval(ObjectNode approval) {
    ObjectNode r = request(List.<String[]>of(new String[] {"model.bin", SUBJECT}));
    r.putArray("approvals").add(approval);
    return r;
  }

  @Test
  void aSignedApprovalByAMemberHoldingTheRoleIsValid() throws Exception {
    JsonNode a = verify(withApproval(DemoEvidence.approval("bob", "model-owner", "approve", "2026-11-28T12:00:00Z", SUBJECT, BOB)),
        board()).at("/approvals/0");
    assertThat(a.get("signature").asText()).isEqualTo("valid");
    assertThat(a.get("boardMember").asBoolean()).isTrue();
    assertThat(a.get("roleHeld").asBoolean()).isTrue();
    assertThat(a.get("subjectMatches").asBoolean()).isTrue();
    assertThat(a.get("ageSeconds").asLong()).isEqualTo(3 * 86400);
  }

  static Stream<Arguments> brokenApprovals() {
    return Stream.of(
        Arguments.of("decision changed after signing", "invalid", true, true,
            (Consumer<ObjectNode>) a -> a.put("decision", "reject")),
        Arguments.of("subject changed after signing", "invalid", true, true,
            (Consumer<ObjectNode>) a -> ((ObjectNode) a.get("subject")).put("sha256", "b".repeat(64))),
        Arguments.of("signed by another member", "invalid", true, true,
            (Consumer<ObjectNode>) a -> a.set("signature", DemoEvidence.approval("bob", "model-owner", "approve",
                "2026-11-28T12:00:00Z", SUBJECT, ALICE).get("signature"))),
        Arguments.of("wrong payload type", "invalid", true, true,
            (Consumer<ObjectNode>) a -> ((ObjectNode) a.at("/signature/envelope")).put("payloadType", "application/json")),
        Arguments.of("unsigned", "missing", true, true, (Consumer<ObjectNode>) a -> a.remove("signature")),
        Arguments.of("not a member", "unverified", false, false, (Consumer<ObjectNode>) a -> {
          a.put("approver", "mallory");
          a.remove("signature");
          a.setAll(DemoEvidence.boardSigned(a, "application/vnd.gavel.approval+json", BOB));
        }),
        Arguments.of("role not held", "valid", true, false, (Consumer<ObjectNode>) a -> {
          a.put("role", "risk-officer");
          a.remove("signature");
          a.setAll(DemoEvidence.boardSigned(a, "application/vnd.gavel.approval+json", BOB));
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenApprovals")
  void brokenApprovalsAreReportedAsSuch(String name, String signature, boolean member, boolean role, Consumer<ObjectNode> breakIt)
      throws Exception {
    ObjectNode approval = DemoEvidence.approval("bob", "model-owner", "approve", "2026-11-28T12:00:00Z", SUBJECT, BOB);
    breakIt.accept(approval);
    JsonNode a = verify(withApproval(approval), board()).at("/approvals/0");
    assertThat(a.get("signature").asText()).as(a.toString()).isEqualTo(signature);
    assertThat(a.get("boardMember").asBoolean()).isEqualTo(member);
    assertThat(a.get("roleHeld").asBoolean()).isEqualTo(role);
  }

  @Test
  void aRevokedMemberKeyMakesTheSignatureInvalid() throws Exception {
    JsonNode a = verify(withApproval(DemoEvidence.approval("carol", "model-owner", "approve", "2026-11-28T12:00:00Z", SUBJECT, CAROL)),
        board()).at("/approvals/0");
    assertThat(a.get("signature").asText()).isEqualTo("invalid");
    assertThat(a.get("detail").asText()).isEqualTo("key of 'carol' is revoked");
  }

  private static ObjectNode scannedRelease(ObjectNode... waivers) {
    ObjectNode r = request(List.<String[]>of(new String[] {"model.bin", SUBJECT}));
    r.putArray("scans").add(DemoEvidence.scan("trivy", "dependency-vulnerabilities", "sarif", "2026-11-30T00:00:00Z", SUBJECT,
        DemoEvidence.sarif("Trivy", new String[] {"CVE-1", "9.8", "x"}, new String[] {"CVE-2", "7.5", "y"})));
    var list = r.putArray("waivers");
    for (ObjectNode w : waivers) {
      list.add(w);
    }
    return r;
  }

  @Test
  void aValidWaiverRemovesItsFindingFromTheCounts() throws Exception {
    JsonNode v = verify(scannedRelease(DemoEvidence.waiver("CVE-1", "not reachable", "2026-12-31T00:00:00Z", "alice", ALICE)), board());
    assertThat(v.at("/scans/0/counts/critical").asInt()).isZero();
    assertThat(v.at("/scans/0/counts/high").asInt()).isEqualTo(1);
    assertThat(v.at("/scans/0/waived").asInt()).isEqualTo(1);
    assertThat(v.at("/waivers/0/valid").asBoolean()).isTrue();
  }

  @Test
  void expiredForgedOrUnauthorisedWaiversRemoveNothing() throws Exception {
    ObjectNode expired = DemoEvidence.waiver("CVE-1", "r", "2026-12-01T12:00:00Z", "alice", ALICE);
    ObjectNode byOwner = DemoEvidence.waiver("CVE-1", "r", "2026-12-31T00:00:00Z", "bob", BOB);
    ObjectNode forged = DemoEvidence.waiver("CVE-1", "r", "2026-12-31T00:00:00Z", "alice", ALICE);
    forged.put("findingId", "CVE-2");
    JsonNode v = verify(scannedRelease(expired, byOwner, forged), board());
    assertThat(v.at("/scans/0/counts/critical").asInt()).isEqualTo(1);
    assertThat(v.at("/scans/0/counts/high").asInt()).isEqualTo(1);
    assertThat(v.at("/waivers/0/expired").asBoolean()).isTrue();
    assertThat(v.at("/waivers/1/roleHeld").asBoolean()).isFalse();
    assertThat(v.at("/waivers/2/signature").asText()).isEqualTo("invalid");
    for (JsonNode w : v.get("waivers")) {
      assertThat(w.get("valid").asBoolean()).isFalse();
    }
  }

  @Test
  void ageIsMeasuredAgainstTheEvaluationTime() throws Exception {
    ObjectNode r = withApproval(DemoEvidence.approval("bob", "model-owner", "approve", "2026-11-28T12:00:00Z", SUBJECT, BOB));
    JsonNode later = new EvidenceVerifier(board()).verify(EvidenceRequests.parse(r), Instant.parse("2027-01-01T12:00:00Z"));
    assertThat(later.at("/approvals/0/ageSeconds").asLong()).isEqualTo(34 * 86400);
  }
}
