package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * What a signing certificate says about its holder: the SANs (e-mail, URI, DNS), the subject DN
 * and, for Fulcio certificates, the OIDC issuer the identity token came from (extension
 * 1.3.6.1.4.1.57264.1.8, a DER UTF8String, or the older 1.3.6.1.4.1.57264.1.1, raw bytes).
 */
final class CertificateFacts {
  static final String FULCIO_ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
  static final String FULCIO_ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";

  private CertificateFacts() {}

  /** The e-mail, URI and DNS SANs, in certificate order. */
  static List<String> sans(X509Certificate c) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> names = c.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> n : names) {
          int type = (Integer) n.get(0);
          if ((type == 1 || type == 2 || type == 6) && n.get(1) instanceof String s) {
            out.add(s);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // an unreadable SAN names nobody
    }
    return out;
  }

  /** The Fulcio OIDC issuer, or null when the certificate has none. */
  static String oidcIssuer(X509Certificate c) {
    byte[] v2 = inner(c.getExtensionValue(FULCIO_ISSUER_V2));
    if (v2 != null) {
      try {
        if (ASN1Primitive.fromByteArray(v2) instanceof ASN1String s) {
          return s.getString();
        }
      } catch (java.io.IOException e) {
        return null;
      }
      return null;
    }
    byte[] v1 = inner(c.getExtensionValue(FULCIO_ISSUER_V1));
    return v1 == null ? null : new String(v1, StandardCharsets.UTF_8);
  }

  private static byte[] inner(byte[] extensionValue) {
    if (extensionValue == null) {
      return null;
    }
    try {
      return ASN1OctetString.getInstance(extensionValue).getOctets();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The certificate as facts: subject, issuer, serial, validity, SHA-256 of its DER. */
  static ObjectNode describe(X509Certificate c) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("subject", c.getSubjectX500Principal().getName());
    ArrayNode sans = o.putArray("sans");
    sans(c).forEach(sans::add);
    o.put("issuer", c.getIssuerX500Principal().getName());
    o.put("serial", c.getSerialNumber().toString(16));
    o.put("notBefore", Rfc3339.format(c.getNotBefore().toInstant()));
    o.put("notAfter", Rfc3339.format(c.getNotAfter().toInstant()));
    try {
      o.put("sha256", RekorEntry.hex(SigstoreRoot.sha256(c.getEncoded())));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    return o;
  }
}
