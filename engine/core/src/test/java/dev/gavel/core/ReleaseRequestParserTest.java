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
}
