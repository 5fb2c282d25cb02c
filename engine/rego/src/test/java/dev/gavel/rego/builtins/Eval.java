package dev.gavel.rego.builtins;

import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.Rego;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Evaluates builtin calls through the engine for the family tests: expression in, JSON or error text out. */
final class Eval {
  static final Instant NOW = Instant.parse("2027-06-01T00:00:00Z");
  private static final Rego EMPTY = Rego.builder().build();

  private Eval() {}

  /** The value of {@code expr} as JSON, or "undefined", evaluated with strict builtin errors. */
  static String json(String expr) {
    return json(EMPTY, expr, null);
  }

  static String json(Rego rego, String expr, Value input) {
    List<Map<String, Value>> rows = rego.query("x := " + expr, input, EvalOptions.at(NOW).strict(true));
    return rows.isEmpty() ? "undefined" : JsonValues.write(rows.get(0).get("x"));
  }

  static Value value(Rego rego, String expr, Value input) {
    List<Map<String, Value>> rows = rego.query("x := " + expr, input, EvalOptions.at(NOW).strict(true));
    return rows.isEmpty() ? null : rows.get(0).get("x");
  }

  /** The error {@code expr} raises ("code: message"), or "no error: VALUE". */
  static String error(String expr) {
    return error(EMPTY, expr, null);
  }

  static String error(Rego rego, String expr, Value input) {
    try {
      return "no error: " + json(rego, expr, input);
    } catch (RegoException e) {
      return e.errors().get(0).code() + ": " + e.errors().get(0).message();
    }
  }
}
