package dev.gavel.core.evidence;

import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/**
 * An RFC 3161 timestamp over a signature (Sigstore bundles: {@code timestampVerificationData
 * .rfc3161Timestamps[].signedTimestamp}, a DER TimeStampResponse whose message imprint is the
 * SHA-256 of the signature bytes), verified offline against the timestamp authorities of a
 * trusted root: the token's CMS signature (BouncyCastle), its signing certificate's chain to the
 * authority's root at the token's time (JDK PKIX), the authority's validity window, and the imprint.
 */
final class SignedTimestamp {
  private static final String SHA256 = "2.16.840.1.101.3.4.2.1";

  private SignedTimestamp() {}

  /** A verified time and the authority that stated it, or why the token does not verify. */
  record Result(Instant time, SigstoreRoot.Authority authority, String problem) {}

  static Result verify(byte[] response, byte[] signature, SigstoreRoot root) {
    TimeStampToken token;
    try {
      TimeStampResponse r = new TimeStampResponse(response);
      token = r.getTimeStampToken();
      if (token == null) {
        return new Result(null, null, "the timestamp response holds no token (status " + r.getStatus() + ")");
      }
    } catch (TSPException | java.io.IOException | RuntimeException e) {
      return new Result(null, null, "the timestamp is not a DER TimeStampResponse: " + e.getMessage());
    }
    TimeStampTokenInfo info = token.getTimeStampInfo();
    Instant time = info.getGenTime().toInstant();
    if (!info.getMessageImprintAlgOID().getId().equals(SHA256)
        || !MessageDigest.isEqual(info.getMessageImprintDigest(), SigstoreRoot.sha256(signature))) {
      return new Result(null, null, "the timestamp is not over this signature (its message imprint differs)");
    }
    List<X509Certificate> embedded = new ArrayList<>();
    JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
    for (X509CertificateHolder h : token.getCertificates().getMatches(null)) {
      try {
        embedded.add(conv.getCertificate(h));
      } catch (CertificateException e) {
        // unreadable embedded certificate: it cannot be the signer
      }
    }
    String last = "no timestamp authority of " + root.path() + " signed it";
    for (SigstoreRoot.Authority tsa : root.timestampAuthorities()) {
      if (!tsa.validFor().contains(time)) {
        continue;
      }
      List<X509Certificate> candidates = new ArrayList<>(List.of(tsa.chain().get(0)));
      candidates.addAll(embedded);
      for (X509Certificate signer : candidates) {
        try {
          if (!token.getSID().match(new X509CertificateHolder(signer.getEncoded()))) {
            continue;
          }
        } catch (java.io.IOException | java.security.cert.CertificateEncodingException e) {
          continue;
        }
        List<X509Certificate> pool = new ArrayList<>(tsa.chain());
        pool.addAll(embedded);
        CertificatePath.Result path = signer.equals(tsa.root())
            ? new CertificatePath.Result(List.of(signer), signer, null, null)
            : CertificatePath.validate(signer, pool, List.of(tsa.root()), time);
        if (!path.ok()) {
          last = "the timestamp's signing certificate does not chain to " + tsa.path() + ": " + path.message();
          continue;
        }
        try {
          // checks the signature, the ESS signing-certificate binding and the critical timeStamping usage
          token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(signer));
          return new Result(time, tsa, null);
        } catch (TSPException | OperatorCreationException | IllegalArgumentException e) {
          last = "the timestamp does not verify under " + tsa.path() + ": " + e.getMessage();
        }
      }
    }
    return new Result(null, null, last);
  }

}
