package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.Decision;
import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.Reason;
import dev.gavel.core.ReleaseRequestParser;
import dev.gavel.core.governance.PolicyActivation;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicyOutcome;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules (file:line) behind the reasons of a recorded decision. Origins explain one evaluation
 * and are not stored in the ledger, so they are recomputed: the recorded policy input (the request
 * and the facts verified at decision time, as stored) is evaluated again against the policy text
 * of the decision's own {@code policy-activation} entry at the recorded evaluation time, and each
 * recorded reason gets the rules whose values equal it. Nothing is re-verified or recorded. When
 * that cannot be done (a masked decision, whose stored input is not what the policy saw; an
 * evaluator that reports no origins) the answer says why instead of guessing.
 */
final class RecordedExplanation {
  /** The decision with origins, and how they were found (or why not). */
  record Explained(Decision decision, ObjectNode note) {}

  private final LedgerReader ledger;
  private final PolicyEvaluator evaluator;
  private final ReleaseRequestParser parser = new ReleaseRequestParser();

  RecordedExplanation(LedgerReader ledger, PolicyEvaluator evaluator) {
    this.ledger = ledger;
    this.evaluator = evaluator;
  }

  Explained explain(Decision d) throws LedgerException {
    if (!d.masked().isEmpty()) {
      return new Explained(d, note(false, "the decision was masked before it was recorded, so its stored input is not what "
          + "the policy saw: origins cannot be recomputed"));
    }
    if (d.policy().activation() < 0 || d.verified() == null || !d.verified().isObject()) {
      return new Explained(d, note(false, "the decision names no policy activation entry or verified facts"));
    }
    Optional<LedgerRow> row = ledger.entry(d.policy().activation());
    PolicySnapshot snapshot;
    try {
      JsonNode entry = Json.read(row.orElseThrow(() -> new IllegalArgumentException("entry missing")).canonical());
      if (!"policy-activation".equals(entry.path("type").asText())) {
        throw new IllegalArgumentException("entry " + d.policy().activation() + " is not a policy activation");
      }
      snapshot = PolicyActivation.fromPayload(entry.path("payload")).snapshot();
      if (snapshot == null || !snapshot.revision().equals(d.policy().revision())) {
        throw new IllegalArgumentException("entry " + d.policy().activation() + " does not hold revision " + d.policy().revision());
      }
    } catch (Json.ParseException | IllegalArgumentException e) {
      return new Explained(d, note(false, "the decision's policy activation cannot be read: " + e.getMessage()));
    }
    PolicyOutcome outcome;
    try {
      ObjectNode input = parser.validate(d.input()).policyInput((ObjectNode) d.verified().deepCopy());
      evaluator.prepare(snapshot);
      outcome = evaluator.evaluate(snapshot, input, Instant.parse(d.evaluatedAt()));
    } catch (InvalidRequestException | PolicyEvaluationException | RuntimeException e) {
      return new Explained(d, note(false, "the recorded input does not evaluate again: " + e.getMessage()));
    }
    if (outcome.origins().isEmpty()) {
      return new Explained(d, note(false, "the evaluator (" + evaluator.name() + ") reports no rule origins"));
    }
    Decision explained = new Decision(d.decisionId(), d.timestamp(), d.evaluatedAt(), d.allow(),
        withOrigins(d.reasons(), outcome.origins()), withOrigins(d.warnings(), outcome.origins()), d.obligations(), d.request(),
        d.policy(), d.input(), d.verified(), d.masked(), d.attestation(), d.ledger());
    return new Explained(explained, note(true, "recomputed by evaluating the recorded input at policy revision "
        + d.policy().revision() + " (ledger entry " + d.policy().activation() + ") as of " + d.evaluatedAt()));
  }

  /** Each reason with the rules whose contributed value is that reason (its code, and its message when it has one). */
  static List<Reason> withOrigins(List<Reason> reasons, List<PolicyOutcome.RuleOrigin> origins) {
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

  private static ObjectNode note(boolean recomputed, String detail) {
    return JsonNodeFactory.instance.objectNode().put("recomputed", recomputed).put("detail", detail);
  }
}
