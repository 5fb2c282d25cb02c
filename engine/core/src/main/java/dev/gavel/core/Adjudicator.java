package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.evidence.EvidenceVerifier;
import dev.gavel.core.evidence.ModelFiles;
import dev.gavel.core.evidence.TrustDataException;
import dev.gavel.core.evidence.TrustRoots;
import dev.gavel.core.port.MaskOperation;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicyOutcome;
import dev.gavel.core.port.PolicySnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one decision path that evaluation, replay and impact analysis share: verify the evidence
 * under the snapshot's trust data, evaluate the snapshot's policy over the request and the
 * verified facts, and read what it answered (failing closed). Thread-safe.
 */
final class Adjudicator {
  private static final int CACHED_TRUST = 32;
  private final PolicyEvaluator evaluator;
  /** Trust roots parsed once per policy revision (PEM parsing is not free); a small LRU. */
  private final Map<String, EvidenceVerifier> verifiers = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, EvidenceVerifier> e) {
      return size() > CACHED_TRUST;
    }
  };

  Adjudicator(PolicyEvaluator evaluator) {
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
  }

  /** What the policy decided, with the facts it saw and what its mask rule asks to hide. */
  record Adjudication(ObjectNode verified, boolean allow, List<Reason> reasons, List<Reason> warnings,
      List<JsonNode> obligations, List<MaskOperation> mask) {}

  String evaluatorName() {
    return evaluator.name();
  }

  Adjudication adjudicate(PolicySnapshot snapshot, ReleaseRequest request, Instant at)
      throws InvalidRequestException, PolicyEvaluationException {
    return adjudicate(snapshot, request, at, null, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode());
  }

  /**
   * As above, with the model's files read from disk (null: none were) checked against its model
   * signatures, and the revocations the ledger holds for the request's artifacts ({@code
   * verified.revocations}, read by the caller: the gate from the ledger, replay from the record).
   */
  Adjudication adjudicate(PolicySnapshot snapshot, ReleaseRequest request, Instant at, ModelFiles modelFiles,
      com.fasterxml.jackson.databind.node.ArrayNode revocations) throws InvalidRequestException, PolicyEvaluationException {
    Objects.requireNonNull(revocations, "revocations");
    EvidenceVerifier evidence = verifier(snapshot);
    evaluator.prepare(snapshot);
    ObjectNode verified = evidence.verify(request, at, modelFiles);
    verified.set("revocations", revocations.deepCopy());
    PolicyOutcome outcome = evaluator.evaluate(snapshot, request.policyInput(verified), at);
    DecisionDocument doc = DecisionDocument.read(outcome.decision());
    return new Adjudication(verified, doc.allow(), withOrigins(doc.reasons(), outcome.origins()), doc.warnings(),
        doc.obligations(), outcome.mask());
  }

  private EvidenceVerifier verifier(PolicySnapshot snapshot) throws PolicyEvaluationException {
    synchronized (verifiers) {
      EvidenceVerifier v = verifiers.get(snapshot.revision());
      if (v != null) {
        return v;
      }
    }
    EvidenceVerifier v;
    try {
      v = new EvidenceVerifier(TrustRoots.fromPolicyData(snapshot.data()));
    } catch (TrustDataException e) {
      throw new PolicyEvaluationException(PolicyEvaluationException.Kind.POLICY_INVALID, "policy data: " + e.getMessage(), e);
    }
    synchronized (verifiers) {
      verifiers.put(snapshot.revision(), v);
    }
    return v;
  }

  /** Attaches to each reason the rules (file:line) whose partial-rule values equal it. */
  private static List<Reason> withOrigins(List<Reason> reasons, List<PolicyOutcome.RuleOrigin> origins) {
    List<Reason> out = new ArrayList<>();
    for (Reason r : reasons) {
      List<String> found = new ArrayList<>();
      for (PolicyOutcome.RuleOrigin o : origins) {
        JsonNode v = o.value();
        boolean same = v.isTextual() ? v.asText().equals(r.code()) && r.code().equals(r.message())
            : v.path("code").asText("").equals(r.code()) && v.path("message").asText(r.code()).equals(r.message());
        String where = o.describe();
        if (same && !found.contains(where)) {
          found.add(where);
        }
      }
      out.add(r.withOrigins(found));
    }
    return out;
  }
}
