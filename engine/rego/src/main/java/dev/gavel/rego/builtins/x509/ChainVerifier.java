package dev.gavel.rego.builtins.x509;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chain verification as OPA asks Go's x509 for it: the first certificate is the only root, the
 * last is the leaf, the others are intermediates. The JDK's PKIX builder checks signatures,
 * validity at the given instant, basic constraints, path lengths and name constraints; on top,
 * as Go does, the root's own validity, the extended key usages along the chain (server
 * authentication unless others are asked for) and, when asked, the leaf's DNS name.
 */
final class ChainVerifier {
  /** Go's ExtKeyUsage numbers. */
  static final int EKU_ANY = 0;
  static final int EKU_SERVER_AUTH = 1;
  private static final int EKU_MS_SGC = 10;
  private static final int EKU_NS_SGC = 11;

  private ChainVerifier() {}

  /** The options of crypto.x509.parse_and_verify_certificates_with_options. */
  record Options(String dnsName, Instant at, List<Integer> keyUsages) {}

  /** The verified chain, leaf first and root last; null when the chain does not verify. */
  static List<GoCertificate> verify(List<GoCertificate> certs, Options options) {
    if (certs.size() < 2) {
      // Go refuses this with "must supply at least two certificates"; OPA turns it into [false, []].
      return null;
    }
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> jdk = new ArrayList<>();
      for (GoCertificate c : certs) {
        jdk.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c.der())));
      }
      X509Certificate root = jdk.get(0);
      X509Certificate leaf = jdk.get(jdk.size() - 1);
      Date at = Date.from(options.at());
      root.checkValidity(at);
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(leaf);
      PKIXBuilderParameters params = new PKIXBuilderParameters(Set.of(new TrustAnchor(root, null)), target);
      params.setRevocationEnabled(false);
      params.setDate(at);
      params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(jdk.subList(1, jdk.size()))));
      PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
      CertPath path = result.getCertPath();
      List<GoCertificate> chain = new ArrayList<>();
      for (java.security.cert.Certificate c : path.getCertificates()) {
        chain.add(match(certs, c.getEncoded()));
      }
      chain.add(certs.get(0));
      if (!keyUsagesAllowed(chain, options.keyUsages())) {
        return null;
      }
      if (options.dnsName() != null && !options.dnsName().isEmpty() && !hostnameMatches(chain.get(0), options.dnsName())) {
        return null;
      }
      return chain;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  private static GoCertificate match(List<GoCertificate> certs, byte[] der) {
    for (GoCertificate c : certs) {
      if (java.util.Arrays.equals(c.der(), der)) {
        return c;
      }
    }
    throw new IllegalArgumentException("the builder returned a certificate that was not given");
  }

  /** Every certificate that restricts its extended key usages must allow one that was asked for. */
  private static boolean keyUsagesAllowed(List<GoCertificate> chain, List<Integer> wanted) {
    List<Integer> usages = wanted.isEmpty() ? List.of(EKU_SERVER_AUTH) : wanted;
    if (usages.contains(EKU_ANY)) {
      return true;
    }
    for (GoCertificate c : chain) {
      if (!c.hasEku() || c.ekus().contains(EKU_ANY)) {
        continue;
      }
      boolean ok = false;
      for (int u : usages) {
        if (c.ekus().contains(u) || u == EKU_SERVER_AUTH && (c.ekus().contains(EKU_MS_SGC) || c.ekus().contains(EKU_NS_SGC))) {
          ok = true;
        }
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Go's VerifyHostname for DNS names: case-insensitive, a leading "*." label matching one label. */
  private static boolean hostnameMatches(GoCertificate leaf, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    for (String name : leaf.dnsNames()) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.endsWith(".")) {
        n = n.substring(0, n.length() - 1);
      }
      if (n.equals(h)) {
        return true;
      }
      if (n.startsWith("*.") && h.contains(".") && h.substring(h.indexOf('.')).equals(n.substring(1))
          && h.indexOf('.') > 0) {
        return true;
      }
    }
    return false;
  }
}
