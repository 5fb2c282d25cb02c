package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;

/** Evaluates the release decision query over an input document at the current policy revision. */
public interface PolicyEvaluator {
  PolicyOutcome evaluate(JsonNode input) throws PolicyEvaluationException;
}
