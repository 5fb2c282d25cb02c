package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A bundle signed with a certificate chain from a private PKI, judged against
 * {@code data.gavel.trust.certificateAuthorities}: the DSSE signature verifies under the leaf's
 * key ({@code invalid}); the leaf may sign (key usage, code-signing EKU when it lists EKUs) and
 * chains through the bundle's certificates and the CA's intermediates to a listed CA
 * ({@code chain_untrusted}; basic constraints, CA key usage and path length by PKIX); every
 * certificate is valid at the evaluation time, since such a bundle carries no trusted signing time
 * ({@code expired_at_signing}); none is revoked by a CRL the trust data supplies
 * ({@code certificate_revoked}); and the subject DN or a SAN matches one of the CA's identities
 * ({@code identity_mismatch}).
 */
final class PrivateCaVerifier {
  private PrivateCaVerifier() {}

  static BundleVerdict verify(SigstoreBundle b, List<CertificateAuthority> cas, Instant at) {
    X509Certificate leaf = b.leaf();
    ObjectNode facts = BundleVerdict.newFacts();
    List<String> subjects = new ArrayList<>(CertificateFacts.sans(leaf));
    String dn = leaf.getSubjectX500Principal().getName();
    subjects.add(dn);
    String signer = subjects.get(0);
    ObjectNode id = facts.putObject("identity");
    id.put("subject", dn);
    CertificateFacts.sans(leaf).forEach(id.putArray("sans")::add);
    facts.set("certificate", CertificateFacts.describe(leaf));
    // such a bundle carries no trusted signing time: the chain is checked at the evaluation time
    facts.put("checkedAt", Rfc3339.format(at));
    if (!b.envelope().verifiedBy(leaf.getPublicKey())) {
      return BundleVerdict.failed(BundleVerdict.INVALID, signer, "signature does not verify under the key of its certificate", facts);
    }
    String usage = CertificatePath.leafUsageProblem(leaf);
    if (usage != null) {
      return BundleVerdict.failed(BundleVerdict.CHAIN_UNTRUSTED, signer, usage, facts);
    }
    if (cas.isEmpty()) {
      String hint = CertificateFacts.oidcIssuer(leaf) != null
          ? " (it is a Fulcio certificate: a keyless bundle must carry its Rekor entry)" : "";
      return BundleVerdict.failed(BundleVerdict.CHAIN_UNTRUSTED, signer, "signed with a certificate of '" + dn
          + "', but the policy data lists no certificate authority (" + CertificateAuthority.PATH + ")" + hint, facts);
    }
    List<X509Certificate> carried = b.certificates().subList(1, b.certificates().size());
    String last = null;
    for (CertificateAuthority ca : cas) {
      List<X509Certificate> pool = new ArrayList<>(carried);
      pool.addAll(ca.intermediates());
      // which CA issued it (checked when the leaf was issued); then whether it is usable now
      CertificatePath.Result issued = CertificatePath.validate(leaf, pool, List.of(ca.certificate()),
          leaf.getNotBefore().toInstant());
      if (!issued.ok()) {
        last = issued.message();
        continue;
      }
      ObjectNode tr = facts.putObject("trustRoot");
      tr.put("path", ca.path());
      tr.put("id", ca.id());
      String unusable = ca.unusableAt(at);
      if (unusable != null) {
        return BundleVerdict.failed(BundleVerdict.CHAIN_UNTRUSTED, signer, unusable, facts);
      }
      CertificatePath.Result p = CertificatePath.validate(leaf, pool, List.of(ca.certificate()), at);
      if (!p.ok()) {
        String problem = p.failure() == CertificatePath.Failure.EXPIRED ? BundleVerdict.EXPIRED_AT_SIGNING
            : BundleVerdict.CHAIN_UNTRUSTED;
        return BundleVerdict.failed(problem, signer, p.message() + " (the evaluation time)", facts);
      }
      String revoked = CertificatePath.revoked(p, ca.crls(), at);
      if (revoked != null) {
        return BundleVerdict.failed(BundleVerdict.CERTIFICATE_REVOKED, signer, revoked, facts);
      }
      for (IdentityRule rule : ca.identities()) {
        if (rule.matches(null, subjects)) {
          facts.put("identityRule", rule.describe());
          return BundleVerdict.trusted(signer, "certificate of '" + signer + "' issued under '" + ca.id() + "'", facts);
        }
      }
      return BundleVerdict.failed(BundleVerdict.IDENTITY_MISMATCH, signer, "certificate names " + subjects
          + ", none of them an identity allowed for '" + ca.id() + "'", facts);
    }
    return BundleVerdict.failed(BundleVerdict.CHAIN_UNTRUSTED, signer, "the certificate of '" + dn
        + "' does not chain to a listed certificate authority: " + last, facts);
  }
}
