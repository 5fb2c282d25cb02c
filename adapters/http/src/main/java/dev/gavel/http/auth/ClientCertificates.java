package dev.gavel.http.auth;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Maps the client certificate of an mTLS connection (already verified by the TLS handshake against
 * the configured client CA) to a principal, by the first {@link CertificateIdentity} whose subject
 * DN (RFC 2253) or subject alternative name equals the certificate's. A verified certificate that
 * no entry names has no role (403), never a default one.
 */
public final class ClientCertificates {
  private final List<CertificateIdentity> identities;

  public ClientCertificates(List<CertificateIdentity> identities) {
    this.identities = List.copyOf(identities);
  }

  public boolean configured() {
    return !identities.isEmpty();
  }

  /** The principal of the leaf certificate of {@code chain}, if an entry maps it. */
  public Optional<Principal> map(List<Certificate> chain) {
    if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
      return Optional.empty();
    }
    String subject = leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
    List<String> sans = sans(leaf);
    for (CertificateIdentity i : identities) {
      boolean hit = i.match() == CertificateIdentity.Match.SUBJECT ? i.value().equals(subject) : sans.contains(i.value());
      if (hit) {
        return Optional.of(new Principal("certificate", i.identity(), Set.of(i.role()), "certificate:" + subject));
      }
    }
    return Optional.empty();
  }

  /** The subject DN of the leaf, for messages and logs (not a secret). */
  public static String subject(List<Certificate> chain) {
    return chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate c
        ? c.getSubjectX500Principal().getName(X500Principal.RFC2253) : "";
  }

  private static List<String> sans(X509Certificate c) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> names = c.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> n : names) {
          if (n.size() >= 2 && n.get(1) instanceof String s) {
            out.add(s);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no usable SANs: matched by subject only
    }
    return out;
  }
}
