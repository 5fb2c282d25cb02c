package dev.gavel.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.fixtures.DemoCertificates;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code data.gavel.trust.sigstore} and {@code data.gavel.trust.certificateAuthorities} as policy
 * data: the real client trust configuration loads, and each malformed variant is a policy data
 * error naming its data path.
 */
class SigstoreTrustDataTest {
  @Test
  void theRealClientTrustConfigLoads() throws Exception {
    TrustRoots t = ModelSigningSamples.trust();
    SigstoreRoot root = t.sigstore().trustedRoots().get(0);
    assertThat(root.tlogs()).hasSize(1);
    assertThat(root.tlogs().get(0).host()).isEqualTo("rekor.sigstore.dev");
    assertThat(root.certificateAuthorities()).hasSize(2);
    assertThat(root.certificateAuthorities().get(0).validFor().end()).hasToString("2022-12-31T23:59:59.999Z");
    assertThat(root.ctlogs()).hasSize(2);
    assertThat(root.timestampAuthorities()).hasSize(1);
    assertThat(root.digest()).startsWith("sha256:");
    assertThat(t.certificateAuthorities().get(0).id()).isEqualTo("model-transparency-test-ca");
    // a bare trusted_root.json (the ClientTrustConfig's inner document) loads the same
    ObjectNode data = ModelSigningSamples.policyData();
    ArrayNode roots = (ArrayNode) data.at("/gavel/trust/sigstore/trustedRoots");
    roots.set(0, roots.get(0).get("trustedRoot"));
    assertThat(TrustRoots.fromPolicyData(data).sigstore().trustedRoots().get(0).tlogs()).hasSize(1);
  }

  static final String S = "data.gavel.trust.sigstore";
  static final String R = S + ".trustedRoots[0].trustedRoot";
  static final String C = "data.gavel.trust.certificateAuthorities[0]";

  static Arguments bad(String message, Consumer<ObjectNode> change) {
    return Arguments.of(message, change);
  }

  static ObjectNode at(ObjectNode data, String pointer) {
    return (ObjectNode) data.at(pointer);
  }

  static Stream<Arguments> malformed() {
    String root = "/gavel/trust/sigstore/trustedRoots/0/trustedRoot";
    return Stream.of(
        bad(S + ": must be an object {trustedRoots: [...], identities: [...]}", d -> at(d, "/gavel/trust").put("sigstore", "x")),
        bad(S + ".extra: unknown field (expected trustedRoots and identities)", d -> at(d, "/gavel/trust/sigstore").put("extra", 1)),
        bad(S + ".trustedRoots: must be a non-empty array of Sigstore trusted roots",
            d -> at(d, "/gavel/trust/sigstore").putArray("trustedRoots")),
        bad(S + ".identities: must be a non-empty array of identities ({issuer, subject} or {issuer, subjectPattern}): nobody is "
            + "trusted without one", d -> at(d, "/gavel/trust/sigstore").remove("identities")),
        bad(S + ".identities[0].issuer: required: the OIDC issuer URL the certificate must name",
            d -> at(d, "/gavel/trust/sigstore/identities/0").remove("issuer")),
        bad(S + ".identities[0]: needs exactly one of subject and subjectPattern",
            d -> at(d, "/gavel/trust/sigstore/identities/0").put("subjectPattern", ".*")),
        bad(S + ".identities[0].subjectPattern: is not an RE2 pattern: error parsing regexp: missing closing ): `(`",
            d -> at(d, "/gavel/trust/sigstore/identities/0").put("subjectPattern", "(").remove("subject")),
        bad(S + ".identities[0].san: unknown field (an identity has issuer and subject or subjectPattern)",
            d -> at(d, "/gavel/trust/sigstore/identities/0").put("san", "x")),
        bad(R + ".mediaType: must be application/vnd.dev.sigstore.trustedroot+json;version=0.1 (or 0.2), or the document a "
            + "application/vnd.dev.sigstore.clienttrustconfig.v0.1+json but got 'text/plain'", d -> at(d, root).put("mediaType", "text/plain")),
        bad(R + ".tlogs[0].publicKey.rawBytes: is not valid base64", d -> at(d, root + "/tlogs/0/publicKey").put("rawBytes", "%%")),
        bad(R + ".tlogs[0].publicKey.rawBytes: is not an ECDSA, Ed25519 or RSA SubjectPublicKeyInfo",
            d -> at(d, root + "/tlogs/0/publicKey").put("rawBytes", "AAAA")),
        bad(R + ".tlogs[0].logId.keyId: is not the SHA-256 of the log's public key",
            d -> at(d, root + "/tlogs/0/logId").put("keyId", "AAAA")),
        bad(R + ".certificateAuthorities[1].certChain.certificates[0].rawBytes: malformed certificate", d -> at(d, root + "/certificateAuthorities/1/certChain/certificates/0").put("rawBytes", "AAAA")),
        bad(R + ".certificateAuthorities[0].validFor.end: must be an RFC 3339 time but got \"later\"",
            d -> at(d, root + "/certificateAuthorities/0/validFor").put("end", "later")),
        bad(C + ".certificate: malformed PEM: no '-----BEGIN CERTIFICATE-----' line",
            d -> at(d, "/gavel/trust/certificateAuthorities/0").put("certificate", "nope")),
        bad(C + ".identities: must be a non-empty array of identities ({subject} or {subjectPattern}): nobody is trusted without one",
            d -> at(d, "/gavel/trust/certificateAuthorities/0").putArray("identities")),
        bad(C + ".identities[0].issuer: unknown field (an identity has subject or subjectPattern)",
            d -> at(d, "/gavel/trust/certificateAuthorities/0/identities/0").put("issuer", "x")),
        bad(C + ".crls: malformed PEM: no '-----BEGIN X509 CRL-----' line",
            d -> at(d, "/gavel/trust/certificateAuthorities/0").put("crls", "none")),
        bad(C + ".keys: unknown field (a certificate authority has " + CertificateAuthorityFields.LIST + ")",
            d -> at(d, "/gavel/trust/certificateAuthorities/0").put("keys", "x")),
        bad("data.gavel.trust.certificateAuthorities[1].id: duplicate id 'model-transparency-test-ca' (also "
            + "data.gavel.trust.certificateAuthorities[0])",
            d -> ((ArrayNode) d.at("/gavel/trust/certificateAuthorities")).add(d.at("/gavel/trust/certificateAuthorities/0").deepCopy())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedTrustDataNamesItsPath(String message, Consumer<ObjectNode> change) throws Exception {
    ObjectNode data = ModelSigningSamples.policyData();
    change.accept(data);
    assertThatThrownBy(() -> TrustRoots.fromPolicyData(data)).isInstanceOf(TrustDataException.class).hasMessageStartingWith(message);
  }

  @Test
  void aCaCertificateFieldHoldsExactlyOneCertificate() throws Exception {
    ObjectNode data = ModelSigningSamples.policyData();
    DemoCertificates.Issued other = DemoCertificates.root("CN=other", Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2027-01-01T00:00:00Z"));
    at(data, "/gavel/trust/certificateAuthorities/0").put("certificate",
        data.at("/gavel/trust/certificateAuthorities/0/certificate").asText() + other.pem());
    assertThatThrownBy(() -> TrustRoots.fromPolicyData(data)).hasMessageContaining("must hold exactly one CERTIFICATE");
  }

  /** The field list as CertificateAuthority prints it. */
  static final class CertificateAuthorityFields {
    static final String LIST = fields();

    static String fields() {
      try {
        var f = CertificateAuthority.class.getDeclaredField("FIELDS");
        f.setAccessible(true);
        return f.get(null).toString();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
