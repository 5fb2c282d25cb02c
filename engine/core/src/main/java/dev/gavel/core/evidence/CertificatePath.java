package dev.gavel.core.evidence;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Certification path validation with the JDK's PKIX validator (RFC 5280: signatures, names, basic
 * constraints, key usage of CAs, path length, validity), at a given time and never online:
 * revocation checking by the provider is off (it would fetch CRLs or ask OCSP responders); CRLs
 * the trust data supplies are checked here instead. The path is built by name and signature from
 * the leaf through the pool of intermediates to one of the anchors.
 */
final class CertificatePath {
  private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
  private static final String ANY_USAGE = "2.5.29.37.0";

  private CertificatePath() {}

  enum Failure { UNTRUSTED, EXPIRED }

  /** The validated path (leaf first, without the anchor) and its anchor, or why it fails. */
  record Result(List<X509Certificate> path, X509Certificate anchor, Failure failure, String message) {
    boolean ok() {
      return failure == null;
    }

    static Result fail(Failure f, String message) {
      return new Result(List.of(), null, f, message);
    }
  }

  /** Validates {@code leaf} at {@code at} to one of {@code anchors}, with {@code pool} to build the path from. */
  static Result validate(X509Certificate leaf, List<X509Certificate> pool, List<X509Certificate> anchors, Instant at) {
    List<X509Certificate> path = new ArrayList<>();
    path.add(leaf);
    X509Certificate anchor = null;
    X509Certificate cur = leaf;
    for (int depth = 0; depth < 10 && anchor == null; depth++) {
      anchor = issuerIn(cur, anchors, List.of());
      if (anchor != null) {
        break;
      }
      X509Certificate next = issuerIn(cur, pool, path);
      if (next == null) {
        return Result.fail(Failure.UNTRUSTED, "no trusted CA issued '" + name(cur) + "' (its issuer '"
            + cur.getIssuerX500Principal().getName() + "' is neither a trust anchor nor a certificate of the chain)");
      }
      path.add(next);
      cur = next;
    }
    if (anchor == null) {
      return Result.fail(Failure.UNTRUSTED, "the certificate chain is longer than 10 certificates");
    }
    if (at.isBefore(leaf.getNotBefore().toInstant()) || at.isAfter(leaf.getNotAfter().toInstant())) {
      return Result.fail(Failure.EXPIRED, "the certificate '" + name(leaf) + "' is valid from " + leaf.getNotBefore().toInstant()
          + " to " + leaf.getNotAfter().toInstant() + ", not at " + at);
    }
    if (at.isBefore(anchor.getNotBefore().toInstant()) || at.isAfter(anchor.getNotAfter().toInstant())) {
      return Result.fail(Failure.UNTRUSTED, "the CA certificate '" + name(anchor) + "' is valid from "
          + anchor.getNotBefore().toInstant() + " to " + anchor.getNotAfter().toInstant() + ", not at " + at);
    }
    try {
      CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX").validate(cp, params);
    } catch (CertPathValidatorException e) {
      boolean time = e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
          || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID;
      int index = e.getIndex();
      String who = index >= 0 && index < path.size() ? "'" + name(path.get(index)) + "'" : "the chain";
      if (time && index == 0) {
        return Result.fail(Failure.EXPIRED, "the certificate " + who + " is valid from " + leaf.getNotBefore().toInstant()
            + " to " + leaf.getNotAfter().toInstant() + ", not at " + at);
      }
      String why = e.getReason() == PKIXReason.NOT_CA_CERT ? "is not a CA certificate"
          : e.getReason() == PKIXReason.INVALID_KEY_USAGE ? "may not sign certificates (key usage)"
          : e.getReason() == PKIXReason.PATH_TOO_LONG ? "exceeds its path length constraint"
          : time ? "is not valid at " + at : "fails path validation: " + e.getMessage();
      return Result.fail(Failure.UNTRUSTED, "certificate " + who + " " + why);
    } catch (GeneralSecurityException e) {
      return Result.fail(Failure.UNTRUSTED, "the certificate chain cannot be validated: " + e.getMessage());
    }
    return new Result(List.copyOf(path), anchor, null, null);
  }

  /** Why the leaf may not sign code or artifacts, or null when it may. */
  static String leafUsageProblem(X509Certificate leaf) {
    boolean[] ku = leaf.getKeyUsage();
    if (ku != null && !ku[0]) {
      return "the signing certificate's key usage does not allow digital signatures";
    }
    try {
      List<String> eku = leaf.getExtendedKeyUsage();
      if (eku != null && !eku.contains(CODE_SIGNING) && !eku.contains(ANY_USAGE)) {
        return "the signing certificate's extended key usage does not include code signing";
      }
    } catch (java.security.cert.CertificateParsingException e) {
      return "the signing certificate's extended key usage cannot be read";
    }
    return null;
  }

  /**
   * Whether a certificate of the validated path was revoked at or before {@code at} by a CRL its
   * issuer signed; returns the reason or null. CRLs issued after {@code at} are not consulted.
   */
  static String revoked(Result r, List<X509CRL> crls, Instant at) {
    List<X509Certificate> chain = new ArrayList<>(r.path());
    chain.add(r.anchor());
    for (int i = 0; i < chain.size() - 1; i++) {
      X509Certificate cert = chain.get(i);
      X509Certificate issuer = chain.get(i + 1);
      for (X509CRL crl : crls) {
        if (!crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal()) || crl.getThisUpdate().toInstant().isAfter(at)) {
          continue;
        }
        try {
          crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
          continue;
        }
        X509CRLEntry entry = crl.getRevokedCertificate(cert);
        if (entry != null && !entry.getRevocationDate().toInstant().isAfter(at)) {
          return "certificate '" + name(cert) + "' (serial " + cert.getSerialNumber().toString(16) + ") was revoked at "
              + entry.getRevocationDate().toInstant() + " by a CRL of '" + name(issuer) + "'";
        }
      }
    }
    return null;
  }

  private static X509Certificate issuerIn(X509Certificate cert, List<X509Certificate> candidates, List<X509Certificate> used) {
    for (X509Certificate c : candidates) {
      if (used.contains(c) || c.equals(cert) || !c.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
        continue;
      }
      try {
        cert.verify(c.getPublicKey());
        return c;
      } catch (GeneralSecurityException e) {
        // same name, another key: not the issuer
      }
    }
    return null;
  }

  static String name(X509Certificate c) {
    String n = c.getSubjectX500Principal().getName();
    return n.isEmpty() ? "serial " + c.getSerialNumber().toString(16) : n;
  }
}
