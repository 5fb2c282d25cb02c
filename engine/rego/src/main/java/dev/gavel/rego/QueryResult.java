package dev.gavel.rego;

import dev.gavel.rego.value.Value;
import java.util.List;
import java.util.Map;

/**
 * The result of a query in the shape of {@code opa eval}: per solution, the value of each top-level
 * expression (with its source text and location) and the variable bindings.
 */
public record QueryResult(List<Solution> solutions) {
  public QueryResult {
    solutions = List.copyOf(solutions);
  }

  public record Solution(List<ExpressionValue> expressions, Map<String, Value> bindings) {
    public Solution {
      expressions = List.copyOf(expressions);
      bindings = Map.copyOf(bindings);
    }
  }

  public record ExpressionValue(Value value, String text, Location location) {}
}
