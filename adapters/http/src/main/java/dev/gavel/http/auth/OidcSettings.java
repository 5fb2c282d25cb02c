package dev.gavel.http.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OIDC bearer JWTs: accepted when signed by a key of {@code jwks} (an https/http URL, fetched and
 * cached for {@code jwksCacheTtl} and refetched when a token names an unknown key id, so the
 * issuer's key rotation is honoured; or a file, re-read when it changes) with one of
 * {@code algorithms}, issued by {@code issuer}, for {@code audience}, and not expired (with
 * {@code clockSkew} of tolerance). The {@code roleClaim} (a string or an array of strings) names
 * the roles: each value is looked up in {@code roleMap} (claim value to role), and a value that is
 * itself a role name counts as that role when the map does not name it. {@code identityClaim} is
 * the name the caller acts as (a pipeline's requester id).
 */
public record OidcSettings(String issuer, String audience, String jwks, String roleClaim, String identityClaim,
    Map<String, Role> roleMap, List<String> algorithms, Duration clockSkew, Duration jwksCacheTtl) {
  public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "PS256", "ES256", "ES384", "EdDSA");

  public OidcSettings {
    require(issuer, "oidc.issuer");
    require(audience, "oidc.audience");
    require(jwks, "oidc.jwks");
    roleClaim = roleClaim == null ? "roles" : roleClaim;
    identityClaim = identityClaim == null ? "sub" : identityClaim;
    roleMap = Map.copyOf(roleMap == null ? Map.of() : roleMap);
    algorithms = List.copyOf(algorithms == null || algorithms.isEmpty() ? DEFAULT_ALGORITHMS : algorithms);
    for (String a : algorithms) {
      if (a.equalsIgnoreCase("none") || a.startsWith("HS")) {
        throw new IllegalArgumentException("oidc.algorithms: " + a + " is not accepted (only asymmetric signatures)");
      }
    }
    clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
    jwksCacheTtl = jwksCacheTtl == null ? Duration.ofMinutes(5) : jwksCacheTtl;
  }

  private static void require(String v, String name) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    Objects.requireNonNull(v);
  }
}
