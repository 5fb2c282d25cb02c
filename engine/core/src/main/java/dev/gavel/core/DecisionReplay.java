package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.evidence.EvidenceVerifier;
import dev.gavel.core.evidence.TrustDataException;
import dev.gavel.core.evidence.TrustRoots;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Re-decides a recorded decision: the recorded request, evaluated at the recorded time against the
 * policy text recorded in its {@code policy-activation} entry, with evidence re-verified against
 * that policy's trust roots. Pure: reads only the two ledger payloads it is given, writes nothing.
 */
public final class DecisionReplay {
  private DecisionReplay() {}

  /** The outcome: identical or not, what differs, or why the decision cannot be replayed. */
  public record Result(Status status, List<String> differences, String explanation) {
    public Result {
      differences = List.copyOf(differences);
    }
  }

  public enum Status { IDENTICAL, DIFFERENT, NOT_REPLAYABLE }

  /**
   * @param decision the payload of the {@code decision} entry
   * @param activation the payload of the {@code policy-activation} entry its policy names
   */
  public static Result replay(JsonNode decision, JsonNode activation) {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(activation, "activation");
    if (decision.path("masked").size() > 0) {
      List<String> paths = new ArrayList<>();
      decision.get("masked").forEach(m -> paths.add(m.path("op").asText() + " " + m.path("path").asText()));
      return new Result(Status.NOT_REPLAYABLE, List.of(), "the mask policy changed the stored input before it was "
          + "recorded (" + String.join(", ", paths) + "), so the original request is not in the ledger");
    }
    PolicySource source;
    ReleaseRequest request;
    Instant at;
    try {
      source = PolicySource.fromJson(activation);
      request = new ReleaseRequestParser().validate(decision.path("input"));
      at = Instant.parse(decision.path("evaluatedAt").asText(decision.path("timestamp").asText()));
    } catch (InvalidRequestException | RuntimeException e) {
      return new Result(Status.NOT_REPLAYABLE, List.of(), "the recorded decision cannot be read back: " + e.getMessage());
    }
    DecisionDocument again;
    try {
      EvidenceVerifier evidence = new EvidenceVerifier(TrustRoots.fromPolicyData(source.data()));
      RegoPolicyEvaluator evaluator = new RegoPolicyEvaluator(source);
      PolicyOutcome outcome = evaluator.evaluate(ReleaseGate.policyInput(request, evidence.verify(request, at)), at);
      again = DecisionDocument.read(outcome.decision());
    } catch (TrustDataException | InvalidRequestException | PolicyEvaluationException | RuntimeException e) {
      return new Result(Status.DIFFERENT, List.of("re-evaluation failed: " + e.getMessage()),
          "the recorded request no longer evaluates at the recorded policy revision");
    }
    List<String> diff = new ArrayList<>();
    boolean allow = decision.path("allow").asBoolean();
    if (allow != again.allow()) {
      diff.add("allow: recorded " + allow + ", replayed " + again.allow());
    }
    List<String> recorded = new ArrayList<>();
    decision.path("reasons").forEach(r -> recorded.add(r.path("code").asText() + ": " + r.path("message").asText()));
    List<String> replayed = new ArrayList<>();
    again.reasons().forEach(r -> replayed.add(r.code() + ": " + r.message()));
    for (String r : recorded) {
      if (!replayed.contains(r)) {
        diff.add("reason only in the record: " + r);
      }
    }
    for (String r : replayed) {
      if (!recorded.contains(r)) {
        diff.add("reason only in the replay: " + r);
      }
    }
    return new Result(diff.isEmpty() ? Status.IDENTICAL : Status.DIFFERENT, diff,
        "replayed at policy revision " + source.revision() + " as of " + at);
  }
}
