package dev.gavel.rego;

import dev.gavel.rego.builtins.BuiltinRegistry;
import dev.gavel.rego.builtins.CapabilitiesJson;
import dev.gavel.rego.builtins.StandardBuiltins;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.List;

/**
 * The engine's catalogue in the format of OPA's capabilities file ({@code opa capabilities}): every
 * builtin of the standard registry with its declared types, the future keywords the parser
 * accepts and the language features it implements. Tools compare it with an OPA version's file
 * to see whether a policy written for that version can run here.
 */
public final class Capabilities {
  /** Keywords that {@code import future.keywords.X} enables (all are always on in Rego v1 except and/or/not). */
  public static final List<String> FUTURE_KEYWORDS = List.of("and", "contains", "every", "if", "in", "not", "or");

  /** OPA's feature flags for what this engine's parser and evaluator support. */
  public static final List<String> FEATURES = List.of("keywords_in_refs", "rego_v1", "template_strings");

  private Capabilities() {}

  /** The standard catalogue as a JSON-shaped value (objects, arrays, strings, booleans). */
  public static Value standard() {
    return of(StandardBuiltins.registry());
  }

  static Value of(BuiltinRegistry registry) {
    return ObjectValue.builder()
        .put("builtins", CapabilitiesJson.builtins(registry))
        .put("future_keywords", strings(FUTURE_KEYWORDS))
        .put("features", strings(FEATURES))
        .build();
  }

  private static ArrayValue strings(List<String> xs) {
    return ArrayValue.of(xs.stream().map(x -> (Value) StringValue.of(x)).toList());
  }
}
