package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.JsonStrings;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is trusted, read from the policy data so that it is versioned with the policies:
 * {@code data.gavel.trust.signers}, {@code data.gavel.trust.builders},
 * {@code data.gavel.board.members}, {@code data.gavel.trust.sigstore} (Sigstore trusted roots and
 * the identities allowed to sign keyless) and {@code data.gavel.trust.certificateAuthorities}
 * (private PKI). Missing lists mean nobody is trusted (fail closed).
 *
 * <p>Within a list every {@code id} and every public key appears once. A second entry for the
 * same id (say one copy revoked, one not) or the same key under two ids would leave it to list
 * order whether a revocation or expiry takes effect, and would let one key holder count as two
 * board members: either is a policy data error naming both entries, whatever their order.
 */
public record TrustRoots(List<TrustedKey> signers, List<TrustedKey> builders, List<TrustedKey> members,
    SigstoreTrust sigstore, List<CertificateAuthority> certificateAuthorities) {
  public TrustRoots {
    signers = unique(signers, "signers");
    builders = unique(builders, "builders");
    members = unique(members, "members");
    java.util.Objects.requireNonNull(sigstore, "sigstore");
    certificateAuthorities = List.copyOf(certificateAuthorities);
  }

  /** Keys only: no Sigstore roots and no certificate authorities. */
  public TrustRoots(List<TrustedKey> signers, List<TrustedKey> builders, List<TrustedKey> members) {
    this(signers, builders, members, SigstoreTrust.NONE, List.of());
  }

  private static List<TrustedKey> unique(List<TrustedKey> keys, String what) {
    if (keys.stream().map(TrustedKey::id).distinct().count() != keys.size()) {
      throw new IllegalArgumentException("duplicate id among the " + what);
    }
    return List.copyOf(keys);
  }

  public static final TrustRoots NONE = new TrustRoots(List.of(), List.of(), List.of());

  /** Reads the trust lists from the policy data document; every problem names its data path. */
  public static TrustRoots fromPolicyData(JsonNode data) throws TrustDataException {
    return new TrustRoots(
        keys(data.path("gavel").path("trust").path("signers"), "data.gavel.trust.signers", false),
        keys(data.path("gavel").path("trust").path("builders"), "data.gavel.trust.builders", false),
        keys(data.path("gavel").path("board").path("members"), "data.gavel.board.members", true),
        SigstoreTrust.parse(data.path("gavel").path("trust").path("sigstore")),
        CertificateAuthority.parseList(data.path("gavel").path("trust").path("certificateAuthorities")));
  }

  public Optional<TrustedKey> member(String id) {
    return members.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  private static List<TrustedKey> keys(JsonNode list, String path, boolean withRoles) throws TrustDataException {
    List<TrustedKey> out = new ArrayList<>();
    Map<String, Integer> ids = new HashMap<>();
    Map<String, Integer> keys = new HashMap<>();
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
      String id = e.get("id").asText();
      if (JsonStrings.loneSurrogate(id) >= 0) {
        throw new TrustDataException(at + ".id", "is not valid Unicode (lone surrogate)");
      }
      Integer first = ids.putIfAbsent(id, i);
      if (first != null) {
        throw new TrustDataException(at + ".id", "duplicate id '" + id + "' (also " + path + "[" + first + "]): "
            + "each id is listed once; revoke a key by marking its one entry revoked");
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
      Integer sameKey = keys.putIfAbsent(Base64.getEncoder().encodeToString(key.getEncoded()), i);
      if (sameKey != null) {
        throw new TrustDataException(at + ".publicKey", "the same key as " + path + "[" + sameKey + "]: "
            + "a key is listed once, under one id");
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
          if (!r.isTextual() || JsonStrings.loneSurrogate(r.asText()) >= 0) {
            throw new TrustDataException(at + ".roles", "must be an array of strings");
          }
          roles.add(r.asText());
        }
      }
      out.add(new TrustedKey(id, key, notAfter, revoked.asBoolean(false), roles));
    }
    return out;
  }
}
