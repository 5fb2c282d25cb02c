package dev.gavel.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.ReleaseRequest;
import dev.gavel.core.ReleaseRequestParser;
import dev.gavel.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every evidence structure of the demo requests, corrupted one value at a time (in the request,
 * and inside the decoded signed payloads): the parser and the verifier either produce facts or
 * report bad input with a JSON path. No unchecked exception (an internal error, exit 3) escapes.
 */
class MalformedEvidenceTest {
  static final List<String> ODD = List.of("null", "7", "-1", "\"x\"", "{}", "[]", "[{}]");
  static final ReleaseRequestParser PARSER = new ReleaseRequestParser();

  static Path repo() {
    return dev.gavel.testkit.SharedFiles.repo();
  }

  static JsonNode read(String relative) throws Exception {
    return Json.read(Files.readAllBytes(repo().resolve(relative)));
  }

  /** The envelope payloads (JSON pointers to base64 strings) whose decoded JSON is corrupted too. */
  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of("allow-high-credit-scorer.json", List.of("/signatures/0/envelope/payload", "/attestations/0/payload",
            "/approvals/0/signature/envelope/payload", "/waivers/0/signature/envelope/payload")),
        Arguments.of("allow-limited-chatbot.json", List.of("/signatures/0/bundle/dsseEnvelope/payload")),
        Arguments.of("allow-minimal-jws-signed.json", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void everyCorruptedVariantIsVerifiedOrBadInputNeverACrash(String fixture, List<String> payloads) throws Exception {
    JsonNode request = read("test-fixtures/requests/" + fixture);
    EvidenceVerifier verifier = new EvidenceVerifier(TrustRoots.fromPolicyData(read("test-fixtures/trust.json")));
    List<JsonNode> variants = new ArrayList<>();
    for (String evidence : List.of("/signatures", "/attestations", "/approvals", "/waivers")) {
      if (!request.at(evidence).isMissingNode()) {
        for (String ptr : pointers(request.at(evidence), evidence)) {
          for (String odd : ODD) {
            variants.add(replace(request, ptr, Json.read(odd)));
          }
        }
      }
    }
    for (String payload : payloads) {
      JsonNode decoded = Json.read(Base64.getDecoder().decode(request.at(payload).asText()));
      for (String ptr : pointers(decoded, "")) {
        for (String odd : ODD) {
          String encoded = Base64.getEncoder().encodeToString(
              Json.MAPPER.writeValueAsString(replace(decoded, ptr, Json.read(odd))).getBytes(StandardCharsets.UTF_8));
          variants.add(replace(request, payload, Json.MAPPER.getNodeFactory().textNode(encoded)));
        }
      }
    }
    int rejected = 0;
    for (JsonNode v : variants) {
      try {
        ReleaseRequest r = PARSER.validate(v);
        verifier.verify(r, EvidenceRequests.AT);
      } catch (InvalidRequestException e) {
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.path()).startsWith("$"));
        rejected++;
      } catch (RuntimeException e) {
        throw new AssertionError("crashed on " + v, e);
      }
    }
    assertThat(rejected).isPositive().isLessThan(variants.size());
  }

  static List<String> pointers(JsonNode n, String at) {
    List<String> out = new ArrayList<>();
    out.add(at);
    if (n.isObject()) {
      n.fieldNames().forEachRemaining(k -> out.addAll(pointers(n.get(k), at + "/" + k.replace("~", "~0").replace("/", "~1"))));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        out.addAll(pointers(n.get(i), at + "/" + i));
      }
    }
    return out;
  }

  static JsonNode replace(JsonNode doc, String pointer, JsonNode value) {
    if (pointer.isEmpty()) {
      return value;
    }
    JsonNode copy = doc.deepCopy();
    JsonPointer p = JsonPointer.compile(pointer);
    JsonNode parent = copy.at(p.head());
    if (parent.isArray()) {
      ((ArrayNode) parent).set(p.last().getMatchingIndex(), value);
    } else {
      ((ObjectNode) parent).set(p.last().getMatchingProperty(), value);
    }
    return copy;
  }
}
