package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sigstore keyless verification, offline: the bundle's Fulcio certificate, its Rekor entries and
 * RFC 3161 timestamps, judged against {@code data.gavel.trust.sigstore}. In order:
 * <ol>
 *   <li>the DSSE signature verifies under the certificate's key ({@code invalid} otherwise);</li>
 *   <li>the certificate chains to a Fulcio CA of a trusted root ({@code chain_untrusted});</li>
 *   <li>every Rekor entry is for this envelope, proven in the log by an inclusion proof against a
 *       checkpoint signed by a trusted Rekor key, its SET verifying ({@code tlog_invalid});</li>
 *   <li>the signing time, from the SET-signed integrated time or a timestamp by a trusted TSA, lies
 *       within the certificate's validity and the CA's ({@code expired_at_signing},
 *       {@code chain_untrusted}): the certificate is expired long before any release decision, by
 *       design, and the evaluation time plays no part;</li>
 *   <li>when the root lists CT logs, an SCT of one of them verifies ({@code sct_invalid});</li>
 *   <li>the SAN and the OIDC-issuer extension match an allowed identity ({@code identity_mismatch}).</li>
 * </ol>
 */
final class KeylessVerifier {
  private KeylessVerifier() {}

  static BundleVerdict verify(SigstoreBundle b, SigstoreTrust trust) {
    X509Certificate leaf = b.leaf();
    ObjectNode facts = BundleVerdict.newFacts();
    String subject = CertificateFacts.sans(leaf).stream().findFirst().orElse(null);
    String issuer = CertificateFacts.oidcIssuer(leaf);
    ObjectNode id = facts.putObject("identity");
    id.put("subject", subject);
    id.put("issuer", issuer);
    facts.set("certificate", CertificateFacts.describe(leaf));
    String who = subject == null ? "a certificate without a SAN" : subject;
    if (!b.envelope().verifiedBy(leaf.getPublicKey())) {
      return BundleVerdict.failed(BundleVerdict.INVALID, subject, "signature does not verify under the key of its certificate", facts);
    }
    String usage = CertificatePath.leafUsageProblem(leaf);
    if (usage != null) {
      return BundleVerdict.failed(BundleVerdict.CHAIN_UNTRUSTED, subject, usage, facts);
    }
    if (trust.trustedRoots().isEmpty()) {
      return BundleVerdict.failed(BundleVerdict.CHAIN_UNTRUSTED, subject, "keyless signature by " + who
          + ", but the policy data lists no Sigstore trusted root (" + SigstoreTrust.PATH + ")", facts);
    }
    List<X509Certificate> carried = b.certificates().subList(1, b.certificates().size());
    Issuer found = issuer(leaf, carried, trust);
    if (found == null) {
      return BundleVerdict.failed(BundleVerdict.CHAIN_UNTRUSTED, subject, "certificate of " + who + " (issued by '"
          + leaf.getIssuerX500Principal().getName() + "') does not chain to a Fulcio CA of any trusted root", facts);
    }
    SigstoreRoot root = found.root();
    SigstoreRoot.Authority ca = found.ca();
    ObjectNode tr = facts.putObject("trustRoot");
    tr.put("path", root.path());
    tr.put("digest", root.digest());
    tr.put("certificateAuthority", ca.uri().isEmpty() ? ca.name() : ca.uri());

    List<Instant> times = new ArrayList<>();
    ArrayNode entries = facts.putArray("tlogEntries");
    for (RekorEntry e : b.tlogEntries()) {
      RekorEntry.Result r = e.verify(root, b.envelope(), leaf);
      entries.add(r.facts());
      if (!r.ok()) {
        return BundleVerdict.failed(BundleVerdict.TLOG_INVALID, subject, "Rekor entry " + e.logIndex() + ": " + r.problem(), facts);
      }
      if (r.signedTime() != null) {
        times.add(r.signedTime());
        facts.put("signedAt", Rfc3339.format(r.signedTime()));
        facts.put("signedAtSource", "Rekor integrated time (SET verified), entry " + e.logIndex());
      }
    }
    ArrayNode stamps = facts.putArray("timestamps");
    byte[] sig = b.envelope().signatures().get(0).sig();
    for (byte[] ts : b.timestamps()) {
      SignedTimestamp.Result r = SignedTimestamp.verify(ts, sig, root);
      ObjectNode f = stamps.addObject();
      if (r.problem() == null) {
        f.put("time", Rfc3339.format(r.time()));
        f.put("authority", r.authority().name());
        f.put("status", "verified");
        times.add(r.time());
        facts.put("signedAt", Rfc3339.format(r.time()));
        facts.put("signedAtSource", "RFC 3161 timestamp by " + r.authority().name());
      } else {
        // as Sigstore clients do, a timestamp no trusted TSA signed is ignored, never trusted
        f.put("status", "ignored");
        f.put("detail", r.problem());
      }
    }
    if (times.isEmpty()) {
      return BundleVerdict.failed(BundleVerdict.TLOG_INVALID, subject, "no signed signing time: the Rekor entry has no "
          + "signed entry timestamp and no timestamp of a trusted TSA verifies", facts);
    }
    List<X509Certificate> pool = new ArrayList<>(ca.chain());
    pool.addAll(carried);
    X509Certificate issuingCa = null;
    for (Instant t : times) {
      if (!ca.validFor().contains(t)) {
        return BundleVerdict.failed(BundleVerdict.CHAIN_UNTRUSTED, subject, "the Fulcio CA " + ca.path() + " is trusted "
            + ca.validFor() + ", not at the signing time " + t, facts);
      }
      CertificatePath.Result p = CertificatePath.validate(leaf, pool, List.of(ca.root()), t);
      if (!p.ok()) {
        String problem = p.failure() == CertificatePath.Failure.EXPIRED ? BundleVerdict.EXPIRED_AT_SIGNING
            : BundleVerdict.CHAIN_UNTRUSTED;
        return BundleVerdict.failed(problem, subject, p.message() + " (signing time)", facts);
      }
      issuingCa = p.path().size() > 1 ? p.path().get(1) : p.anchor();
    }
    if (!root.ctlogs().isEmpty()) {
      CertificateTransparency.Result sct = CertificateTransparency.verify(leaf, issuingCa, root);
      if (sct.problem() != null) {
        return BundleVerdict.failed(BundleVerdict.SCT_INVALID, subject, sct.problem(), facts);
      }
      facts.put("sct", "verified: " + sct.log().baseUrl() + " at " + Rfc3339.format(sct.timestamp()));
    } else {
      facts.put("sct", "not checked: " + root.path() + " lists no CT log");
    }
    List<String> subjects = CertificateFacts.sans(leaf);
    for (IdentityRule rule : trust.identities()) {
      if (rule.matches(issuer, subjects)) {
        facts.put("identityRule", rule.describe());
        return BundleVerdict.trusted(subject, "keyless: " + who + " via " + issuer, facts);
      }
    }
    return BundleVerdict.failed(BundleVerdict.IDENTITY_MISMATCH, subject, "signed keyless by " + who + " via issuer '"
        + issuer + "', which is not an allowed identity (" + SigstoreTrust.PATH + ".identities)", facts);
  }

  private record Issuer(SigstoreRoot root, SigstoreRoot.Authority ca) {}

  /**
   * The trusted root and Fulcio CA the certificate chains to by name and signature, checked at
   * its own notBefore: which CA issued it, before any question of when it was used.
   */
  private static Issuer issuer(X509Certificate leaf, List<X509Certificate> carried, SigstoreTrust trust) {
    Instant issued = leaf.getNotBefore().toInstant();
    for (SigstoreRoot root : trust.trustedRoots()) {
      for (SigstoreRoot.Authority ca : root.certificateAuthorities()) {
        List<X509Certificate> pool = new ArrayList<>(ca.chain());
        pool.addAll(carried);
        if (CertificatePath.validate(leaf, pool, List.of(ca.root()), issued).ok()) {
          return new Issuer(root, ca);
        }
      }
    }
    return null;
  }
}
