package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.PolicySource;
import java.time.Instant;
import java.util.List;

/** Evaluates the release decision query over an input document at the current policy revision. */
public interface PolicyEvaluator {
  /**
   * @param input the policy input (the request plus {@code verified} facts)
   * @param at the evaluation time the policy's clock reads ({@code time.now_ns()})
   */
  PolicyOutcome evaluate(JsonNode input, Instant at) throws PolicyEvaluationException;

  /**
   * What the policy's mask rule says to hide before the decision is stored: JSON pointers into
   * {@code event} ({@code /input/...}, {@code /verified/...}) to remove or digest. Empty when the
   * policy has no mask rule.
   */
  List<MaskOperation> mask(JsonNode event, Instant at) throws PolicyEvaluationException;

  /** The policy files and data this evaluator was built from (recorded as a policy activation). */
  PolicySource source();
}
