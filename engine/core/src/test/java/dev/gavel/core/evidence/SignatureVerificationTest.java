package dev.gavel.core.evidence;

import dev.gavel.testkit.SharedFiles;
import static dev.gavel.core.evidence.EvidenceRequests.AT;
import static dev.gavel.core.evidence.EvidenceRequests.key;
import static dev.gavel.core.evidence.EvidenceRequests.request;
import static dev.gavel.core.evidence.EvidenceRequests.signers;
import static dev.gavel.core.evidence.EvidenceRequests.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.fixtures.DemoEvidence;
import dev.gavel.core.fixtures.DemoKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Artifact signatures and provenance: the real DSSE and model-signing samples verify, and every
 * corrupted variant of them (a flipped payload or signature byte, another key, a revoked or
 * expired key) is never trusted.
 */
class SignatureVerificationTest {

  // ---- DSSE reference vector and the real slsa-verifier VSA (ECDSA P-256, raw r||s) ----

  @Test
  void dsseReferenceVectorVerifiesAndEveryFlippedByteFails() throws Exception {
    JsonNode v = SharedFiles.json(SharedFiles.fixtures("dsse").resolve("vectors.json")).get("referenceVector");
    PublicKey pub = PublicKeyPem.parse(v.get("publicKeyPem").asText());
    TrustedKey trusted = new TrustedKey("66301bbf", pub, null, false, List.of());
    DsseEnvelope env = DsseEnvelope.parse(v.get("envelope"), "$");
    assertThat(SignerVerdict.judge(env, List.of(trusted), null, AT).status()).isEqualTo(SignerVerdict.Status.TRUSTED);
    byte[] sig = env.signatures().get(0).sig();
    for (int i = 0; i < sig.length; i++) {
      byte[] bad = sig.clone();
      bad[i] ^= 0x01;
      DsseEnvelope corrupted = new DsseEnvelope(env.payloadType(), env.payload(), List.of(new DsseEnvelope.Signature("66301bbf", bad)));
      // the envelope names the trusted key, so a signature that fails under it is invalid
      assertThat(SignerVerdict.judge(corrupted, List.of(trusted), null, AT).status()).as("sig byte " + i)
          .isEqualTo(SignerVerdict.Status.INVALID);
    }
    for (int i = 0; i < env.payload().length; i++) {
      byte[] bad = env.payload().clone();
      bad[i] ^= 0x20;
      DsseEnvelope corrupted = new DsseEnvelope(env.payloadType(), bad, env.signatures());
      assertThat(SignerVerdict.judge(corrupted, List.of(trusted), null, AT).trusted()).as("payload byte " + i).isFalse();
    }
    DsseEnvelope otherType = new DsseEnvelope("http://example.com/Other", env.payload(), env.signatures());
    assertThat(SignerVerdict.judge(otherType, List.of(trusted), null, AT).trusted()).isFalse();
  }

  @Test
  void realVsaEnvelopeWithRawEcdsaSignatureVerifies() throws Exception {
    Path dir = SharedFiles.fixtures("dsse").resolve("slsa-verifier-vsa");
    JsonNode envelope = SharedFiles.JSON.readTree(Files.readString(dir.resolve("gke-gce-pre.bcid-vsa.jsonl")).strip());
    PublicKey pub = PublicKeyPem.parse(Files.readString(dir.resolve("vsa_signing_public_key.pem")));
    DsseEnvelope env = DsseEnvelope.parse(envelope, "$");
    assertThat(env.signatures().get(0).sig()).hasSize(64);
    TrustedKey bcid = new TrustedKey("bcid", pub, null, false, List.of());
    assertThat(SignerVerdict.judge(env, List.of(bcid), null, AT).signer()).isEqualTo("bcid");
    InTotoStatement st = InTotoStatement.parse(env.payload(), "$.payload");
    assertThat(st.predicateType()).isEqualTo("https://slsa.dev/verification_summary/v1");
    assertThat(st.digests()).as("the VSA's only subject has a gce_image_id digest, no sha256").isEmpty();
    // an unrelated trusted key does not verify it, and nothing names that key: untrusted
    TrustedKey other = new TrustedKey("other", DemoKeys.generate("o", DemoKeys.Type.P256).publicKey(), null, false, List.of());
    assertThat(SignerVerdict.judge(env, List.of(other), null, AT).status()).isEqualTo(SignerVerdict.Status.UNTRUSTED);
  }

  // ---- OpenSSF model-signing samples (ECDSA P-384, DER) ----

  static Stream<String> modelSigningSamples() {
    return Stream.of("v0.3.1-elliptic-key", "v1.0.0-elliptic-key", "v1.0.1-elliptic-key", "v1.1.0-elliptic-key");
  }

  /** The request for a sample: one artifact per model file (manifest files, not model.sig or ignore paths). */
  private static ObjectNode modelSigningRequest(Path dir) throws Exception {
    List<String[]> arts = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.getFileName().toString().startsWith("signme-")).sorted().toList()) {
        arts.add(new String[] {f.getFileName().toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)))});
      }
    }
    ObjectNode r = request(arts);
    ObjectNode sig = r.putArray("signatures").addObject();
    sig.put("format", "model-signing");
    sig.set("bundle", SharedFiles.json(dir.resolve("model.sig")));
    return r;
  }

  private static TrustRoots modelSigningKey() throws Exception {
    Path keys = SharedFiles.fixtures("model-signing").resolve("keys");
    // the file starts with a human-readable dump before its PEM block
    PublicKey pub = PublicKeyPem.parse(Files.readString(keys.resolve("signing-key-pub.pem")));
    return new TrustRoots(List.of(new TrustedKey("model-transparency-tests", pub, null, false, List.of())), List.of(), List.of());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("modelSigningSamples")
  void modelSigningSampleIsTrustedAndCoversEveryModelFile(String sample) throws Exception {
    Path dir = SharedFiles.fixtures("model-signing").resolve(sample);
    JsonNode fact = verify(modelSigningRequest(dir), modelSigningKey()).at("/signatures/0");
    assertThat(fact.get("status").asText()).as(fact.toString()).isEqualTo("trusted");
    assertThat(fact.get("coversAll").asBoolean()).isTrue();
    assertThat(fact.get("predicateType").asText()).isEqualTo("https://model_signing/signature/v1.0");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("modelSigningSamples")
  void modelSigningSampleCorruptionsAreNeverTrusted(String sample) throws Exception {
    Path dir = SharedFiles.fixtures("model-signing").resolve(sample);
    TrustRoots trust = modelSigningKey();
    ObjectNode good = modelSigningRequest(dir);
    ObjectNode env = (ObjectNode) good.at("/signatures/0/bundle/dsseEnvelope");
    byte[] payload = Base64.getDecoder().decode(env.get("payload").asText());
    byte[] sig = Base64.getDecoder().decode(env.at("/signatures/0/sig").asText());
    for (int i = 0; i < 40; i++) {
      int at = (i * 7919) % sig.length;
      ObjectNode bad = good.deepCopy();
      byte[] s = sig.clone();
      s[at] ^= 0x04;
      ((ObjectNode) bad.at("/signatures/0/bundle/dsseEnvelope/signatures/0")).put("sig", Base64.getEncoder().encodeToString(s));
      assertThat(verify(bad, trust).at("/signatures/0/status").asText()).as("sig byte " + at).isEqualTo("invalid");
    }
    // change one manifest digest inside the signed payload
    String text = new String(payload, StandardCharsets.UTF_8);
    String digest = good.at("/model/artifacts/0/digest/sha256").asText();
    ObjectNode bad = good.deepCopy();
    ((ObjectNode) bad.at("/signatures/0/bundle/dsseEnvelope")).put("payload", Base64.getEncoder().encodeToString(
        text.replace(digest, "0".repeat(64)).getBytes(StandardCharsets.UTF_8)));
    assertThat(verify(bad, trust).at("/signatures/0/status").asText()).isEqualTo("invalid");
    // a model file that changed is not covered
    ObjectNode changed = good.deepCopy();
    ((ObjectNode) changed.at("/model/artifacts/0/digest")).put("sha256", "f".repeat(64));
    JsonNode fact = verify(changed, trust).at("/signatures/0");
    assertThat(fact.get("status").asText()).isEqualTo("trusted");
    assertThat(fact.get("missing")).extracting(JsonNode::asText).containsExactly("f".repeat(64));
    // a key nobody trusts
    assertThat(verify(good, TrustRoots.NONE).at("/signatures/0/status").asText()).isEqualTo("untrusted");
  }

  // ---- DSSE artifact signatures with each key type, and key status ----

  @ParameterizedTest
  @EnumSource(DemoKeys.Type.class)
  void eachKeyTypeSignsAndIsTrusted(DemoKeys.Type type) throws Exception {
    DemoKeys.Key k = DemoKeys.generate("signer", type);
    List<String[]> arts = List.<String[]>of(new String[] {"model.bin", "a".repeat(64)});
    ObjectNode r = request(arts);
    r.putArray("signatures").add(DemoEvidence.dsseSignature(arts, k));
    assertThat(verify(r, signers(key("signer", k))).at("/signatures/0/status").asText()).isEqualTo("trusted");
  }

  @Test
  void revokedAndExpiredSignerKeysAreNotTrusted() throws Exception {
    DemoKeys.Key k = DemoKeys.generate("signer", DemoKeys.Type.ED25519);
    List<String[]> arts = List.<String[]>of(new String[] {"model.bin", "a".repeat(64)});
    ObjectNode r = request(arts);
    r.putArray("signatures").add(DemoEvidence.dsseSignature(arts, k));
    JsonNode revoked = verify(r, signers(new TrustedKey("signer", k.publicKey(), null, true, List.of()))).at("/signatures/0");
    assertThat(revoked.get("status").asText()).isEqualTo("untrusted");
    assertThat(revoked.get("detail").asText()).isEqualTo("key of 'signer' is revoked");
    JsonNode expired = verify(r, signers(new TrustedKey("signer", k.publicKey(), Instant.parse("2026-06-30T00:00:00Z"), false,
        List.of()))).at("/signatures/0");
    assertThat(expired.get("detail").asText()).isEqualTo("key of 'signer' expired at 2026-06-30T00:00:00Z");
    JsonNode notYet = verify(r, signers(new TrustedKey("signer", k.publicKey(), Instant.parse("2027-01-01T00:00:00Z"), false,
        List.of()))).at("/signatures/0");
    assertThat(notYet.get("status").asText()).isEqualTo("trusted");
  }

  @Test
  void aSignatureWithAnEmbeddedUntrustedKeyIsUntrustedAndATamperedOneInvalid() throws Exception {
    DemoKeys.Key k = DemoKeys.generate("stranger", DemoKeys.Type.P384);
    List<String[]> arts = List.<String[]>of(new String[] {"model.bin", "a".repeat(64)});
    ObjectNode r = request(arts);
    ObjectNode sig = DemoEvidence.dsseSignature(arts, k);
    sig.put("publicKey", k.publicPem());
    r.putArray("signatures").add(sig);
    assertThat(verify(r, TrustRoots.NONE).at("/signatures/0/status").asText()).isEqualTo("untrusted");
    ((ObjectNode) r.at("/signatures/0/envelope")).put("payloadType", "application/vnd.in-toto+json");
    String p = r.at("/signatures/0/envelope/payload").asText();
    ((ObjectNode) r.at("/signatures/0/envelope")).put("payload", Base64.getEncoder().encodeToString(
        new String(Base64.getDecoder().decode(p), StandardCharsets.UTF_8).replace("model.bin", "model.bim").getBytes(StandardCharsets.UTF_8)));
    assertThat(verify(r, TrustRoots.NONE).at("/signatures/0/status").asText()).isEqualTo("invalid");
  }

  @ParameterizedTest
  @EnumSource(DemoKeys.Type.class)
  void jwsSignaturesVerifyWithEachKeyTypeAndTamperingIsCaught(DemoKeys.Type type) throws Exception {
    DemoKeys.Key k = DemoKeys.generate("signer", type);
    List<String[]> arts = List.<String[]>of(new String[] {"model.bin", "a".repeat(64)});
    ObjectNode r = request(arts);
    r.putArray("signatures").add(DemoEvidence.jwsSignature(arts, k));
    JsonNode fact = verify(r, signers(key("signer", k))).at("/signatures/0");
    assertThat(fact.get("status").asText()).isEqualTo("trusted");
    assertThat(fact.get("coversAll").asBoolean()).isTrue();
    String[] parts = r.at("/signatures/0/jws").asText().split("\\.");
    String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("a".repeat(64), "b".repeat(64))
            .getBytes(StandardCharsets.UTF_8));
    ((ObjectNode) r.at("/signatures/0")).put("jws", parts[0] + "." + forgedPayload + "." + parts[2]);
    assertThat(verify(r, signers(key("signer", k))).at("/signatures/0/status").asText()).isEqualTo("invalid");
  }

  @Test
  void aJwsWhoseAlgDoesNotMatchTheKeyIsNotTrusted() throws Exception {
    DemoKeys.Key p384 = DemoKeys.generate("signer", DemoKeys.Type.P384);
    List<String[]> arts = List.<String[]>of(new String[] {"model.bin", "a".repeat(64)});
    ObjectNode r = request(arts);
    ObjectNode sig = DemoEvidence.jwsSignature(arts, p384);
    String[] parts = sig.get("jws").asText().split("\\.");
    // Same signature bytes, header claims ES256: a P-384 key must not verify it.
    String es256 = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"ES256\",\"kid\":\"signer\"}".getBytes(StandardCharsets.UTF_8));
    sig.put("jws", es256 + "." + parts[1] + "." + parts[2]);
    r.putArray("signatures").add(sig);
    assertThat(verify(r, signers(key("signer", p384))).at("/signatures/0/status").asText()).isEqualTo("invalid");
  }

  // ---- SLSA provenance ----

  @Test
  void provenanceIsTrustedOnlyWhenTheSigningBuilderIsTheNamedBuilder() throws Exception {
    DemoKeys.Key b1 = DemoKeys.generate("b1", DemoKeys.Type.P256);
    DemoKeys.Key b2 = DemoKeys.generate("b2", DemoKeys.Type.ED25519);
    List<String[]> arts = List.<String[]>of(new String[] {"model.bin", "a".repeat(64)});
    TrustRoots builders = new TrustRoots(List.of(), List.of(key("https://b1", b1), key("https://b2", b2)), List.of());
    ObjectNode r = request(arts);
    r.putArray("attestations").add(DemoEvidence.provenance(arts, "https://b1", b1)).add(DemoEvidence.provenance(arts, "https://b1", b2));
    JsonNode facts = verify(r, builders).get("provenance");
    assertThat(facts.at("/0/status").asText()).isEqualTo("trusted");
    assertThat(facts.at("/0/kind").asText()).isEqualTo("slsa-provenance");
    assertThat(facts.at("/1/status").asText()).isEqualTo("untrusted");
    assertThat(facts.at("/1/detail").asText()).isEqualTo("signed by builder 'https://b2' but the provenance names builder 'https://b1'");
  }

  @Test
  void theRealSlsaProvenanceExampleIsReadAsProvenance() throws Exception {
    JsonNode statement = SharedFiles.json(SharedFiles.fixtures("dsse").resolve("slsa-provenance-v1-github-actions-example.json"));
    InTotoStatement st = InTotoStatement.parse(statement.toString().getBytes(StandardCharsets.UTF_8), "$");
    assertThat(st.predicateType()).startsWith("https://slsa.dev/provenance/v1");
    assertThat(st.predicate().at("/runDetails/builder/id").asText()).isNotEmpty();
  }

  // ---- structural problems are bad input, with the JSON path ----

  @ParameterizedTest
  @ValueSource(strings = {"payload", "signatures", "sig", "payloadType", "format"})
  void structurallyBrokenEnvelopesAreRejectedWithTheirPath(String broken) throws Exception {
    DemoKeys.Key k = DemoKeys.generate("signer", DemoKeys.Type.ED25519);
    List<String[]> arts = List.<String[]>of(new String[] {"model.bin", "a".repeat(64)});
    ObjectNode r = request(arts);
    r.putArray("signatures").add(DemoEvidence.dsseSignature(arts, k));
    ObjectNode env = (ObjectNode) r.at("/signatures/0/envelope");
    String path;
    switch (broken) {
      case "payload":
        env.put("payload", "%%%");
        path = "$.signatures[0].envelope.payload: is not valid base64";
        break;
      case "signatures":
        env.putArray("signatures");
        path = "$.signatures[0].envelope.signatures: must not be empty"; // the schema says so first
        break;
      case "sig":
        ((ObjectNode) env.at("/signatures/0")).remove("sig");
        path = "$.signatures[0].envelope.signatures[0].sig: required field is missing";
        break;
      case "payloadType":
        env.put("payloadType", "text/plain");
        path = "$.signatures[0].envelope.payloadType: must be application/vnd.in-toto+json but got 'text/plain'";
        break;
      default:
        ((ObjectNode) r.at("/signatures/0")).put("format", "jws").put("jws", "eyJhbGciOiJub25lIn0.e30.").remove("envelope");
        path = "$.signatures[0].jws: JWS alg must be one of [ES256, ES384, RS256, PS256, EdDSA] but got 'none'";
    }
    try {
      verify(r, TrustRoots.NONE);
      throw new AssertionError("expected bad input");
    } catch (InvalidRequestException e) {
      assertThat(e.problems()).extracting(Object::toString).containsExactly(path);
    }
  }
}
