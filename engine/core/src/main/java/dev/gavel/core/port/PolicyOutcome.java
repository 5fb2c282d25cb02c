package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a policy answered: the value of the decision query ({@code null} when undefined), what its
 * mask rule asks to hide before the decision is stored, and which rule produced each value of the
 * policy's partial rules (for explaining reasons; empty when the evaluator cannot tell).
 */
public record PolicyOutcome(JsonNode decision, List<MaskOperation> mask, List<RuleOrigin> origins) {
  public PolicyOutcome {
    mask = mask == null ? List.of() : List.copyOf(mask);
    origins = origins == null ? List.of() : List.copyOf(origins);
  }

  /**
   * A value a rule contributed: the rule path, its source location ({@code file:line}), the value,
   * and the rule's METADATA title (null when it has none or the evaluator cannot tell).
   */
  public record RuleOrigin(String rule, String location, JsonNode value, String title) {
    public RuleOrigin(String rule, String location, JsonNode value) {
      this(rule, location, value, null);
    }

    /** How an explanation names it: {@code file:line (data.pkg.rule)}, then the title in quotes when there is one. */
    public String describe() {
      String where = location + " (" + rule + ")";
      return title == null ? where : where + " \"" + title.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }
}
