package dev.gavel.core.evidence;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who signed an envelope, judged against a list of trusted keys at a given time.
 * <ul>
 *   <li>{@code trusted}: verifies under a listed key that is neither revoked nor expired;</li>
 *   <li>{@code untrusted}: verifies, but only under a revoked, expired or unlisted key, or no
 *       listed key verifies it and the envelope does not say which key it claims;</li>
 *   <li>{@code invalid}: the envelope names a key (key id, key hint or embedded key) and the
 *       signature does not verify under it: the content or signature was altered.</li>
 * </ul>
 */
public record SignerVerdict(Status status, String signer, String detail) {
  public enum Status {
    TRUSTED, UNTRUSTED, INVALID;

    public String json() {
      return name().toLowerCase();
    }
  }

  public SignerVerdict {
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
  }

  public boolean trusted() {
    return status == Status.TRUSTED;
  }

  /**
   * Judges the envelope. {@code embedded} is a public key carried next to the signature (as a
   * Sigstore bundle does), used only to tell an untrusted signer from an altered signature.
   */
  public static SignerVerdict judge(SignedContent env, List<TrustedKey> keys, PublicKey embedded, Instant at) {
    return judge(env, keys, embedded, at, List.of());
  }

  /** As {@link #judge(SignedContent, List, PublicKey, Instant)}, with key ids or hints claimed outside the envelope. */
  public static SignerVerdict judge(SignedContent env, List<TrustedKey> keys, PublicKey embedded, Instant at,
      List<String> claimedIds) {
    Objects.requireNonNull(at, "at");
    List<String> ids = new java.util.ArrayList<>(env.keyIds());
    ids.addAll(claimedIds);
    SignerVerdict unusable = null;
    for (TrustedKey k : keys) {
      if (env.verifiedBy(k.key())) {
        String why = k.unusableAt(at);
        if (why == null) {
          return new SignerVerdict(Status.TRUSTED, k.id(), "signed by '" + k.id() + "'");
        }
        unusable = unusable == null ? new SignerVerdict(Status.UNTRUSTED, k.id(), why) : unusable;
      }
    }
    if (unusable != null) {
      return unusable;
    }
    List<String> named = keys.stream()
        .filter(k -> ids.contains(k.id()) || ids.contains(PublicKeyPem.hint(k.key())))
        .map(TrustedKey::id).toList();
    if (!named.isEmpty()) {
      return new SignerVerdict(Status.INVALID, named.get(0),
          "signature does not verify under the key of '" + named.get(0) + "' it names");
    }
    if (embedded != null) {
      if (env.verifiedBy(embedded)) {
        return new SignerVerdict(Status.UNTRUSTED, null,
            "signed by a key that is not trusted (" + PublicKeyPem.describe(embedded) + ", hint " + PublicKeyPem.hint(embedded) + ")");
      }
      return new SignerVerdict(Status.INVALID, null, "signature does not verify under the public key it carries");
    }
    String claim = ids.isEmpty() ? "" : " (key id '" + ids.get(0) + "')";
    return new SignerVerdict(Status.UNTRUSTED, null, "no trusted key verifies this signature" + claim);
  }
}
