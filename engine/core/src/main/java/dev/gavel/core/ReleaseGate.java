package dev.gavel.core;

import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerRecord;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySource;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.core.port.Signer;
import dev.gavel.core.port.TimeSource;
import dev.gavel.core.evidence.ModelFiles;
import dev.gavel.core.governance.PolicyActivation;
import dev.gavel.json.CanonicalJson;
import dev.gavel.ledger.DecisionAttestation;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The release decision use case: take the active policy, verify the evidence, evaluate, mask what
 * the policy says to keep out of the ledger, sign the attestation, record the decision, and only
 * then hand it back. Fails closed: any error is an exception, never an allow. Thread-safe.
 */
public final class ReleaseGate {
  /** Who verified, as the SLSA verification summary names it. */
  public static final String VERIFIER_ID = "https://gavel.dev/release-gate";
  public static final String VERSION = "0.1.0";

  private final PolicySource policies;
  private final Adjudicator adjudicator;
  private final LedgerStore ledger;
  private final TimeSource clock;
  private final RandomGenerator random;
  private final Signer signer;
  private final Map<String, Long> activations = new HashMap<>();

  public ReleaseGate(PolicySource policies, PolicyEvaluator evaluator, LedgerStore ledger, TimeSource clock,
      RandomGenerator random, Signer signer) {
    this.policies = Objects.requireNonNull(policies, "policies");
    this.adjudicator = new Adjudicator(evaluator);
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.signer = Objects.requireNonNull(signer, "signer");
  }

  /** Decides at the current time. */
  public Decision decide(ReleaseRequest request)
      throws InvalidRequestException, PolicyEvaluationException, PolicySourceException, LedgerException {
    return decide(request, null);
  }

  /**
   * Verifies the evidence, evaluates the active policy and records the decision. {@code
   * evaluationTime} (null: now) is the time freshness and ages are computed against; the ledger
   * timestamp is always the real time of recording. Throws InvalidRequestException when the
   * evidence is structurally unusable; nothing is recorded then, nor on any other exception.
   * Returns the decision as the requester sent it (unmasked); the ledger holds the masked form.
   */
  public Decision decide(ReleaseRequest request, Instant evaluationTime)
      throws InvalidRequestException, PolicyEvaluationException, PolicySourceException, LedgerException {
    return decide(request, evaluationTime, null);
  }

  /**
   * As {@link #decide(ReleaseRequest, Instant)}, with {@code modelFiles}, the model's files as
   * the caller read them from disk (null: not read), compared with every model signature's
   * manifest; the observation is recorded with the decision so that replay compares the same.
   */
  public Decision decide(ReleaseRequest request, Instant evaluationTime, ModelFiles modelFiles)
      throws InvalidRequestException, PolicyEvaluationException, PolicySourceException, LedgerException {
    Objects.requireNonNull(request, "request");
    PolicySnapshot snapshot = policies.active();
    Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
    Instant at = evaluationTime == null ? now : evaluationTime;
    String timestamp = DateTimeFormatter.ISO_INSTANT.format(now);
    // Revocations are facts from the ledger, read before evaluating: a revoked digest is never released again.
    var revoked = Revocations.facts(ledger, request.artifacts().stream().map(ReleaseRequest.Artifact::sha256).toList());
    Adjudicator.Adjudication a = adjudicator.adjudicate(snapshot, request, at, modelFiles, revoked);
    long activation = activate(snapshot, timestamp, policies.governed());

    Decision full = new Decision(UuidV7.at(now, random).toString(), timestamp, DateTimeFormatter.ISO_INSTANT.format(at),
        a.allow(), a.reasons(), a.warnings(), a.obligations(), RequestSummary.of(CanonicalJson.sha256(request.json()), request.json()),
        new Decision.PolicyRef(snapshot.revision(), snapshot.source(), activation, adjudicator.evaluatorName()),
        request.json().deepCopy(), a.verified(), List.of(), null, null);
    Decision stored = DecisionMask.apply(full, a.mask());
    DecisionAttestation statement = new DecisionAttestation(stored.decisionId(), stored.request().artifacts(), VERIFIER_ID,
        VERSION, timestamp, snapshot.source(), snapshot.revision(), stored.allow());
    stored = stored.withAttestation(signer.envelope(DecisionAttestation.PAYLOAD_TYPE, statement.payload()));

    LedgerReceipt receipt = ledger.append("decision", timestamp, stored.toPayload());
    return full.withAttestation(stored.attestation())
        .recordedAt(new Decision.LedgerPosition(receipt.index(), receipt.entryHash()));
  }

  /**
   * Records the policy a decision is made with as a {@code policy-activation} entry the first time
   * it is used, so every decision can be replayed at its exact policy text; returns that entry's
   * index.
   */
  private long activate(PolicySnapshot snapshot, String timestamp, boolean governed) throws LedgerException, PolicySourceException {
    synchronized (activations) {
      Long known = activations.get(snapshot.revision());
      if (known != null) {
        return known;
      }
      Optional<LedgerRecord> found = ledger.find("policy-activation", snapshot.revision());
      if (found.isEmpty() && governed) {
        // A governed revision decides only after governance recorded its activation: never here.
        throw new PolicySourceException("policy revision " + snapshot.revision() + " was never activated in this ledger");
      }
      if (found.isPresent() && !governed) {
        // A revision names one policy: a bundle reusing a manifest revision for other text would
        // make replay use the wrong policy, so it fails closed instead.
        PolicySnapshot recorded = PolicyActivation.fromPayload(found.get().payload()).snapshot();
        if (!recorded.modules().equals(snapshot.modules()) || !recorded.data().equals(snapshot.data())) {
          throw new PolicySourceException("policy revision " + snapshot.revision() + " is already recorded (ledger entry "
              + found.get().index() + ") with other policy text or data; a revision must name one policy (give the bundle a new revision)");
        }
      }
      // appendOnce: another process may be activating the same revision at this very moment.
      long index = found.isPresent() ? found.get().index()
          : ledger.appendOnce("policy-activation", timestamp, PolicyActivation.implicit(snapshot).toPayload()).index();
      activations.put(snapshot.revision(), index);
      return index;
    }
  }
}
