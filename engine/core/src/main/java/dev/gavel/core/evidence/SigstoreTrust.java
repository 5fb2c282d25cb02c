package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code data.gavel.trust.sigstore}: the Sigstore trusted roots (Fulcio CAs, Rekor and CT log
 * keys, timestamp authorities) and the identities allowed to sign keyless. Absent means no
 * keyless signature is trusted (fail closed).
 */
public record SigstoreTrust(List<SigstoreRoot> trustedRoots, List<IdentityRule> identities) {
  public static final SigstoreTrust NONE = new SigstoreTrust(List.of(), List.of());
  static final String PATH = "data.gavel.trust.sigstore";

  public SigstoreTrust {
    trustedRoots = List.copyOf(trustedRoots);
    identities = List.copyOf(identities);
  }

  static SigstoreTrust parse(JsonNode n) throws TrustDataException {
    if (n.isMissingNode() || n.isNull()) {
      return NONE;
    }
    if (!n.isObject()) {
      throw new TrustDataException(PATH, "must be an object {trustedRoots: [...], identities: [...]}");
    }
    for (var it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("trustedRoots") && !f.equals("identities")) {
        throw new TrustDataException(CanonicalForm.child(PATH, f), "unknown field (expected trustedRoots and identities)");
      }
    }
    JsonNode roots = n.path("trustedRoots");
    if (!roots.isArray() || roots.isEmpty()) {
      throw new TrustDataException(PATH + ".trustedRoots", "must be a non-empty array of Sigstore trusted roots");
    }
    List<SigstoreRoot> out = new ArrayList<>();
    for (int i = 0; i < roots.size(); i++) {
      out.add(SigstoreRoot.parse(roots.get(i), PATH + ".trustedRoots[" + i + "]"));
    }
    return new SigstoreTrust(out, IdentityRule.parseList(n.get("identities"), PATH + ".identities", true));
  }
}
