package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code format: model-signing}: an OpenSSF model signature (a Sigstore bundle over an in-toto
 * statement whose predicate is the model's manifest), verified by the method its verification
 * material names, as {@code model_signing verify} does: {@code key} (a public key, trusted when it
 * is one of {@code data.gavel.trust.signers}), {@code certificate} (a chain to one of
 * {@code data.gavel.trust.certificateAuthorities}) or {@code keyless} (a Fulcio certificate with
 * its Rekor entry, under {@code data.gavel.trust.sigstore}). The facts list the manifest's file
 * digests as what the signature covers and, when the model's files on disk were read, whether they
 * equal the manifest exactly.
 */
final class ModelSigningEvidence {
  private ModelSigningEvidence() {}

  static ObjectNode verify(JsonNode entry, String path, List<String> artifacts, TrustRoots trust, Instant at,
      ModelFiles disk) throws EvidenceFormatException {
    SigstoreBundle b = SigstoreBundle.parse(entry.get("bundle"), path.equals("$") ? "$" : path + ".bundle");
    DsseEnvelope env = b.envelope();
    if (!env.payloadType().equals(InTotoStatement.PAYLOAD_TYPE)) {
      throw new EvidenceFormatException(b.envelopePath() + ".payloadType", "must be " + InTotoStatement.PAYLOAD_TYPE
          + " but got '" + env.payloadType() + "'");
    }
    InTotoStatement st = InTotoStatement.parse(env.payload(), b.envelopePath() + ".payload");
    ModelManifest manifest = ModelManifest.of(st);
    List<String> digests = new ArrayList<>(st.digests());
    if (manifest != null) {
      // The manifest lists every file's digest; the subject is a digest of that list.
      digests.addAll(manifest.sha256Digests());
    }
    ObjectNode fact;
    SigstoreBundle.Method method = b.method();
    if (method == SigstoreBundle.Method.KEY) {
      List<String> claimed = b.keyHint() == null ? List.of() : List.of(b.keyHint());
      SignerVerdict v = SignerVerdict.judge(env, trust.signers(), b.publicKey(), at, claimed);
      fact = SignatureEvidence.fact("model-signing", v, st.predicateType(), digests, artifacts);
    } else {
      BundleVerdict v = method == SigstoreBundle.Method.KEYLESS ? KeylessVerifier.verify(b, trust.sigstore())
          : PrivateCaVerifier.verify(b, trust.certificateAuthorities(), at);
      fact = SignatureEvidence.fact("model-signing", new SignerVerdict(v.status(), v.signer(), v.detail()), st.predicateType(),
          digests, artifacts);
      fact.put("method", method.json());
      if (v.problem() != null) {
        fact.put("problem", v.problem());
      }
      fact.setAll(v.facts());
    }
    if (disk != null) {
      fact.set("files", manifest == null ? notAManifest(st) : manifest.compare(disk));
    }
    return fact;
  }

  private static ObjectNode notAManifest(InTotoStatement st) {
    ObjectNode f = JsonNodeFactory.instance.objectNode();
    f.put("checked", false);
    f.put("match", false);
    f.putArray("problems").add("the statement (" + st.predicateType() + ") is not a model-signing manifest");
    return f;
  }
}
