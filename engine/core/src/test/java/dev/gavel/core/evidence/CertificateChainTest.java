package dev.gavel.core.evidence;

import static dev.gavel.core.evidence.EvidenceRequests.AT;
import static dev.gavel.core.evidence.EvidenceRequests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.fixtures.DemoCertificates;
import dev.gavel.core.fixtures.DemoEvidence;
import dev.gavel.core.fixtures.DemoKeys;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Certificate-chain model signatures (private PKI): the real certificate samples with corrupted
 * variants (an intermediate removed, another identity, another CA, a revoked or expired CA entry,
 * an evaluation after the chain expired), and chains the test issues for what needs a CA key:
 * a CRL revoking the leaf, a leaf that may not sign, a path-length violation.
 */
class CertificateChainTest {
  static Stream<String> samples() {
    return Stream.of("v0.3.1-certificate", "v1.0.0-certificate", "v1.0.1-certificate", "v1.1.0-certificate");
  }

  private static JsonNode fact(ObjectNode request, ObjectNode data, Instant at) throws Exception {
    return new EvidenceVerifier(TrustRoots.fromPolicyData(data)).verify(parse(request), at).at("/signatures/0");
  }

  private static void expect(ObjectNode request, ObjectNode data, String problem, String what) throws Exception {
    JsonNode f = fact(request, data, AT);
    assertThat(f.get("status").asText()).as(what + ": " + f.toPrettyString()).isNotEqualTo("trusted");
    assertThat(f.get("problem").asText()).as(what + ": " + f.get("detail").asText()).isEqualTo(problem);
  }

  private static ObjectNode ca(ObjectNode data) {
    return (ObjectNode) data.at("/gavel/trust/certificateAuthorities/0");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void theRealChainVerifiesAndNamesTheCaAndTheSigner(String sample) throws Exception {
    JsonNode f = fact(ModelSigningSamples.request(sample), ModelSigningSamples.policyData(), AT);
    assertThat(f.get("status").asText()).isEqualTo("trusted");
    assertThat(f.at("/trustRoot/id").asText()).isEqualTo("model-transparency-test-ca");
    assertThat(f.at("/identity/subject").asText()).isEqualTo("CN=intermediate-ca");
    assertThat(f.get("checkedAt").asText()).isEqualTo("2026-12-01T12:00:00Z");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void corruptedVariantsOfTheRealChainAreNotTrusted(String sample) throws Exception {
    ObjectNode good = ModelSigningSamples.request(sample);
    ObjectNode bad = good.deepCopy();
    ((ArrayNode) bad.at("/signatures/0/bundle/verificationMaterial/x509CertificateChain/certificates")).remove(1);
    expect(bad, ModelSigningSamples.policyData(), "chain_untrusted", "intermediate removed");
    // the same intermediate supplied by the trust data instead: trusted again
    ObjectNode data = ModelSigningSamples.policyData();
    String intermediatePem = java.nio.file.Files.readString(ModelSigningSamples.dir("keys").resolve("int-ca-cert.pem"));
    ca(data).put("intermediates", intermediatePem);
    assertThat(fact(bad, data, AT).get("status").asText()).isEqualTo("trusted");

    data = ModelSigningSamples.policyData();
    ((ObjectNode) ca(data).at("/identities/0")).put("subject", "CN=someone-else");
    expect(good, data, "identity_mismatch", "another identity");
    ((ObjectNode) ca(data).at("/identities/0")).remove("subject");
    ((ObjectNode) ca(data).at("/identities/0")).put("subjectPattern", "CN=intermediate");
    expect(good, data, "identity_mismatch", "a partial pattern");

    data = ModelSigningSamples.policyData();
    ca(data).put("certificate", intermediatePem.replace("x", "x")); // the intermediate as anchor: a sub-CA trusted directly
    assertThat(fact(good, data, AT).get("status").asText()).isEqualTo("trusted");
    DemoCertificates.Issued stranger = DemoCertificates.root("CN=root-ca", Instant.parse("2025-01-01T00:00:00Z"),
        Instant.parse("2035-01-01T00:00:00Z"));
    ca(data).put("certificate", stranger.pem()); // same name, another key
    expect(good, data, "chain_untrusted", "another CA of the same name");

    data = ModelSigningSamples.policyData();
    ca(data).put("revoked", true);
    expect(good, data, "chain_untrusted", "CA revoked in the trust data");
    data = ModelSigningSamples.policyData();
    ca(data).put("notAfter", "2026-01-01T00:00:00Z");
    expect(good, data, "chain_untrusted", "CA trusted only until before the evaluation");

    JsonNode later = fact(good, ModelSigningSamples.policyData(), Instant.parse("2036-01-01T00:00:00Z"));
    assertThat(later.get("problem").asText()).as(later.get("detail").asText()).isEqualTo("expired_at_signing");

    data = ModelSigningSamples.policyData();
    ((ObjectNode) data.at("/gavel/trust")).remove("certificateAuthorities");
    expect(good, data, "chain_untrusted", "no CA listed");
  }

  // ---- chains issued by the test ----

  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2028-01-01T00:00:00Z");
  static final List<String[]> FILES = List.<String[]>of(new String[] {"model.onnx", "c".repeat(64)});

  record Pki(DemoCertificates.Issued root, DemoCertificates.Issued intermediate) {
    static Pki make(Integer pathLen) {
      DemoCertificates.Issued root = DemoCertificates.root("O=Example Corp,CN=Example Corp Root CA", FROM, TO);
      return new Pki(root, DemoCertificates.intermediate("O=Example Corp,CN=Example Corp Signing CA", root, FROM, TO, pathLen));
    }

    ObjectNode data(String crlPem) {
      ObjectNode data = JsonNodeFactory.instance.objectNode();
      ObjectNode ca = data.putObject("gavel").putObject("trust").putArray("certificateAuthorities").addObject();
      ca.put("id", "example-corp");
      ca.put("certificate", root.pem());
      if (crlPem != null) {
        ca.put("crls", crlPem);
      }
      ca.putArray("identities").addObject().put("subjectPattern", "[a-z-]+@ml\\.example\\.com");
      return data;
    }
  }

  /** A certificate-signed model-signing bundle: leaf key from {@code leaf}, chain leaf first. */
  static ObjectNode request(DemoCertificates.Issued leaf, X509Certificate... chain) throws Exception {
    byte[] payload = DemoEvidence.modelSigningStatement("model", FILES);
    DemoKeys.Key key = new DemoKeys.Key("leaf", DemoKeys.Type.P256, leaf.key(), leaf.publicKey());
    ObjectNode bundle = JsonNodeFactory.instance.objectNode();
    bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    ArrayNode certs = bundle.putObject("verificationMaterial").putObject("x509CertificateChain").putArray("certificates");
    certs.addObject().put("rawBytes", Base64.getEncoder().encodeToString(leaf.certificate().getEncoded()));
    for (X509Certificate c : chain) {
      certs.addObject().put("rawBytes", Base64.getEncoder().encodeToString(c.getEncoded()));
    }
    bundle.set("dsseEnvelope", DemoEvidence.envelope(DemoEvidence.IN_TOTO, payload, key, null, false));
    ObjectNode r = EvidenceRequests.request(FILES);
    ObjectNode sig = r.putArray("signatures").addObject();
    sig.put("format", "model-signing");
    sig.set("bundle", bundle);
    return r;
  }

  static DemoCertificates.LeafSpec spec() {
    return DemoCertificates.LeafSpec.of("O=Example Corp,CN=release-bot", FROM, TO).email("release-bot@ml.example.com");
  }

  @Test
  void aCorporateChainIsTrustedAndARevokedLeafIsNot() throws Exception {
    Pki pki = Pki.make(0);
    DemoCertificates.Issued leaf = DemoCertificates.leaf(spec(), pki.intermediate());
    ObjectNode r = request(leaf, pki.intermediate().certificate());
    JsonNode f = fact(r, pki.data(null), AT);
    assertThat(f.get("status").asText()).as(f.toPrettyString()).isEqualTo("trusted");
    assertThat(f.get("signer").asText()).isEqualTo("release-bot@ml.example.com");
    // a CRL of the signing CA revoking the leaf, issued before the evaluation
    String crl = DemoCertificates.crlPem(DemoCertificates.crl(pki.intermediate(), Instant.parse("2026-11-01T00:00:00Z"),
        leaf.certificate()));
    expect(r, pki.data(crl), "certificate_revoked", "leaf revoked");
    // a CRL issued after the evaluation time is not consulted
    String future = DemoCertificates.crlPem(DemoCertificates.crl(pki.intermediate(), Instant.parse("2027-01-01T00:00:00Z"),
        leaf.certificate()));
    assertThat(fact(r, pki.data(future), AT).get("status").asText()).isEqualTo("trusted");
    // a CRL that claims the CA's name but is signed by another key is ignored
    DemoCertificates.Issued impostor = DemoCertificates.intermediate("O=Example Corp,CN=Example Corp Signing CA",
        DemoCertificates.root("CN=x", FROM, TO), FROM, TO, null);
    String forged = DemoCertificates.crlPem(DemoCertificates.crl(impostor, Instant.parse("2026-11-01T00:00:00Z"),
        leaf.certificate()));
    assertThat(fact(r, pki.data(forged), AT).get("status").asText()).isEqualTo("trusted");
    // the intermediate revoked by the root's CRL
    String rootCrl = DemoCertificates.crlPem(DemoCertificates.crl(pki.root(), Instant.parse("2026-11-01T00:00:00Z"),
        pki.intermediate().certificate()));
    expect(r, pki.data(rootCrl), "certificate_revoked", "intermediate revoked");
  }

  @Test
  void aLeafThatMayNotSignOrAnotherIdentityIsNotTrusted() throws Exception {
    Pki pki = Pki.make(null);
    DemoCertificates.Issued noSig = DemoCertificates.leaf(spec().withoutDigitalSignature(), pki.intermediate());
    expect(request(noSig, pki.intermediate().certificate()), pki.data(null), "chain_untrusted", "no digitalSignature");
    DemoCertificates.Issued tls = DemoCertificates.leaf(spec().eku(KeyPurposeId.id_kp_serverAuth), pki.intermediate());
    expect(request(tls, pki.intermediate().certificate()), pki.data(null), "chain_untrusted", "TLS server EKU");
    DemoCertificates.Issued mallory = DemoCertificates.leaf(DemoCertificates.LeafSpec.of("CN=mallory", FROM, TO)
        .email("mallory@ml.example.com.evil.test"), pki.intermediate());
    expect(request(mallory, pki.intermediate().certificate()), pki.data(null), "identity_mismatch", "pattern must match all");
  }

  @Test
  void pathLengthAndCaConstraintsAreEnforced() throws Exception {
    Pki pki = Pki.make(0);
    // a sub-CA under a pathLen 0 intermediate: the path is too long
    DemoCertificates.Issued sub = DemoCertificates.intermediate("O=Example Corp,CN=Rogue Sub CA", pki.intermediate(), FROM, TO, null);
    DemoCertificates.Issued leaf = DemoCertificates.leaf(spec(), sub);
    JsonNode f = fact(request(leaf, sub.certificate(), pki.intermediate().certificate()), pki.data(null), AT);
    assertThat(f.get("problem").asText()).isEqualTo("chain_untrusted");
    assertThat(f.get("detail").asText()).contains("path length");
    // a leaf used as a CA: its "certificates" are not trusted
    DemoCertificates.Issued ee = DemoCertificates.leaf(spec(), pki.intermediate());
    DemoCertificates.Issued underEe = new DemoCertificates.Issued(DemoCertificates.leafCertificate(spec(),
        DemoCertificates.keyPair("secp256r1").getPublic(), ee, null), ee.key());
    JsonNode g = fact(request(underEe, ee.certificate(), pki.intermediate().certificate()), pki.data(null), AT);
    assertThat(g.get("status").asText()).isNotEqualTo("trusted");
  }
}
