package dev.gavel.rego;

import dev.gavel.rego.value.Value;

/**
 * Told which rule produced each member of a partial set or object: the rule's path
 * ({@code data.pkg.deny}), the location of its head, and the value it contributed. Used to
 * explain a decision (which rule produced which reason); partial rules are evaluated once per
 * query, so each contribution is reported once unless {@code with} forces re-evaluation.
 */
@FunctionalInterface
public interface RuleTrace {
  void contributed(String rule, Location location, Value value);

  /**
   * Like {@link #contributed(String, Location, Value)}, with the rule's METADATA title: its
   * rule-scoped annotation's, else its document's; null when it has none. The engine calls this
   * one; by default it drops the title.
   */
  default void contributed(String rule, Location location, Value value, String title) {
    contributed(rule, location, value);
  }
}
