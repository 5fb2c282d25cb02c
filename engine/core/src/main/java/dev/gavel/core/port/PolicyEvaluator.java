package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Evaluates the release decision query ({@code data.gavel.release.decision}) and the mask rule
 * ({@code data.gavel.log.mask}) of a policy snapshot over an input. It does not own the policy
 * text: the snapshot is given with every call, so a remote evaluator can implement it honestly
 * (and refuse an answer computed at another revision). Implementations are thread-safe.
 */
public interface PolicyEvaluator {
  String DECISION_QUERY = "data.gavel.release.decision";
  String MASK_QUERY = "data.gavel.log.mask";

  /** A short name recorded with decisions: {@code embedded}, {@code opa}. */
  String name();

  /**
   * Makes the snapshot ready to evaluate (compiles it, or loads it into a remote engine); throws
   * with kind {@code POLICY_INVALID} and every error's file:line:col when it does not compile.
   */
  void prepare(PolicySnapshot snapshot) throws PolicyEvaluationException;

  /**
   * Evaluates the decision query and the mask rule over one input.
   *
   * @param input the policy input (the request plus {@code verified} facts)
   * @param at the evaluation time the policy's clock reads ({@code time.now_ns()})
   */
  PolicyOutcome evaluate(PolicySnapshot snapshot, JsonNode input, Instant at) throws PolicyEvaluationException;
}
