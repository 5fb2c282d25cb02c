package dev.gavel.core.evidence;

import static dev.gavel.core.evidence.EvidenceRequests.AT;
import static dev.gavel.core.evidence.EvidenceRequests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.fixtures.DemoCertificates;
import dev.gavel.core.fixtures.DemoSigstore;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real keyless samples (a 10-minute Fulcio certificate, a public-good Rekor entry), each
 * spawning corrupted variants that must not be trusted, each with its specific problem: another
 * identity or issuer, a Rekor proof with one bit flipped, a checkpoint signed by another key, an
 * altered SET, body or integrated time, a log, CA or CT log the trust data does not list, an
 * intermediate removed from the trusted root, an altered signature or payload.
 */
class KeylessSamplesCorruptionTest {
  static Stream<String> samples() {
    return Stream.of("v0.3.1-sigstore", "v1.0.0-sigstore", "v1.0.1-sigstore", "v1.1.0-sigstore");
  }

  private static JsonNode fact(ObjectNode request, ObjectNode data) throws Exception {
    return new EvidenceVerifier(TrustRoots.fromPolicyData(data)).verify(parse(request), AT).at("/signatures/0");
  }

  private static void expect(ObjectNode request, ObjectNode data, String problem, String what) throws Exception {
    JsonNode f = fact(request, data);
    assertThat(f.get("status").asText()).as(what + ": " + f.toPrettyString()).isNotEqualTo("trusted");
    assertThat(f.get("trusted").asBoolean()).isFalse();
    assertThat(f.get("problem").asText()).as(what + ": " + f.get("detail").asText()).isEqualTo(problem);
  }

  private static ObjectNode entry(ObjectNode request) {
    return (ObjectNode) request.at("/signatures/0/bundle/verificationMaterial/tlogEntries/0");
  }

  private static ObjectNode root(ObjectNode data) {
    return (ObjectNode) data.at("/gavel/trust/sigstore/trustedRoots/0/trustedRoot");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void anotherIdentityOrIssuerIsAnIdentityMismatch(String sample) throws Exception {
    ObjectNode request = ModelSigningSamples.request(sample);
    ObjectNode data = ModelSigningSamples.policyData();
    ((ObjectNode) ModelSigningSamples.identities(data).get(0)).put("subject", "someone.else@us.ibm.com");
    expect(request, data, "identity_mismatch", "another identity");
    data = ModelSigningSamples.policyData();
    ((ObjectNode) ModelSigningSamples.identities(data).get(0)).put("issuer", "https://accounts.google.com");
    expect(request, data, "identity_mismatch", "another issuer");
    // a pattern must match the whole SAN: an unanchored fragment is not enough
    data = ModelSigningSamples.policyData();
    ((ObjectNode) ModelSigningSamples.identities(data).get(0)).remove("subject");
    ((ObjectNode) ModelSigningSamples.identities(data).get(0)).put("subjectPattern", "stefanb");
    expect(request, data, "identity_mismatch", "a partial pattern");
    ((ObjectNode) ModelSigningSamples.identities(data).get(0)).put("subjectPattern", ".*@us\\.ibm\\.com");
    assertThat(fact(request, data).get("status").asText()).isEqualTo("trusted");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void aRekorProofWithOneBitFlippedIsATlogFailure(String sample) throws Exception {
    ObjectNode data = ModelSigningSamples.policyData();
    ObjectNode good = ModelSigningSamples.request(sample);
    ArrayNode hashes = (ArrayNode) entry(good).at("/inclusionProof/hashes");
    for (int i = 0; i < hashes.size(); i++) {
      for (int bit : new int[] {0, 7}) {
        ObjectNode bad = good.deepCopy();
        ArrayNode h = (ArrayNode) entry(bad).at("/inclusionProof/hashes");
        byte[] b = Base64.getDecoder().decode(h.get(i).asText());
        b[(i * 5) % b.length] ^= (byte) (1 << bit);
        h.set(i, Base64.getEncoder().encodeToString(b));
        expect(bad, data, "tlog_invalid", "proof hash " + i + " bit " + bit);
      }
    }
    ObjectNode bad = good.deepCopy();
    ObjectNode proof = (ObjectNode) entry(bad).get("inclusionProof");
    byte[] root = Base64.getDecoder().decode(proof.get("rootHash").asText());
    root[0] ^= 1;
    proof.put("rootHash", Base64.getEncoder().encodeToString(root));
    expect(bad, data, "tlog_invalid", "root hash");
    bad = good.deepCopy();
    ((ObjectNode) entry(bad).get("inclusionProof")).put("logIndex", entry(good).at("/inclusionProof/logIndex").asLong() - 1);
    expect(bad, data, "tlog_invalid", "another leaf index");
    bad = good.deepCopy();
    ((ArrayNode) entry(bad).at("/inclusionProof/hashes")).remove(0);
    expect(bad, data, "tlog_invalid", "a hash removed");
    bad = good.deepCopy();
    entry(bad).remove("inclusionProof");
    expect(bad, data, "tlog_invalid", "no inclusion proof");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void aCheckpointSignedByAnotherKeyIsATlogFailure(String sample) throws Exception {
    ObjectNode data = ModelSigningSamples.policyData();
    ObjectNode bad = ModelSigningSamples.request(sample);
    ObjectNode cp = (ObjectNode) entry(bad).at("/inclusionProof/checkpoint");
    String note = cp.get("envelope").asText();
    String text = note.substring(0, note.lastIndexOf("\n\n") + 1);
    KeyPair other = DemoCertificates.keyPair("secp256r1");
    cp.put("envelope", DemoSigstore.checkpoint("rekor.sigstore.dev", other.getPrivate(), other.getPublic().getEncoded(), text));
    expect(bad, data, "tlog_invalid", "checkpoint by another key");
    // Rekor's key hash on another key's signature: the signature does not verify
    String forged = DemoSigstore.checkpoint("rekor.sigstore.dev", other.getPrivate(),
        Base64.getDecoder().decode(root(data).at("/tlogs/0/publicKey/rawBytes").asText()), text);
    cp.put("envelope", forged);
    expect(bad, data, "tlog_invalid", "forged checkpoint");
    // the checkpoint's text altered (another tree size)
    String[] lines = text.split("\n");
    cp.put("envelope", note.replace("\n" + lines[1] + "\n", "\n" + (Long.parseLong(lines[1]) + 1) + "\n"));
    expect(bad, data, "tlog_invalid", "checkpoint text altered");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void anAlteredSetBodyOrIntegratedTimeIsATlogFailure(String sample) throws Exception {
    ObjectNode data = ModelSigningSamples.policyData();
    ObjectNode good = ModelSigningSamples.request(sample);
    ObjectNode bad = good.deepCopy();
    ObjectNode promise = (ObjectNode) entry(bad).get("inclusionPromise");
    byte[] set = Base64.getDecoder().decode(promise.get("signedEntryTimestamp").asText());
    set[set.length - 3] ^= 0x10;
    promise.put("signedEntryTimestamp", Base64.getEncoder().encodeToString(set));
    expect(bad, data, "tlog_invalid", "SET");
    bad = good.deepCopy();
    entry(bad).put("integratedTime", Long.toString(entry(good).get("integratedTime").asLong() + 1));
    expect(bad, data, "tlog_invalid", "integrated time");
    bad = good.deepCopy();
    entry(bad).put("logIndex", Long.toString(entry(good).get("logIndex").asLong() + 1));
    expect(bad, data, "tlog_invalid", "log index");
    bad = good.deepCopy();
    String body = new String(Base64.getDecoder().decode(entry(good).get("canonicalizedBody").asText()), StandardCharsets.UTF_8);
    String payloadHash = body.replaceAll(".*\"payloadHash\":\\{\"algorithm\":\"sha256\",\"value\":\"([0-9a-f]+)\".*", "$1");
    entry(bad).put("canonicalizedBody", Base64.getEncoder().encodeToString(body.replace(payloadHash, "0".repeat(64))
        .getBytes(StandardCharsets.UTF_8)));
    expect(bad, data, "tlog_invalid", "body of another payload");
    bad = good.deepCopy();
    entry(bad).remove("inclusionPromise");
    expect(bad, data, "tlog_invalid", "no SET and no trusted timestamp");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void trustDataThatDoesNotListTheLogTheCaOrTheCtLogIsNotTrusted(String sample) throws Exception {
    ObjectNode request = ModelSigningSamples.request(sample);
    ObjectNode data = ModelSigningSamples.policyData();
    KeyPair other = DemoCertificates.keyPair("secp256r1");
    ObjectNode tlog = (ObjectNode) root(data).at("/tlogs/0");
    ((ObjectNode) tlog.get("publicKey")).put("rawBytes", Base64.getEncoder().encodeToString(other.getPublic().getEncoded()));
    tlog.remove("logId");
    expect(request, data, "tlog_invalid", "another Rekor key");

    data = ModelSigningSamples.policyData();
    for (JsonNode ca : root(data).get("certificateAuthorities")) {
      ArrayNode chain = (ArrayNode) ca.at("/certChain/certificates");
      if (chain.size() > 1) {
        chain.remove(0); // the intermediate removed: the leaf's issuer is nowhere
      }
    }
    expect(request, data, "chain_untrusted", "intermediate removed");

    data = ModelSigningSamples.policyData();
    for (JsonNode ca : root(data).get("certificateAuthorities")) {
      ((ObjectNode) ca).putObject("validFor").put("start", "2022-04-13T20:06:15Z").put("end", "2024-12-31T23:59:59Z");
    }
    expect(request, data, "chain_untrusted", "Fulcio CA no longer valid at the signing time");

    data = ModelSigningSamples.policyData();
    for (JsonNode ct : root(data).get("ctlogs")) {
      ((ObjectNode) ct.get("publicKey")).put("rawBytes", Base64.getEncoder().encodeToString(other.getPublic().getEncoded()));
      ((ObjectNode) ct).remove("logId");
    }
    expect(request, data, "sct_invalid", "CT logs of another key");

    data = ModelSigningSamples.policyData();
    root(data).remove("ctlogs");
    JsonNode f = fact(request, data);
    assertThat(f.get("status").asText()).isEqualTo("trusted");
    assertThat(f.get("sct").asText()).startsWith("not checked");

    data = ModelSigningSamples.policyData();
    ((ObjectNode) data.at("/gavel/trust")).remove("sigstore");
    expect(request, data, "chain_untrusted", "no Sigstore trust at all");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void anAlteredSignatureOrPayloadIsInvalidAndAStrippedLogEntryUntrusted(String sample) throws Exception {
    ObjectNode data = ModelSigningSamples.policyData();
    ObjectNode good = ModelSigningSamples.request(sample);
    ObjectNode bad = good.deepCopy();
    ObjectNode sig = (ObjectNode) bad.at("/signatures/0/bundle/dsseEnvelope/signatures/0");
    byte[] s = Base64.getDecoder().decode(sig.get("sig").asText());
    s[12] ^= 0x08;
    sig.put("sig", Base64.getEncoder().encodeToString(s));
    expect(bad, data, "invalid", "signature byte");
    bad = good.deepCopy();
    ObjectNode env = (ObjectNode) bad.at("/signatures/0/bundle/dsseEnvelope");
    String payload = new String(Base64.getDecoder().decode(env.get("payload").asText()), StandardCharsets.UTF_8);
    env.put("payload", Base64.getEncoder().encodeToString(payload.replace("signme-1", "signme-9").getBytes(StandardCharsets.UTF_8)));
    expect(bad, data, "invalid", "payload");
    bad = good.deepCopy();
    ((ObjectNode) bad.at("/signatures/0/bundle/verificationMaterial")).putArray("tlogEntries");
    JsonNode f = fact(bad, data);
    assertThat(f.get("method").asText()).isEqualTo("certificate");
    assertThat(f.get("problem").asText()).isEqualTo("chain_untrusted");
    assertThat(f.get("detail").asText()).contains("does not chain to a listed certificate authority");
  }
}
