package dev.gavel.core.evidence;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A key the policy data trusts: a signer, a builder or a board member. {@code notAfter} is null
 * when the key does not expire.
 */
public record TrustedKey(String id, PublicKey key, Instant notAfter, boolean revoked, List<String> roles) {
  public TrustedKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    roles = List.copyOf(roles);
  }

  /** Why the key may not be relied on at {@code at}, or null when it may. */
  public String unusableAt(Instant at) {
    if (revoked) {
      return "key of '" + id + "' is revoked";
    }
    if (notAfter != null && at.isAfter(notAfter)) {
      return "key of '" + id + "' expired at " + notAfter;
    }
    return null;
  }
}
