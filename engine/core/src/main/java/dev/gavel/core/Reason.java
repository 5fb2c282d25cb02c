package dev.gavel.core;

import java.util.List;

/**
 * Why a release was denied (or warned): a stable code, a message, the rule that said so, and
 * where in the policy source it was produced ({@code file:line (data.pkg.rule)}), when known.
 */
public record Reason(String code, String message, String policy, List<String> origins) {
  public Reason {
    origins = origins == null ? List.of() : List.copyOf(origins);
  }

  public Reason(String code, String message, String policy) {
    this(code, message, policy, List.of());
  }

  public Reason withOrigins(List<String> found) {
    return new Reason(code, message, policy, found);
  }
}
