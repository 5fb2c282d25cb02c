package dev.gavel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseRequestParserTest {
  static final String DIGEST = "a".repeat(64);
  static final String VALID = "{\"apiVersion\":\"gavel.dev/v1\",\"kind\":\"ReleaseRequest\","
      + "\"requester\":{\"id\":\"ci\",\"type\":\"pipeline\"},"
      + "\"model\":{\"name\":\"m\",\"version\":\"1\",\"artifacts\":[{\"name\":\"w\",\"digest\":{\"sha256\":\"" + DIGEST + "\"}}]},"
      + "\"riskTier\":\"minimal\",\"environment\":\"production\"}";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown top-level field|\"environment\":\"production\"|\"environment\":\"production\",\"extra\":1|$.extra: unknown field",
      "bad digest|" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|ABC|$.model.artifacts[0].digest.sha256: must be 64 lowercase hex characters",
      "missing requester|\"requester\":{\"id\":\"ci\",\"type\":\"pipeline\"},||$.requester: required field is missing",
      "empty artifacts|[{\"name\":\"w\",\"digest\":{\"sha256\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}}]|[]|$.model.artifacts: must not be empty",
      "unknown artifact field|\"name\":\"w\",|\"name\":\"w\",\"colour\":\"red\",|$.model.artifacts[0].colour: unknown field",
  })
  void reportsEachProblemAtItsJsonPath(String name, String from, String to, String expected) {
    String text = VALID.replace(from, to == null ? "" : to);
    assertThatThrownBy(() -> new ReleaseRequestParser().parse(text))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).problems()).extracting(RequestProblem::toString).contains(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {"wrong tier|\"minimal\"|\"severe\"|$.riskTier", "wrong kind|\"ReleaseRequest\"|\"Other\"|$.kind"})
  void rejectsValuesOutsideTheContract(String name, String from, String to, String path) {
    String text = VALID.replace(from, to);
    assertThatThrownBy(() -> new ReleaseRequestParser().parse(text))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).problems()).extracting(RequestProblem::path).contains(path));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {"truncated|{\"apiVersion\":", "trailing garbage|{} {}", "not an object|[1,2]"})
  void rejectsMalformedDocuments(String name, String text) {
    assertThatThrownBy(() -> new ReleaseRequestParser().parse(text)).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("$:");
  }

  @org.junit.jupiter.api.Test
  void acceptsAValidRequest() throws Exception {
    ReleaseRequest r = new ReleaseRequestParser().parse(VALID);
    assertThat(r.model()).isEqualTo("m");
    assertThat(r.artifacts()).extracting(ReleaseRequest.Artifact::sha256).containsExactly(DIGEST);
  }

  // ---- what canonical JSON cannot represent is bad input, at its path (not an internal error) ----

  static final String EVIDENCE = """
      {"apiVersion": "gavel.dev/v1", "kind": "ReleaseRequest", "requester": {"id": "ci", "type": "pipeline"},
       "model": {"name": "m", "version": "1", "owner": "team",
                 "artifacts": [{"name": "w", "digest": {"sha256": "%1$s"}, "sizeBytes": 10}]},
       "riskTier": "minimal", "environment": "production",
       "scans": [{"tool": "t", "kind": "evaluation", "format": "gavel-summary", "completedAt": "2026-11-30T00:00:00Z",
                  "subject": {"sha256": "%1$s"}, "report": {"counts": {"critical": 0, "high": 0, "medium": 0, "low": 0}, "x-vendor": 1}}],
       "signatures": [
         {"format": "dsse", "envelope": {"payloadType": "t", "payload": "e30=", "signatures": [{"keyid": "k", "sig": "AA=="}]}},
         {"format": "jws", "jws": "a.b.c", "publicKey": "pem"},
         {"format": "model-signing", "bundle": {"mediaType": "application/vnd.dev.sigstore.bundle+json;version=0.2", "x-any": true}}],
       "attestations": [{"payloadType": "t", "payload": "e30=", "signatures": [{"sig": "AA=="}]}],
       "approvals": [{"approver": "a", "role": "r", "decision": "approve", "at": "2026-11-30T00:00:00Z", "subject": {"sha256": "%1$s"},
                      "signature": {"format": "dsse", "envelope": {"payloadType": "t", "payload": "e30=", "signatures": [{"sig": "AA=="}]}}}],
       "waivers": [{"findingId": "f", "reason": "r", "expires": "2026-12-30T00:00:00Z", "approver": "a",
                    "signature": {"format": "dsse", "envelope": {"payloadType": "t", "payload": "e30=", "signatures": [{"sig": "AA=="}]}}}]}
      """.formatted(DIGEST);

  @org.junit.jupiter.api.Test
  void theEvidenceTemplateIsValidAndThirdPartyDocumentsMayCarryAnyField() throws Exception {
    new ReleaseRequestParser().parse(EVIDENCE);
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> unrepresentable() {
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of("a number beyond the double range", "\"sizeBytes\": 10", "\"sizeBytes\": 1e400",
            "$.model.artifacts[0].sizeBytes: number is out of range"),
        org.junit.jupiter.params.provider.Arguments.of("a negative one", "\"sizeBytes\": 10", "\"sizeBytes\": -1E+400",
            "$.model.artifacts[0].sizeBytes: number is out of range"),
        org.junit.jupiter.params.provider.Arguments.of("a 400-digit integer", "\"sizeBytes\": 10", "\"sizeBytes\": 1" + "0".repeat(400),
            "$.model.artifacts[0].sizeBytes: number is out of range"),
        org.junit.jupiter.params.provider.Arguments.of("inside a report the schema does not look into", "\"x-vendor\": 1",
            "\"x-vendor\": [1e999]", "$.scans[0].report.x-vendor[0]: number is out of range"),
        org.junit.jupiter.params.provider.Arguments.of("a lone high surrogate", "\"owner\": \"team\"", "\"owner\": \"te\\ud800am\"",
            "$.model.owner: string is not valid Unicode: lone surrogate U+D800 at index 2"),
        org.junit.jupiter.params.provider.Arguments.of("a lone low surrogate", "\"owner\": \"team\"", "\"owner\": \"\\udc00\"",
            "$.model.owner: string is not valid Unicode: lone surrogate U+DC00 at index 0"),
        org.junit.jupiter.params.provider.Arguments.of("a reversed pair", "\"owner\": \"team\"", "\"owner\": \"\\ude00\\ud83d\"",
            "$.model.owner: string is not valid Unicode: lone surrogate U+DE00 at index 0"),
        org.junit.jupiter.params.provider.Arguments.of("in a signed record", "\"reason\": \"r\"", "\"reason\": \"\\ud800\"",
            "$.waivers[0].reason: string is not valid Unicode: lone surrogate U+D800 at index 0"),
        org.junit.jupiter.params.provider.Arguments.of("in a field name", "\"x-vendor\": 1", "\"x-\\udbff\": 1",
            "$.scans[0].report['x-\\udbff']: field name is not valid Unicode: lone surrogate U+DBFF at index 2"));
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("unrepresentable")
  void valuesCanonicalJsonCannotRepresentAreBadInputAtTheirPath(String name, String from, String to, String expected) {
    assertThat(EVIDENCE).contains(from);
    String text = EVIDENCE.replace(from, to);
    assertThatThrownBy(() -> new ReleaseRequestParser().parse(text))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).problems()).extracting(RequestProblem::toString)
            .anySatisfy(p -> assertThat(p).startsWith(expected)));
  }

  @org.junit.jupiter.api.Test
  void surrogatePairsAndLargeFiniteNumbersAreFine() throws Exception {
    new ReleaseRequestParser().parse(EVIDENCE.replace("\"owner\": \"team\"", "\"owner\": \"\\ud83d\\ude00\"")
        .replace("\"x-vendor\": 1", "\"x-vendor\": [1e308, 1e-400, -0.0]"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a scan|/scans/0|x|$.scans[0].x",
      "a dsse signature|/signatures/0|x|$.signatures[0].x",
      "a jws signature carrying an envelope|/signatures/1|envelope|$.signatures[1].envelope",
      "a model-signing signature with a key|/signatures/2|publicKey|$.signatures[2].publicKey",
      "a signature envelope|/signatures/0/envelope|x|$.signatures[0].envelope.x",
      "an envelope signature|/signatures/0/envelope/signatures/0|cert|$.signatures[0].envelope.signatures[0].cert",
      "an attestation|/attestations/0|x|$.attestations[0].x",
      "an approval|/approvals/0|x|$.approvals[0].x",
      "an approval signature|/approvals/0/signature|x|$.approvals[0].signature.x",
      "an approval envelope|/approvals/0/signature/envelope|x|$.approvals[0].signature.envelope.x",
      "a waiver|/waivers/0|scope|$.waivers[0].scope",
      "a waiver signature|/waivers/0/signature/envelope/signatures/0|x|$.waivers[0].signature.envelope.signatures[0].x",
      "a scan subject|/scans/0/subject|sha512|$.scans[0].subject.sha512",
  })
  void unknownFieldsAreRejectedAtEveryLevelGavelDefines(String name, String at, String field, String expected) throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) dev.gavel.json.Json.read(EVIDENCE);
    ((com.fasterxml.jackson.databind.node.ObjectNode) doc.at(at)).put(field, "1");
    assertThatThrownBy(() -> new ReleaseRequestParser().validate(doc))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).problems()).extracting(RequestProblem::toString)
            .containsExactly(expected + ": unknown field"));
  }

  @org.junit.jupiter.api.Test
  void duplicateKeysAreRejected() {
    assertThatThrownBy(() -> new ReleaseRequestParser().parse(VALID.replace("\"riskTier\":\"minimal\"", "\"riskTier\":\"high\",\"riskTier\":\"minimal\"")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("$: malformed JSON at line 1").hasMessageContaining("riskTier");
  }
}
