package dev.gavel.core;

import dev.gavel.core.evidence.ModelFiles;
import dev.gavel.core.port.MaskOperation;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicySnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Re-decides a recorded decision: the recorded request, evaluated at the recorded evaluation time
 * against a policy snapshot (the one recorded in its {@code policy-activation} entry, or a proposed
 * revision for impact analysis), with evidence re-verified under that snapshot's trust data, on
 * the same decision path as the release gate. Writes nothing; a masked decision is never
 * un-masked (it is reported as not replayable).
 */
public final class DecisionReplay {
  private final Adjudicator adjudicator;
  private final ReleaseRequestParser parser = new ReleaseRequestParser();

  public DecisionReplay(PolicyEvaluator evaluator) {
    this.adjudicator = new Adjudicator(evaluator);
  }

  /** The outcome: identical or not, what differs, or why the decision cannot be replayed. */
  public record Result(Status status, boolean recordedAllow, boolean replayedAllow, List<String> differences,
      List<String> reasonsAdded, List<String> reasonsRemoved, String explanation) {
    public Result {
      differences = List.copyOf(differences);
      reasonsAdded = List.copyOf(reasonsAdded);
      reasonsRemoved = List.copyOf(reasonsRemoved);
    }

    static Result notReplayable(boolean recorded, String why) {
      return new Result(Status.NOT_REPLAYABLE, recorded, recorded, List.of(), List.of(), List.of(), why);
    }
  }

  public enum Status { IDENTICAL, DIFFERENT, NOT_REPLAYABLE }

  /** Replays {@code recorded} against {@code snapshot}. */
  public Result replay(Decision recorded, PolicySnapshot snapshot) {
    Objects.requireNonNull(recorded, "recorded");
    Objects.requireNonNull(snapshot, "snapshot");
    if (!recorded.masked().isEmpty()) {
      List<String> paths = new ArrayList<>();
      for (MaskOperation m : recorded.masked()) {
        paths.add(m.op() + " " + m.path());
      }
      return Result.notReplayable(recorded.allow(), "the mask policy changed the stored input before it was recorded ("
          + String.join(", ", paths) + "), so the original request is not in the ledger");
    }
    ReleaseRequest request;
    Instant at;
    ModelFiles observed = null;
    try {
      request = parser.validate(recorded.input());
      at = Instant.parse(recorded.evaluatedAt());
      // the model's files as they were read at decision time, like the evaluation time, are an input of the decision
      if (recorded.verified() != null && recorded.verified().has("modelDirectory")) {
        observed = ModelFiles.fromJson(recorded.verified().get("modelDirectory"));
      }
    } catch (InvalidRequestException | RuntimeException e) {
      return Result.notReplayable(recorded.allow(), "the recorded decision cannot be read back: " + e.getMessage());
    }
    Adjudicator.Adjudication again;
    try {
      // the revocations known at decision time are an input of the decision too
      again = adjudicator.adjudicate(snapshot, request, at, observed, Revocations.recordedFacts(recorded.verified()));
    } catch (InvalidRequestException | PolicyEvaluationException e) {
      return new Result(Status.DIFFERENT, recorded.allow(), false, List.of("re-evaluation failed: " + e.getMessage()),
          List.of(), List.of(), "the recorded request no longer evaluates at policy revision " + snapshot.revision());
    }
    List<String> diff = new ArrayList<>();
    if (recorded.allow() != again.allow()) {
      diff.add("allow: recorded " + recorded.allow() + ", replayed " + again.allow());
    }
    List<String> before = recorded.reasons().stream().map(r -> r.code() + ": " + r.message()).toList();
    List<String> after = again.reasons().stream().map(r -> r.code() + ": " + r.message()).toList();
    List<String> removed = before.stream().filter(r -> !after.contains(r)).toList();
    List<String> added = after.stream().filter(r -> !before.contains(r)).toList();
    removed.forEach(r -> diff.add("reason only in the record: " + r));
    added.forEach(r -> diff.add("reason only in the replay: " + r));
    return new Result(diff.isEmpty() ? Status.IDENTICAL : Status.DIFFERENT, recorded.allow(), again.allow(), diff, added,
        removed, "replayed at policy revision " + snapshot.revision() + " as of " + at);
  }
}
