package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.ReleaseRequest;
import dev.gavel.core.ReleaseRequestParser;
import dev.gavel.core.fixtures.DemoKeys;
import java.time.Instant;
import java.util.List;

/** Builds validated requests around evidence, and trust roots, for the evidence tests. */
final class EvidenceRequests {
  static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");

  private EvidenceRequests() {}

  /** A minimal-tier request releasing the given (name, sha256) artifacts. */
  static ObjectNode request(List<String[]> artifacts) {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("apiVersion", "gavel.dev/v1");
    r.put("kind", "ReleaseRequest");
    r.putObject("requester").put("id", "ci").put("type", "pipeline");
    ObjectNode m = r.putObject("model");
    m.put("name", "m");
    m.put("version", "1");
    ArrayNode arts = m.putArray("artifacts");
    for (String[] a : artifacts) {
      arts.addObject().put("name", a[0]).putObject("digest").put("sha256", a[1]);
    }
    r.put("riskTier", "minimal");
    r.put("environment", "staging");
    return r;
  }

  static ReleaseRequest parse(JsonNode json) throws Exception {
    return new ReleaseRequestParser().validate(json);
  }

  static ObjectNode verify(JsonNode json, TrustRoots trust) throws Exception {
    return new EvidenceVerifier(trust).verify(parse(json), AT);
  }

  static TrustedKey key(String id, DemoKeys.Key key, String... roles) {
    return new TrustedKey(id, key.publicKey(), null, false, List.of(roles));
  }

  static TrustRoots signers(TrustedKey... keys) {
    return new TrustRoots(List.of(keys), List.of(), List.of());
  }
}
