package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The value of the decision query ({@code null} when undefined) at a policy revision, and which
 * rule produced each value of the policy's partial rules (for explaining reasons).
 */
public record PolicyOutcome(JsonNode decision, PolicyRevision revision, List<RuleOrigin> origins) {
  public PolicyOutcome {
    origins = origins == null ? List.of() : List.copyOf(origins);
  }

  public PolicyOutcome(JsonNode decision, PolicyRevision revision) {
    this(decision, revision, List.of());
  }

  /** A value a rule contributed: the rule path, its source location ({@code file:line}) and the value. */
  public record RuleOrigin(String rule, String location, JsonNode value) {}
}
