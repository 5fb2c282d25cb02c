package dev.gavel.http.auth;

import java.io.IOException;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request comes from: a bearer token issued by {@code gavel tokens create}, else an OIDC JWT
 * (when OIDC is configured), else the verified client certificate of the connection (when
 * client identities are configured), else nobody. A credential that is presented but not valid is
 * a refusal (401), never a fall-back to a weaker one. Messages name the reason, never the secret.
 */
public final class Authenticator {
  private final TokenStore tokens;
  private final OidcVerifier oidc;
  private final ClientCertificates certificates;

  /** Authenticated ({@code principal}), or refused with a reason (for metrics) and a message (for the caller). */
  public record Outcome(Principal principal, String reason, String message) {
    static Outcome refused(String reason, String message) {
      return new Outcome(null, reason, message);
    }

    public boolean ok() {
      return principal != null;
    }
  }

  public Authenticator(TokenStore tokens, OidcVerifier oidc, ClientCertificates certificates) {
    this.tokens = tokens;
    this.oidc = oidc;
    this.certificates = certificates;
  }

  /** Whether authenticating this header may block (a JWKS fetch): run it off the event loop then. */
  public boolean mayBlock(String authorization) {
    String t = bearer(authorization);
    return oidc != null && t != null && !t.startsWith(TokenStore.PREFIX);
  }

  /**
   * Authenticates one request.
   *
   * @param authorization the Authorization header, or null
   * @param peer the verified client certificate chain of the connection, or null/empty
   */
  public Outcome authenticate(String authorization, List<Certificate> peer, Instant now) {
    if (authorization != null) {
      String t = bearer(authorization);
      if (t == null) {
        return Outcome.refused("malformed", "the Authorization header must be 'Bearer <token>'");
      }
      if (t.startsWith(TokenStore.PREFIX)) {
        TokenStore.Check c;
        try {
          c = tokens.check(t, now);
        } catch (IOException e) {
          return Outcome.refused("token_store", "the token store cannot be read");
        }
        if (c.refusal() != null) {
          return Outcome.refused("token_" + c.refusal().name().toLowerCase(),
              "the bearer token is " + c.refusal().name().toLowerCase());
        }
        TokenStore.Token tok = c.token();
        return new Outcome(new Principal("token", tok.name(), Set.of(tok.role()), "token:" + tok.id()), null, null);
      }
      if (oidc == null) {
        return Outcome.refused("token_unknown", "the bearer token is unknown");
      }
      try {
        return new Outcome(oidc.verify(t), null, null);
      } catch (OidcVerifier.Refused e) {
        return Outcome.refused("jwt_" + e.reason(), e.getMessage());
      }
    }
    if (peer != null && !peer.isEmpty() && certificates.configured()) {
      Optional<Principal> p = certificates.map(peer);
      if (p.isPresent()) {
        return new Outcome(p.get(), null, null);
      }
      return Outcome.refused("certificate_unmapped", "the client certificate '" + ClientCertificates.subject(peer)
          + "' is not mapped to a role");
    }
    return Outcome.refused("missing", "authentication required: send 'Authorization: Bearer <token>'");
  }

  private static String bearer(String header) {
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String t = header.substring(7).strip();
    return t.isEmpty() || t.contains(" ") ? null : t;
  }
}
