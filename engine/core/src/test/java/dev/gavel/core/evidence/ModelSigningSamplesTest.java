package dev.gavel.core.evidence;

import static dev.gavel.core.evidence.EvidenceRequests.AT;
import static dev.gavel.core.evidence.EvidenceRequests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every OpenSSF model-signing sample verifies offline with the method upstream uses (public key,
 * certificate chain, Sigstore keyless), and the files on disk equal its manifest; the legacy
 * v0.2.0 signature, which does not reproduce, is never trusted.
 */
class ModelSigningSamplesTest {
  static Stream<String> samples() {
    return Stream.of("v0.3.1-elliptic-key", "v1.0.0-elliptic-key", "v1.0.1-elliptic-key", "v1.1.0-elliptic-key",
        "v0.3.1-certificate", "v1.0.0-certificate", "v1.0.1-certificate", "v1.1.0-certificate",
        "v0.3.1-sigstore", "v1.0.0-sigstore", "v1.0.1-sigstore", "v1.1.0-sigstore");
  }

  static String method(String sample) {
    return sample.endsWith("-sigstore") ? "keyless" : sample.endsWith("-certificate") ? "certificate" : "key";
  }

  static JsonNode fact(ObjectNode request, TrustRoots trust, ModelFiles files) throws Exception {
    return new EvidenceVerifier(trust).verify(parse(request), AT, files).at("/signatures/0");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleVerifiesWithTheMethodUpstreamUsesAndItsFilesMatch(String sample) throws Exception {
    JsonNode f = fact(ModelSigningSamples.request(sample), ModelSigningSamples.trust(), ModelSigningSamples.upstreamModel(sample));
    assertThat(f.get("status").asText()).as(f.toPrettyString()).isEqualTo("trusted");
    assertThat(f.get("method").asText()).isEqualTo(method(sample));
    assertThat(f.get("coversAll").asBoolean()).isTrue();
    assertThat(f.at("/files/match").asBoolean()).as(f.get("files").toString()).isTrue();
    if (method(sample).equals("keyless")) {
      assertThat(f.at("/identity/subject").asText()).isEqualTo(ModelSigningSamples.IDENTITY);
      assertThat(f.at("/identity/issuer").asText()).isEqualTo(ModelSigningSamples.ISSUER);
      assertThat(f.at("/trustRoot/path").asText()).isEqualTo("data.gavel.trust.sigstore.trustedRoots[0]");
      assertThat(f.at("/tlogEntries/0/inclusionProof").asText()).startsWith("verified");
      assertThat(f.at("/tlogEntries/0/signedEntryTimestamp").asText()).isEqualTo("verified");
      assertThat(f.get("sct").asText()).startsWith("verified: https://ctfe.sigstore.dev/2022");
      assertThat(f.get("signedAtSource").asText()).startsWith("Rekor integrated time");
    }
  }

  @org.junit.jupiter.api.Test
  void theLegacyV020SignatureIsReadButNeverTrusted() throws Exception {
    // NOTES.md: its signature does not reproduce under its own certificate; its per-file subjects match the files
    String sample = "v0.2.0-certificate";
    JsonNode f = fact(ModelSigningSamples.request(sample), ModelSigningSamples.trust(), ModelSigningSamples.upstreamModel(sample));
    assertThat(f.get("status").asText()).isEqualTo("invalid");
    assertThat(f.get("method").asText()).isEqualTo("certificate");
    assertThat(f.get("predicateType").asText()).isEqualTo("https://model_signing/Digests/v0.1");
    assertThat(f.at("/files/match").asBoolean()).as(f.get("files").toString()).isTrue();
  }
}
