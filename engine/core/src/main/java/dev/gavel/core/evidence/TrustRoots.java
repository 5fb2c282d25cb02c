package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who is trusted, read from the policy data so that it is versioned with the policies:
 * {@code data.gavel.trust.signers}, {@code data.gavel.trust.builders} and
 * {@code data.gavel.board.members}. Missing lists mean nobody is trusted (fail closed).
 */
public record TrustRoots(List<TrustedKey> signers, List<TrustedKey> builders, List<TrustedKey> members) {
  public TrustRoots {
    signers = List.copyOf(signers);
    builders = List.copyOf(builders);
    members = List.copyOf(members);
  }

  public static final TrustRoots NONE = new TrustRoots(List.of(), List.of(), List.of());

  /** Reads the trust lists from the policy data document; every problem names its data path. */
  public static TrustRoots fromPolicyData(JsonNode data) throws TrustDataException {
    return new TrustRoots(
        keys(data.path("gavel").path("trust").path("signers"), "data.gavel.trust.signers", false),
        keys(data.path("gavel").path("trust").path("builders"), "data.gavel.trust.builders", false),
        keys(data.path("gavel").path("board").path("members"), "data.gavel.board.members", true));
  }

  public Optional<TrustedKey> member(String id) {
    return members.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  private static List<TrustedKey> keys(JsonNode list, String path, boolean withRoles) throws TrustDataException {
    List<TrustedKey> out = new ArrayList<>();
    if (list.isMissingNode() || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      throw new TrustDataException(path, "must be an array");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      String at = path + "[" + i + "]";
      if (!e.isObject()) {
        throw new TrustDataException(at, "must be an object");
      }
      if (!e.path("id").isTextual() || e.path("id").asText().isEmpty()) {
        throw new TrustDataException(at + ".id", "must be a non-empty string");
      }
      if (!e.path("publicKey").isTextual()) {
        throw new TrustDataException(at + ".publicKey", "must be a PEM string");
      }
      PublicKey key;
      try {
        key = PublicKeyPem.parse(e.path("publicKey").asText());
      } catch (IllegalArgumentException ex) {
        throw new TrustDataException(at + ".publicKey", ex.getMessage());
      }
      Instant notAfter = null;
      if (e.has("notAfter") && !e.get("notAfter").isNull()) {
        try {
          notAfter = Instant.parse(e.get("notAfter").asText());
        } catch (DateTimeParseException ex) {
          throw new TrustDataException(at + ".notAfter", "must be an RFC 3339 UTC time but got " + e.get("notAfter"));
        }
      }
      JsonNode revoked = e.path("revoked");
      if (!revoked.isMissingNode() && !revoked.isBoolean()) {
        throw new TrustDataException(at + ".revoked", "must be a boolean");
      }
      List<String> roles = new ArrayList<>();
      if (withRoles) {
        JsonNode rs = e.path("roles");
        if (!rs.isArray()) {
          throw new TrustDataException(at + ".roles", "must be an array of strings");
        }
        for (JsonNode r : rs) {
          if (!r.isTextual()) {
            throw new TrustDataException(at + ".roles", "must be an array of strings");
          }
          roles.add(r.asText());
        }
      }
      out.add(new TrustedKey(e.get("id").asText(), key, notAfter, revoked.asBoolean(false), roles));
    }
    return out;
  }
}
