package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.builtins.BuiltinException;
import dev.gavel.rego.builtins.GoBase64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Private keys in PEM text (or base64 of it), as OPA reads them for crypto.parse_private_keys and
 * crypto.x509.parse_rsa_private_key: every RSA PRIVATE KEY (PKCS #1), PRIVATE KEY (PKCS #8) and
 * EC PRIVATE KEY (SEC 1) block in order; other blocks are skipped.
 */
final class PrivateKeys {
  private PrivateKeys() {}

  static List<GoKeys.Key> fromPem(String text) {
    String pem = text;
    try {
      pem = new String(GoBase64.decodeStd(text), StandardCharsets.UTF_8);
    } catch (BuiltinException notBase64) {
      // PEM text as it is
    }
    byte[] rest = pem.getBytes(StandardCharsets.UTF_8);
    List<GoKeys.Key> keys = new ArrayList<>();
    while (rest.length > 0) {
      GoPem.Block block = GoPem.decode(rest);
      if (block == null) {
        break;
      }
      rest = block.rest();
      switch (block.type()) {
        case "RSA PRIVATE KEY" -> keys.add(GoKeys.pkcs1(block.bytes()));
        case "PRIVATE KEY" -> keys.add(GoKeys.pkcs8(block.bytes()));
        case "EC PRIVATE KEY" -> keys.add(GoKeys.sec1(block.bytes(), null));
        default -> { }
      }
    }
    return keys;
  }

  /** Go's tls parsePrivateKey: PKCS #1, then PKCS #8, then SEC 1. */
  static GoKeys.Key anyForm(byte[] der) {
    try {
      return GoKeys.pkcs1(der);
    } catch (X509Exception e) {
      // try the next form
    }
    try {
      return GoKeys.pkcs8(der);
    } catch (X509Exception e) {
      // try the next form
    }
    try {
      return GoKeys.sec1(der, null);
    } catch (X509Exception e) {
      throw new X509Exception("tls: failed to parse private key");
    }
  }
}
