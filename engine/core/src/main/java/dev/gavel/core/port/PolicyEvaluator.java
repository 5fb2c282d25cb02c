package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Evaluates the release decision query over an input document at the current policy revision. */
public interface PolicyEvaluator {
  /**
   * @param input the policy input (the request plus {@code verified} facts)
   * @param at the evaluation time the policy's clock reads ({@code time.now_ns()})
   */
  PolicyOutcome evaluate(JsonNode input, java.time.Instant at) throws PolicyEvaluationException;
}
