package dev.gavel.http.auth;

import java.util.Objects;

/**
 * Maps a verified client certificate to a role: by its subject distinguished name (RFC 2253 form,
 * compared exactly) or by one of its subject alternative names (DNS, URI, e-mail or IP, compared
 * exactly). {@code identity} is the name the holder acts as (a pipeline's requester id); it
 * defaults to the matched value.
 */
public record CertificateIdentity(Match match, String value, Role role, String identity) {
  public enum Match { SUBJECT, SAN }

  public CertificateIdentity {
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(role, "role");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a client identity needs a subject or a san to match");
    }
    identity = identity == null || identity.isBlank() ? value : identity;
  }
}
