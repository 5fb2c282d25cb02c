package dev.gavel.core.evidence;

import static dev.gavel.core.evidence.EvidenceRequests.key;
import static dev.gavel.core.evidence.EvidenceRequests.request;
import static dev.gavel.core.evidence.EvidenceRequests.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.RequestProblem;
import dev.gavel.core.fixtures.DemoEvidence;
import dev.gavel.core.fixtures.DemoKeys;
import dev.gavel.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSON decoded out of the request (DSSE payloads of signatures, attestations, approvals and
 * waivers; JWS headers and payloads) is read as strictly as the request itself, even when the
 * signature over it is valid: a duplicate key would let two readers see two different documents.
 */
class SignedPayloadsTest {
  static final String SUBJECT = "a".repeat(64);
  static final List<String[]> ARTS = List.<String[]>of(new String[] {"model.bin", SUBJECT});
  static final DemoKeys.Key SIGNER = DemoKeys.generate("signer", DemoKeys.Type.ED25519);
  static final DemoKeys.Key BOARD = DemoKeys.generate("bob", DemoKeys.Type.P256);

  static TrustRoots trust() {
    return new TrustRoots(List.of(key("signer", SIGNER)), List.of(key("builder", SIGNER)),
        List.of(key("bob", BOARD, "model-owner", "risk-officer")));
  }

  static byte[] statement() {
    return DemoEvidence.statement(ARTS, "https://gavel.dev/artifact-signature/v1", JsonNodeFactory.instance.objectNode());
  }

  /** The statement text with a field written twice: the first copy is what a first-wins reader sees. */
  static final UnaryOperator<String> DUPLICATE = t -> t.replaceFirst("\\{", "{\"predicateType\": \"https://evil.example/v1\", ");

  static ObjectNode dsse(UnaryOperator<String> payload) {
    ObjectNode sig = JsonNodeFactory.instance.objectNode().put("format", "dsse");
    sig.set("envelope", DemoEvidence.envelope(DemoEvidence.IN_TOTO, payload.apply(new String(statement(), StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8), SIGNER, "signer", false));
    return sig;
  }

  static ObjectNode withSignature(ObjectNode sig) {
    ObjectNode r = request(ARTS);
    r.putArray("signatures").add(sig);
    return r;
  }

  static ObjectNode withAttestation(UnaryOperator<String> payload) {
    ObjectNode r = request(ARTS);
    r.putArray("attestations").add(DemoEvidence.envelope(DemoEvidence.IN_TOTO,
        payload.apply(new String(statement(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8), SIGNER, "builder", false));
    return r;
  }

  static ObjectNode jws(String header, UnaryOperator<String> payload) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String h = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8));
    String p = b64.encodeToString(payload.apply(new String(statement(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    String sig = b64.encodeToString(SIGNER.sign((h + "." + p).getBytes(StandardCharsets.US_ASCII), true));
    return JsonNodeFactory.instance.objectNode().put("format", "jws").put("jws", h + "." + p + "." + sig);
  }

  /** A board record whose signed payload is its canonical JSON with one field written twice. */
  static ObjectNode boardRecord(String list, ObjectNode record, String payloadType) {
    String canonical = new String(CanonicalJson.canonicalize(record), StandardCharsets.UTF_8);
    String field = list.equals("approvals") ? "\"decision\":\"reject\"," : "\"findingId\":\"CVE-0\",";
    byte[] payload = ("{" + field + canonical.substring(1)).getBytes(StandardCharsets.UTF_8);
    ObjectNode signed = record.deepCopy();
    signed.putObject("signature").put("format", "dsse").set("envelope", DemoEvidence.envelope(payloadType, payload, BOARD, "bob", false));
    ObjectNode r = request(ARTS);
    r.putArray(list).add(signed);
    return r;
  }

  static ObjectNode approvalRecord() {
    ObjectNode a = JsonNodeFactory.instance.objectNode();
    a.put("approver", "bob").put("role", "model-owner").put("decision", "approve").put("at", "2026-11-30T00:00:00Z");
    a.putObject("subject").put("sha256", SUBJECT);
    return a;
  }

  static ObjectNode waiverRecord() {
    ObjectNode w = JsonNodeFactory.instance.objectNode();
    w.put("findingId", "CVE-1").put("reason", "r").put("expires", "2026-12-31T00:00:00Z").put("approver", "bob");
    return w;
  }

  static Stream<Arguments> notStrictJson() {
    return Stream.of(
        Arguments.of("a duplicate key in a dsse signature's statement", withSignature(dsse(DUPLICATE)),
            "$.signatures[0].envelope.payload", "payload is not valid JSON: line 9, column 18: Duplicate field 'predicateType'"),
        Arguments.of("a duplicate key in an attestation's statement", withAttestation(DUPLICATE),
            "$.attestations[0].payload", "payload is not valid JSON: line 9, column 18: Duplicate field 'predicateType'"),
        Arguments.of("a duplicate key in a JWS payload", withSignature(jws("{\"alg\":\"EdDSA\",\"kid\":\"signer\"}", DUPLICATE)),
            "$.signatures[0].jws", "payload is not valid JSON: line 9, column 18: Duplicate field 'predicateType'"),
        Arguments.of("a duplicate alg in a JWS header", withSignature(jws("{\"alg\":\"none\",\"alg\":\"EdDSA\"}", t -> t)),
            "$.signatures[0].jws", "JWS header is not valid JSON: line 1, column 20: Duplicate field 'alg'"),
        Arguments.of("a JWS header that is not an object", withSignature(jws("[\"EdDSA\"]", t -> t)),
            "$.signatures[0].jws", "JWS header must be a JSON object"),
        Arguments.of("a duplicate key in an approval's payload", boardRecord("approvals", approvalRecord(),
            BoardSignature.APPROVAL_TYPE), "$.approvals[0].signature.envelope.payload",
            "payload is not valid JSON: line 1, column 77: Duplicate field 'decision'"),
        Arguments.of("a duplicate key in a waiver's payload", boardRecord("waivers", waiverRecord(), BoardSignature.WAIVER_TYPE),
            "$.waivers[0].signature.envelope.payload", "payload is not valid JSON: line 1, column 83: Duplicate field 'findingId'"),
        Arguments.of("trailing content after the statement", withSignature(dsse(t -> t + " {}")),
            "$.signatures[0].envelope.payload", "payload is not valid JSON: "),
        Arguments.of("a lone surrogate in the statement", withSignature(dsse(t -> t.replace("\"release\"", "\"\\udc00\"")
            .replace("\"model.bin\"", "\"m\\ud800\""))),
            "$.signatures[0].envelope.payload", "decoded payload: $.subject[0].name: string is not valid Unicode: lone surrogate U+D800 at index 1"),
        Arguments.of("a number beyond the double range in the provenance", withAttestation(t -> t.replace("\"predicate\" : { }",
            "\"predicate\" : {\"n\": 1e400}")), "$.attestations[0].payload", "decoded payload: $.predicate.n: number is out of range"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notStrictJson")
  void decodedJsonThatIsNotStrictIsBadInputEvenWhenTheSignatureVerifies(String name, ObjectNode request, String path,
      String message) {
    assertThatThrownBy(() -> verify(request, trust())).isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> {
          List<RequestProblem> problems = ((InvalidRequestException) e).problems();
          assertThat(problems).hasSize(1);
          assertThat(problems.get(0).path()).isEqualTo(path);
          assertThat(problems.get(0).message()).startsWith(message);
        });
  }

  @Test
  void theSameDocumentsWrittenOnceAreAccepted() throws Exception {
    assertThat(verify(withSignature(dsse(t -> t)), trust()).at("/signatures/0/status").asText()).isEqualTo("trusted");
    assertThat(verify(withSignature(jws("{\"alg\":\"EdDSA\",\"kid\":\"signer\"}", t -> t)), trust()).at("/signatures/0/status").asText())
        .isEqualTo("trusted");
    ObjectNode r = request(ARTS);
    r.putArray("approvals").add(DemoEvidence.boardSigned(approvalRecord(), BoardSignature.APPROVAL_TYPE, BOARD));
    assertThat(verify(r, trust()).at("/approvals/0/signature").asText()).isEqualTo("valid");
  }
}
