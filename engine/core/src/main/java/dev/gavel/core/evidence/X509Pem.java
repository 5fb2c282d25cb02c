package dev.gavel.core.evidence;

import java.io.ByteArrayInputStream;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * X.509 certificates and CRLs as trust data and bundles carry them: PEM blocks
 * ({@code CERTIFICATE}, {@code X509 CRL}) or base64 DER. Text outside the blocks is ignored (tools
 * print a human-readable dump first). Problems are IllegalArgumentException saying what is wrong.
 */
public final class X509Pem {
  private X509Pem() {}

  /** Every CERTIFICATE block, in order; at least one. */
  public static List<X509Certificate> certificates(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    for (byte[] der : blocks(pem, "CERTIFICATE")) {
      out.add(certificate(der));
    }
    return out;
  }

  /** Every X509 CRL block, in order; at least one. */
  public static List<X509CRL> crls(String pem) {
    List<X509CRL> out = new ArrayList<>();
    for (byte[] der : blocks(pem, "X509 CRL")) {
      try {
        out.add((X509CRL) factory().generateCRL(new ByteArrayInputStream(der)));
      } catch (CRLException | RuntimeException e) {
        throw new IllegalArgumentException("malformed CRL: " + e.getMessage());
      }
    }
    return out;
  }

  /** One DER certificate. */
  public static X509Certificate certificate(byte[] der) {
    try {
      X509Certificate c = (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
      if (!java.util.Arrays.equals(c.getEncoded(), der)) {
        // One certificate, one encoding: trailing bytes or a BER re-encoding would let two readers disagree.
        throw new IllegalArgumentException("certificate is not in DER form or has trailing bytes");
      }
      return c;
    } catch (CertificateException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("malformed certificate: " + e.getMessage());
    }
  }

  /** A certificate given as base64 DER (Sigstore's {@code rawBytes}). */
  public static X509Certificate base64(String b64) {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("certificate rawBytes is not valid base64");
    }
    return certificate(der);
  }

  /** The canonical PEM of a certificate (64-column base64), as Rekor records a signer's certificate. */
  public static String pem(X509Certificate cert) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<byte[]> blocks(String pem, String label) {
    if (pem == null) {
      throw new IllegalArgumentException("must be a PEM string");
    }
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    List<byte[]> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int b = pem.indexOf(begin, from);
      if (b < 0) {
        break;
      }
      int e = pem.indexOf(end, b);
      if (e < 0) {
        throw new IllegalArgumentException("malformed PEM: no '" + end + "' line");
      }
      try {
        out.add(Base64.getDecoder().decode(pem.substring(b + begin.length(), e).replaceAll("\\s", "")));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("malformed PEM: body is not base64");
      }
      from = e + end.length();
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("malformed PEM: no '" + begin + "' line");
    }
    return out;
  }

  private static CertificateFactory factory() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }
}
