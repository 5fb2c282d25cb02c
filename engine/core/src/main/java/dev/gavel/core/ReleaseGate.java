package dev.gavel.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerRecord;
import dev.gavel.core.port.MaskOperation;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicyOutcome;
import dev.gavel.core.port.TimeSource;
import dev.gavel.core.evidence.EvidenceVerifier;
import dev.gavel.json.CanonicalJson;
import dev.gavel.ledger.DecisionAttestation;
import dev.gavel.core.port.StatementSigner;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The release decision use case: evaluate a validated request against the policy, record the
 * decision in the ledger, and only then hand it back. Fails closed: any error is an exception,
 * never an allow.
 */
public final class ReleaseGate {
  /** Who verified, as the SLSA verification summary names it. */
  public static final String VERIFIER_ID = "https://gavel.dev/release-gate";
  public static final String VERSION = "0.1.0";

  private final PolicyEvaluator policy;
  private final LedgerStore ledger;
  private final TimeSource clock;
  private final RandomGenerator random;
  private final StatementSigner signer;
  private final EvidenceVerifier evidence;
  private final java.util.Map<String, Long> activations = new java.util.HashMap<>();

  public ReleaseGate(PolicyEvaluator policy, EvidenceVerifier evidence, LedgerStore ledger, TimeSource clock,
      RandomGenerator random, StatementSigner signer) {
    this.signer = Objects.requireNonNull(signer, "signer");
    this.evidence = Objects.requireNonNull(evidence, "evidence");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The input document policies see: the request plus the facts verified in Java. */
  public static ObjectNode policyInput(ReleaseRequest request, ObjectNode verified) {
    ObjectNode input = ((ObjectNode) request.json()).deepCopy();
    input.set("verified", verified);
    return input;
  }

  /** Decides at the current time. */
  public Decision decide(ReleaseRequest request) throws InvalidRequestException, PolicyEvaluationException,
      LedgerException {
    return decide(request, null);
  }

  /**
   * Verifies the evidence, evaluates the policy and records the decision. {@code evaluationTime}
   * (null: now) is the time freshness and ages are computed against; the ledger timestamp is
   * always the real time of recording. Throws InvalidRequestException when the evidence is
   * structurally unusable; nothing is recorded then.
   */
  public Decision decide(ReleaseRequest request, Instant evaluationTime) throws InvalidRequestException,
      PolicyEvaluationException, LedgerException {
    Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
    Instant at = evaluationTime == null ? now : evaluationTime;
    String timestamp = DateTimeFormatter.ISO_INSTANT.format(now);
    String evaluatedAt = DateTimeFormatter.ISO_INSTANT.format(at);
    String decisionId = UuidV7.at(now, random).toString();
    ObjectNode verified = evidence.verify(request, at);
    PolicyOutcome outcome = policy.evaluate(policyInput(request, verified), at);
    DecisionDocument doc = DecisionDocument.read(outcome.decision());
    List<Reason> reasons = withOrigins(doc.reasons(), outcome.origins());
    String digest = "sha256:" + sha256Hex(CanonicalJson.canonicalize(request.json()));

    ObjectNode stored = JsonNodeFactory.instance.objectNode();
    stored.set("input", request.json().deepCopy());
    stored.set("verified", verified.deepCopy());
    ObjectNode event = stored.deepCopy();
    event.putObject("result").put("allow", doc.allow()).set("reasons", Decision.reasonsJson(doc.reasons()));
    List<MaskOperation> masked = DecisionMask.apply(stored, policy.mask(event, at));
    long activation = activate(timestamp);

    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("decisionId", decisionId);
    payload.put("evaluatedAt", evaluatedAt);
    payload.put("allow", doc.allow());
    payload.set("reasons", Decision.reasonsJson(doc.reasons()));
    payload.set("warnings", Decision.reasonsJson(doc.warnings()));
    ArrayNode obl = payload.putArray("obligations");
    doc.obligations().forEach(obl::add);
    ObjectNode summary = payload.putObject("request");
    summary.put("digest", digest);
    // From the stored (possibly masked) input, so that masking also hides these copies.
    for (String[] f : new String[][] {{"model", "/model/name"}, {"version", "/model/version"}, {"riskTier", "/riskTier"},
        {"requester", "/requester/id"}, {"environment", "/environment"}}) {
      JsonNode v = stored.get("input").at(f[1]);
      if (v.isTextual()) {
        summary.put(f[0], v.asText());
      }
    }
    payload.set("input", stored.get("input"));
    payload.set("verified", stored.get("verified"));
    if (!masked.isEmpty()) {
      ArrayNode m = payload.putArray("masked");
      masked.forEach(op -> m.addObject().put("op", op.op()).put("path", op.path()));
    }
    ObjectNode pol = payload.putObject("policy");
    pol.put("revision", outcome.revision().revision());
    pol.put("source", outcome.revision().source());
    pol.put("activation", activation);
    List<DecisionAttestation.Subject> subjects = new ArrayList<>();
    for (ReleaseRequest.Artifact a : request.artifacts()) {
      subjects.add(new DecisionAttestation.Subject(a.name(), a.sha256()));
    }
    JsonNode attestation = signer.envelope(DecisionAttestation.statement(subjects, VERIFIER_ID, VERSION, timestamp,
        "gavel:model/" + request.model() + "@" + request.version(), outcome.revision().source(),
        outcome.revision().revision(), doc.allow()));
    payload.set("attestation", attestation);

    LedgerReceipt receipt = ledger.append("decision", timestamp, payload);
    return new Decision(decisionId, timestamp, evaluatedAt, doc.allow(), reasons, doc.warnings(), doc.obligations(), digest,
        request.model(), request.version(), request.riskTier(), outcome.revision().revision(),
        outcome.revision().source(), receipt.index(), receipt.entryHash(), receipt.treeSize(), attestation, verified);
  }

  /**
   * Records the policy this gate evaluates as a {@code policy-activation} entry the first time it
   * is used, so every decision can be replayed at its exact policy text; returns that entry's index.
   */
  private long activate(String timestamp) throws LedgerException {
    PolicySource source = policy.source();
    synchronized (activations) {
      Long known = activations.get(source.revision());
      if (known != null) {
        return known;
      }
      long index;
      java.util.Optional<LedgerRecord> found = ledger.find("policy-activation", source.revision());
      if (found.isPresent()) {
        index = found.get().index();
      } else {
        index = ledger.append("policy-activation", timestamp, source.toJson()).index();
      }
      activations.put(source.revision(), index);
      return index;
    }
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
        String where = o.location() + " (" + o.rule() + ")";
        if (same && !found.contains(where)) {
          found.add(where);
        }
      }
      out.add(r.withOrigins(found));
    }
    return out;
  }

  static String sha256Hex(byte[] data) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
