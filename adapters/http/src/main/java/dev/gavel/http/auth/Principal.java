package dev.gavel.http.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, once authenticated: how ({@code token}, {@code oidc}, {@code certificate}, or
 * {@code anonymous}), the identity they act as (a token's name, the OIDC identity claim, a
 * certificate's mapped identity; a pipeline's requester id), their roles, and a stable key for
 * rate limiting and logs that names no secret (a token's id, the issuer and subject, the
 * certificate subject).
 */
public record Principal(String kind, String identity, Set<Role> roles, String key) {
  public static Principal anonymous(String remote) {
    return new Principal("anonymous", null, Set.of(), "address:" + remote);
  }

  public Principal {
    Objects.requireNonNull(kind, "kind");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(key, "key");
  }

  public boolean has(Role r) {
    return roles.contains(r);
  }
}
