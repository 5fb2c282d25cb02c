package dev.gavel.rego.builtins.x509;

/** A certificate, request or key that does not parse or verify, worded as Go's crypto/x509 words it. */
public final class X509Exception extends RuntimeException {
  public X509Exception(String message) {
    super(message);
  }
}
