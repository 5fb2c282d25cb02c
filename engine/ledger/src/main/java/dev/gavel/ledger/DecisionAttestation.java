package dev.gavel.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.CanonicalJson;
import dev.gavel.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The signed statement of a decision: an in-toto Statement v1 whose subjects are the released
 * artifacts, with a SLSA Verification Summary Attestation v1 predicate, in a DSSE envelope. Its
 * {@code resourceUri} names the decision ({@code gavel:decision/<id>}), so the attestation is bound
 * to exactly one ledger entry and carries no request data that masking would have to hide. This
 * record is the only writer and reader of that statement.
 */
public record DecisionAttestation(String decisionId, List<Subject> subjects, String verifierId, String verifierVersion,
    String timeVerified, String policyUri, String policyRevision, boolean passed) {
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String VSA_TYPE = "https://slsa.dev/verification_summary/v1";
  public static final String RESOURCE_PREFIX = "gavel:decision/";

  public DecisionAttestation {
    Objects.requireNonNull(decisionId, "decisionId");
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(policyRevision, "policyRevision");
  }

  /** A released artifact: its name and sha256 hex digest. */
  public record Subject(String name, String sha256) {}

  /** The in-toto statement. */
  public ObjectNode statement() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode st = f.objectNode();
    st.put("_type", STATEMENT_TYPE);
    ArrayNode subj = st.putArray("subject");
    for (Subject s : subjects) {
      ObjectNode o = subj.addObject();
      o.put("name", s.name());
      o.putObject("digest").put("sha256", s.sha256());
    }
    st.put("predicateType", VSA_TYPE);
    ObjectNode p = st.putObject("predicate");
    ObjectNode verifier = p.putObject("verifier");
    verifier.put("id", verifierId);
    verifier.putObject("version").put("gavel", verifierVersion);
    p.put("timeVerified", timeVerified);
    p.put("resourceUri", RESOURCE_PREFIX + decisionId);
    ObjectNode policy = p.putObject("policy");
    policy.put("uri", policyUri);
    boolean digest = policyRevision.startsWith("sha256:");
    policy.putObject("digest").put(digest ? "sha256" : "gitCommit", digest ? policyRevision.substring(7) : policyRevision);
    p.put("verificationResult", passed ? "PASSED" : "FAILED");
    p.putArray("verifiedLevels");
    return st;
  }

  /** The canonical bytes that are signed (the DSSE payload). */
  public byte[] payload() {
    return CanonicalJson.canonicalize(statement());
  }

  /** Signs the statement with a note key as a DSSE envelope. */
  public ObjectNode envelope(NoteKey signer) {
    return Dsse.sign(PAYLOAD_TYPE, payload(), signer, signer.keyId());
  }

  /**
   * Reads the statement inside an envelope (without checking the signature: {@link Dsse#verify}
   * does that); IllegalArgumentException naming what is malformed.
   */
  public static DecisionAttestation fromEnvelope(JsonNode envelope) {
    if (!PAYLOAD_TYPE.equals(envelope.path("payloadType").asText(null))) {
      throw new IllegalArgumentException("the attestation's payloadType is not " + PAYLOAD_TYPE);
    }
    JsonNode st;
    try {
      st = Json.read(Dsse.payload(envelope));
    } catch (Json.ParseException e) {
      throw new IllegalArgumentException("the attestation's statement is not JSON: " + e.located());
    }
    if (!STATEMENT_TYPE.equals(st.path("_type").asText(null)) || !VSA_TYPE.equals(st.path("predicateType").asText(null))) {
      throw new IllegalArgumentException("the attestation is not an in-toto v1 verification summary");
    }
    JsonNode p = st.path("predicate");
    String uri = p.path("resourceUri").asText("");
    if (!uri.startsWith(RESOURCE_PREFIX)) {
      throw new IllegalArgumentException("the attestation's resourceUri does not name a decision: " + uri);
    }
    List<Subject> subjects = new ArrayList<>();
    for (JsonNode s : st.path("subject")) {
      subjects.add(new Subject(s.path("name").asText(), s.path("digest").path("sha256").asText()));
    }
    JsonNode digest = p.path("policy").path("digest");
    String revision = digest.has("sha256") ? "sha256:" + digest.get("sha256").asText() : digest.path("gitCommit").asText("");
    String result = p.path("verificationResult").asText("");
    if (!result.equals("PASSED") && !result.equals("FAILED")) {
      throw new IllegalArgumentException("the attestation's verificationResult must be PASSED or FAILED but is " + result);
    }
    return new DecisionAttestation(uri.substring(RESOURCE_PREFIX.length()), subjects, p.path("verifier").path("id").asText(),
        p.path("verifier").path("version").path("gavel").asText(), p.path("timeVerified").asText(),
        p.path("policy").path("uri").asText(), revision, result.equals("PASSED"));
  }
}
