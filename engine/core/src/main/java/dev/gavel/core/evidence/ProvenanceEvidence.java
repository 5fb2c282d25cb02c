package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * Verifies the request's attestations (DSSE envelopes) against {@code data.gavel.trust.builders}.
 * SLSA provenance v1 is trusted when signed by a trusted builder key whose id equals the builder
 * id inside the predicate, so one builder cannot vouch for another.
 */
final class ProvenanceEvidence {
  static final String SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";

  private ProvenanceEvidence() {}

  static ObjectNode verify(JsonNode envelope, String path, List<String> artifacts, TrustRoots trust, Instant at)
      throws EvidenceFormatException {
    DsseEnvelope env = DsseEnvelope.parse(envelope, path);
    if (!env.payloadType().equals(InTotoStatement.PAYLOAD_TYPE)) {
      throw new EvidenceFormatException(path + ".payloadType", "must be " + InTotoStatement.PAYLOAD_TYPE
          + " but got '" + env.payloadType() + "'");
    }
    InTotoStatement st = InTotoStatement.parse(env.payload(), path + ".payload");
    boolean provenance = st.predicateType().equals(SLSA_PROVENANCE_V1)
        || st.predicateType().startsWith(SLSA_PROVENANCE_V1 + "?");
    String builderId = st.predicate().path("runDetails").path("builder").path("id").asText("");
    SignerVerdict verdict = SignerVerdict.judge(env, trust.builders(), null, at);
    String status = verdict.status().json();
    String detail = verdict.detail();
    if (verdict.trusted() && !builderId.equals(verdict.signer())) {
      status = "untrusted";
      detail = "signed by builder '" + verdict.signer() + "' but the provenance names builder '" + builderId + "'";
    }
    ObjectNode fact = JsonNodeFactory.instance.objectNode();
    fact.put("kind", provenance ? "slsa-provenance" : "other");
    fact.put("predicateType", st.predicateType());
    fact.put("status", status);
    fact.put("trusted", status.equals("trusted"));
    if (verdict.signer() != null) {
      fact.put("signer", verdict.signer());
    }
    fact.put("builderId", builderId);
    fact.put("detail", detail);
    EvidenceVerifier.coverage(fact, st.digests(), artifacts);
    return fact;
  }
}
