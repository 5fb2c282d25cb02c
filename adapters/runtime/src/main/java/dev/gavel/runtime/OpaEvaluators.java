package dev.gavel.runtime;

import dev.gavel.opa.OpaEvaluator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the OPA evaluator from configuration: its token read from a file, its TLS trust from PEM certificates. */
final class OpaEvaluators {
  static final int ATTEMPTS = 3;

  private OpaEvaluators() {}

  static OpaEvaluator create(GavelConfig.Opa opa, Duration timeout) throws ConfigurationException {
    String token = null;
    if (opa.tokenFile() != null) {
      try {
        token = Files.readString(opa.tokenFile(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ConfigurationException("cannot read the OPA token file " + opa.tokenFile() + ": " + e.getMessage(), e);
      }
      if (token.isEmpty()) {
        throw new ConfigurationException("the OPA token file " + opa.tokenFile() + " is empty");
      }
    }
    SSLContext tls = null;
    if (opa.caFile() != null) {
      try (InputStream in = Files.newInputStream(opa.caFile())) {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int n = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          trust.setCertificateEntry("opa-" + n++, c);
        }
        if (n == 0) {
          throw new ConfigurationException(opa.caFile() + " holds no PEM certificate");
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
      } catch (IOException | GeneralSecurityException e) {
        throw new ConfigurationException("cannot read the OPA CA file " + opa.caFile() + ": " + e.getMessage(), e);
      }
    }
    return new OpaEvaluator(opa.url(), token, tls, timeout, ATTEMPTS);
  }
}
