package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.builtins.GoBase64;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * crypto.x509.parse_keypair: a certificate chain and its private key, checked to belong together,
 * as the JSON of Go's tls.Certificate (DER certificates, the key, and the parsed leaf).
 */
final class KeyPair {
  private static final String BEGIN = "-----BEGIN ";

  private KeyPair() {}

  static Value parse(String certText, String keyText) {
    byte[] certPem = certText.getBytes(StandardCharsets.UTF_8);
    byte[] keyPem = keyText.getBytes(StandardCharsets.UTF_8);
    if (!certText.startsWith(BEGIN)) {
      certPem = GoBase64.decodeStd(certText);
    }
    if (!keyText.startsWith(BEGIN)) {
      keyPem = GoBase64.decodeStd(keyText);
    }
    List<byte[]> certs = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    if (!new String(certPem, StandardCharsets.ISO_8859_1).startsWith(BEGIN)) {
      certs.add(certPem);
    } else {
      byte[] rest = certPem;
      GoPem.Block b;
      while ((b = GoPem.decode(rest)) != null) {
        if (b.type().equals("CERTIFICATE")) {
          certs.add(b.bytes());
        } else {
          skipped.add(b.type());
        }
        rest = b.rest();
      }
    }
    if (certs.isEmpty()) {
      if (skipped.isEmpty()) {
        throw new X509Exception("tls: failed to find any PEM data in certificate input");
      }
      if (skipped.size() == 1 && skipped.get(0).endsWith("PRIVATE KEY")) {
        throw new X509Exception("tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched");
      }
      throw new X509Exception("tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: ["
          + String.join(" ", skipped) + "]");
    }
    byte[] keyDer = null;
    if (!new String(keyPem, StandardCharsets.ISO_8859_1).startsWith("-----BEGIN")) {
      keyDer = keyPem;
    } else {
      skipped.clear();
      byte[] rest = keyPem;
      while (keyDer == null) {
        GoPem.Block b = GoPem.decode(rest);
        if (b == null) {
          if (skipped.isEmpty()) {
            throw new X509Exception("tls: failed to find any PEM data in key input");
          }
          if (skipped.size() == 1 && skipped.get(0).equals("CERTIFICATE")) {
            throw new X509Exception("tls: found a certificate rather than a key in the PEM for the private key");
          }
          throw new X509Exception("tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: ["
              + String.join(" ", skipped) + "]");
        }
        if (b.type().equals("PRIVATE KEY") || b.type().endsWith(" PRIVATE KEY")) {
          keyDer = b.bytes();
        } else {
          skipped.add(b.type());
        }
        rest = b.rest();
      }
    }
    GoCertificate leaf = GoCertificate.parse(certs.get(0));
    if (leaf.der().length != certs.get(0).length) {
      throw new X509Exception("x509: trailing data");
    }
    GoKeys.Key key = PrivateKeys.anyForm(keyDer);
    Value pub = leaf.json().get("PublicKey");
    int alg = ((dev.gavel.rego.value.NumberValue) leaf.json().get("PublicKeyAlgorithm")).value().intValue();
    if (alg != 1 && alg != 3 && alg != 4) {
      throw new X509Exception("tls: unknown public key algorithm");
    }
    if (!sameKind(pub, key.publicJson())) {
      throw new X509Exception("tls: private key type does not match public key type");
    }
    if (!pub.equals(key.publicJson())) {
      throw new X509Exception("tls: private key does not match public key");
    }
    return ObjectValue.builder()
        .put("Certificate", ArrayValue.of(certs.stream().map(GoJson::bytes).toList()))
        .put("PrivateKey", key.json())
        .put("SupportedSignatureAlgorithms", NullValue.INSTANCE)
        .put("OCSPStaple", NullValue.INSTANCE)
        .put("SignedCertificateTimestamps", NullValue.INSTANCE)
        .put("Leaf", withoutUriStrings(leaf.json()))
        .build();
  }

  /** Go's tls.Certificate holds the plain x509.Certificate, without OPA's URIStrings. */
  private static Value withoutUriStrings(ObjectValue cert) {
    ObjectValue.Builder b = ObjectValue.builder();
    for (Value k : cert.keys()) {
      if (!k.equals(dev.gavel.rego.value.StringValue.of("URIStrings"))) {
        b.put(k, cert.get(k));
      }
    }
    return b.build();
  }

  /** RSA keys are objects with N, EC keys objects with Curve, Ed25519 keys strings. */
  private static boolean sameKind(Value a, Value b) {
    if (a instanceof ObjectValue x && b instanceof ObjectValue y) {
      return (x.get("N") != null) == (y.get("N") != null);
    }
    return a.getClass() == b.getClass();
  }
}
