package dev.gavel.core.evidence;

import static dev.gavel.core.evidence.EvidenceRequests.AT;
import static dev.gavel.core.evidence.EvidenceRequests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.fixtures.DemoEvidence;
import dev.gavel.core.fixtures.DemoSigstore;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keyless verification against a Sigstore instance the test makes ({@link DemoSigstore}), for what
 * the real samples cannot show: a certificate outside its validity at the integrated time (every
 * signature genuine), a signing time from a trusted TSA (and a TSA nobody trusts ignored), a
 * missing SET or SCT, an SCT by an unlisted log.
 */
class SyntheticKeylessTest {
  static final Instant SIGNED = Instant.parse("2026-06-01T10:00:00Z");
  static final String WHO = "release-bot@example.com";
  static final String ISSUER = "https://token.actions.githubusercontent.com";
  static DemoSigstore sigstore;
  static final List<String[]> FILES = List.<String[]>of(new String[] {"model.safetensors", "a".repeat(64)},
      new String[] {"config.json", "b".repeat(64)});

  @BeforeAll
  static void instance() {
    sigstore = new DemoSigstore(Instant.parse("2026-01-01T00:00:00Z"));
  }

  static ObjectNode data(DemoSigstore s) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    ObjectNode sig = data.putObject("gavel").putObject("trust").putObject("sigstore");
    sig.putArray("trustedRoots").add(s.trustedRoot());
    sig.putArray("identities").addObject().put("issuer", ISSUER).put("subject", WHO);
    return data;
  }

  static ObjectNode request(ObjectNode bundle) {
    ObjectNode r = EvidenceRequests.request(FILES);
    ObjectNode sig = r.putArray("signatures").addObject();
    sig.put("format", "model-signing");
    sig.set("bundle", bundle);
    return r;
  }

  static JsonNode fact(ObjectNode bundle, ObjectNode data) throws Exception {
    return new EvidenceVerifier(TrustRoots.fromPolicyData(data)).verify(parse(request(bundle)), AT).at("/signatures/0");
  }

  static ObjectNode bundle(DemoSigstore.Signing s) {
    return sigstore.bundle(DemoEvidence.modelSigningStatement("model", FILES), s);
  }

  @Test
  void aCorrectKeylessSignatureIsTrustedWithWhoHowWhenAndUnderWhichRoot() throws Exception {
    JsonNode f = fact(bundle(DemoSigstore.Signing.at(WHO, ISSUER, SIGNED)), data(sigstore));
    assertThat(f.get("status").asText()).as(f.toPrettyString()).isEqualTo("trusted");
    assertThat(f.get("method").asText()).isEqualTo("keyless");
    assertThat(f.get("signer").asText()).isEqualTo(WHO);
    assertThat(f.at("/identity/issuer").asText()).isEqualTo(ISSUER);
    assertThat(f.get("signedAt").asText()).isEqualTo("2026-06-01T10:00:00Z");
    assertThat(f.at("/trustRoot/certificateAuthority").asText()).isEqualTo(DemoSigstore.FULCIO_URL);
    assertThat(f.at("/trustRoot/digest").asText()).startsWith("sha256:");
    assertThat(f.get("sct").asText()).startsWith("verified: " + DemoSigstore.CT_URL);
    assertThat(f.get("coversAll").asBoolean()).isTrue();
  }

  @Test
  void aCertificateOutsideItsValidityAtTheIntegratedTimeIsExpiredAtSigning() throws Exception {
    // the certificate expired an hour before the entry was integrated: every signature genuine
    DemoSigstore.Signing late = DemoSigstore.Signing.at(WHO, ISSUER, SIGNED)
        .certificateValid(SIGNED.minusSeconds(4200), SIGNED.minusSeconds(3600));
    JsonNode f = fact(bundle(late), data(sigstore));
    assertThat(f.get("problem").asText()).as(f.get("detail").asText()).isEqualTo("expired_at_signing");
    assertThat(f.at("/tlogEntries/0/signedEntryTimestamp").asText()).isEqualTo("verified");
    DemoSigstore.Signing early = DemoSigstore.Signing.at(WHO, ISSUER, SIGNED)
        .certificateValid(SIGNED.plusSeconds(60), SIGNED.plusSeconds(660));
    assertThat(fact(bundle(early), data(sigstore)).get("problem").asText()).isEqualTo("expired_at_signing");
  }

  @Test
  void aTimestampFromTheTrustedTsaIsASigningTimeAndAnUntrustedOneIsIgnored() throws Exception {
    ObjectNode b = bundle(DemoSigstore.Signing.at(WHO, ISSUER, SIGNED).withTimestamp());
    JsonNode f = fact(b, data(sigstore));
    assertThat(f.get("status").asText()).as(f.toPrettyString()).isEqualTo("trusted");
    assertThat(f.at("/timestamps/0/status").asText()).isEqualTo("verified");
    assertThat(f.get("signedAtSource").asText()).startsWith("RFC 3161 timestamp by");
    // without a SET, the TSA's time alone dates the signature
    ObjectNode noSet = bundle(DemoSigstore.Signing.at(WHO, ISSUER, SIGNED).withTimestamp().withoutSet());
    assertThat(fact(noSet, data(sigstore)).get("status").asText()).isEqualTo("trusted");
    // a TSA the trusted root does not list: ignored, and with no SET nothing dates the signature
    DemoSigstore other = new DemoSigstore(Instant.parse("2026-01-01T00:00:00Z"));
    ObjectNode foreign = noSet.deepCopy();
    byte[] sig = Base64.getDecoder().decode(noSet.at("/dsseEnvelope/signatures/0/sig").asText());
    ((ObjectNode) foreign.at("/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0"))
        .put("signedTimestamp", Base64.getEncoder().encodeToString(other.timestamp(sig, SIGNED)));
    JsonNode g = fact(foreign, data(sigstore));
    assertThat(g.at("/timestamps/0/status").asText()).isEqualTo("ignored");
    assertThat(g.get("problem").asText()).isEqualTo("tlog_invalid");
    // a timestamp over another signature does not date this one
    ObjectNode otherSig = noSet.deepCopy();
    ((ObjectNode) otherSig.at("/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0"))
        .put("signedTimestamp", Base64.getEncoder().encodeToString(sigstore.timestamp(new byte[] {1, 2, 3}, SIGNED)));
    assertThat(fact(otherSig, data(sigstore)).at("/timestamps/0/detail").asText()).contains("message imprint");
    // a TSA time outside the certificate's validity fails even when the integrated time is inside
    ObjectNode lateStamp = b.deepCopy();
    ((ObjectNode) lateStamp.at("/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0"))
        .put("signedTimestamp", Base64.getEncoder().encodeToString(sigstore.timestamp(
            Base64.getDecoder().decode(b.at("/dsseEnvelope/signatures/0/sig").asText()), SIGNED.plusSeconds(3600))));
    assertThat(fact(lateStamp, data(sigstore)).get("problem").asText()).isEqualTo("expired_at_signing");
  }

  @Test
  void aMissingSctWhenTheRootListsCtLogsIsAnSctFailure() throws Exception {
    JsonNode f = fact(bundle(DemoSigstore.Signing.at(WHO, ISSUER, SIGNED).withoutSct()), data(sigstore));
    assertThat(f.get("problem").asText()).isEqualTo("sct_invalid");
    assertThat(f.get("detail").asText()).contains("no signed certificate timestamp");
    ObjectNode noCt = data(sigstore);
    ((ObjectNode) noCt.at("/gavel/trust/sigstore/trustedRoots/0")).remove("ctlogs");
    assertThat(fact(bundle(DemoSigstore.Signing.at(WHO, ISSUER, SIGNED).withoutSct()), noCt).get("status").asText())
        .isEqualTo("trusted");
  }

  @Test
  void anotherInstancesBundleIsNotTrustedUnderThisRoot() throws Exception {
    DemoSigstore other = new DemoSigstore(Instant.parse("2026-01-01T00:00:00Z"));
    ObjectNode b = other.bundle(DemoEvidence.modelSigningStatement("model", FILES), DemoSigstore.Signing.at(WHO, ISSUER, SIGNED));
    assertThat(fact(b, data(sigstore)).get("problem").asText()).isEqualTo("chain_untrusted");
    // both roots listed: trusted under the second, and the facts say which
    ObjectNode both = data(sigstore);
    ((com.fasterxml.jackson.databind.node.ArrayNode) both.at("/gavel/trust/sigstore/trustedRoots")).add(other.trustedRoot());
    JsonNode f = fact(b, both);
    assertThat(f.get("status").asText()).isEqualTo("trusted");
    assertThat(f.at("/trustRoot/path").asText()).isEqualTo("data.gavel.trust.sigstore.trustedRoots[1]");
  }
}
