package dev.gavel.ledger;

import dev.gavel.json.CanonicalJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The signed statement of a decision: an in-toto Statement v1 whose subjects are the released
 * artifacts, with a SLSA Verification Summary Attestation v1 predicate, in a DSSE envelope.
 */
public final class DecisionAttestation {
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String VSA_TYPE = "https://slsa.dev/verification_summary/v1";

  private DecisionAttestation() {}

  /** A released artifact: its name and sha256 hex digest. */
  public record Subject(String name, String sha256) {}

  /** The in-toto statement for one decision. */
  public static ObjectNode statement(List<Subject> subjects, String verifierId, String verifierVersion,
      String timeVerified, String resourceUri, String policyUri, String policyRevision, boolean passed) {
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
    p.put("resourceUri", resourceUri);
    ObjectNode policy = p.putObject("policy");
    policy.put("uri", policyUri);
    String rev = policyRevision.startsWith("sha256:") ? policyRevision.substring(7) : policyRevision;
    policy.putObject("digest").put(policyRevision.startsWith("sha256:") ? "sha256" : "gitCommit", rev);
    p.put("verificationResult", passed ? "PASSED" : "FAILED");
    p.putArray("verifiedLevels");
    return st;
  }

  /** Signs a statement as a DSSE envelope (canonical JSON payload). */
  public static ObjectNode envelope(JsonNode statement, NoteSigner signer) {
    return Dsse.sign(PAYLOAD_TYPE, CanonicalJson.canonicalize(statement), signer,
        signer.name() + "+" + signer.keyHashHex());
  }
}
