package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * crypto.x509.parse_certificates: PEM text, or base64 of PEM or DER, into certificate objects with
 * the commonly used fields of Go's x509.Certificate (Subject, Issuer, validity, names, CA flags).
 */
public final class X509Builtins implements BuiltinFamily {
  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("crypto.x509.parse_certificates", Type.arrayOf(Type.objectOf(Type.STRING, Type.ANY)),
        Param.of("certs", Type.STRING)), (ctx, a) -> {
          List<Value> out = new ArrayList<>();
          for (Certificate c : certificates(((StringValue) a.get(0)).value())) {
            out.add(describe((X509Certificate) c));
          }
          return ArrayValue.of(out);
        });
  }

  static Collection<? extends Certificate> certificates(String text) {
    byte[] bytes;
    String t = text.strip();
    if (t.startsWith("-----BEGIN")) {
      bytes = t.getBytes(StandardCharsets.US_ASCII);
    } else {
      try {
        bytes = Base64.getDecoder().decode(t.replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        throw new BuiltinException("failed to parse a PEM certificate: input is neither PEM nor base64");
      }
    }
    try {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bytes));
      if (certs.isEmpty()) {
        throw new BuiltinException("x509: malformed certificate");
      }
      return certs;
    } catch (CertificateException e) {
      throw new BuiltinException("x509: malformed certificate");
    }
  }

  private static Value describe(X509Certificate c) {
    ObjectValue.Builder b = ObjectValue.builder();
    b.put("Version", NumberValue.of(c.getVersion()));
    b.put("SerialNumber", NumberValue.of(c.getSerialNumber()));
    b.put("Subject", name(c.getSubjectX500Principal().getName()));
    b.put("Issuer", name(c.getIssuerX500Principal().getName()));
    b.put("NotBefore", StringValue.of(DateTimeFormatter.ISO_INSTANT.format(c.getNotBefore().toInstant())));
    b.put("NotAfter", StringValue.of(DateTimeFormatter.ISO_INSTANT.format(c.getNotAfter().toInstant())));
    b.put("SignatureAlgorithm", StringValue.of(c.getSigAlgName()));
    b.put("PublicKeyAlgorithm", StringValue.of(c.getPublicKey().getAlgorithm()));
    b.put("IsCA", BooleanValue.of(c.getBasicConstraints() >= 0));
    b.put("BasicConstraintsValid", BooleanValue.of(c.getBasicConstraints() >= 0 || c.getExtensionValue("2.5.29.19") != null));
    List<Value> dns = new ArrayList<>();
    List<Value> emails = new ArrayList<>();
    List<Value> ips = new ArrayList<>();
    List<Value> uris = new ArrayList<>();
    try {
      if (c.getSubjectAlternativeNames() != null) {
        for (List<?> san : c.getSubjectAlternativeNames()) {
          int kind = (Integer) san.get(0);
          Value v = StringValue.of(String.valueOf(san.get(1)));
          switch (kind) {
            case 1 -> emails.add(v);
            case 2 -> dns.add(v);
            case 6 -> uris.add(v);
            case 7 -> ips.add(v);
            default -> { }
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw new BuiltinException("x509: malformed subject alternative names");
    }
    b.put("DNSNames", ArrayValue.of(dns));
    b.put("EmailAddresses", ArrayValue.of(emails));
    b.put("IPAddresses", ArrayValue.of(ips));
    b.put("URIStrings", ArrayValue.of(uris));
    return b.build();
  }

  /** An X.500 name as Go's pkix.Name JSON: CommonName plus list-valued attributes. */
  private static Value name(String rfc2253) {
    ObjectValue.Builder b = ObjectValue.builder();
    List<Value> country = new ArrayList<>();
    List<Value> org = new ArrayList<>();
    List<Value> unit = new ArrayList<>();
    List<Value> locality = new ArrayList<>();
    List<Value> province = new ArrayList<>();
    String cn = "";
    try {
      for (Rdn rdn : new LdapName(rfc2253).getRdns()) {
        String v = String.valueOf(rdn.getValue());
        switch (rdn.getType().toUpperCase(java.util.Locale.ROOT)) {
          case "CN" -> cn = v;
          case "C" -> country.add(StringValue.of(v));
          case "O" -> org.add(StringValue.of(v));
          case "OU" -> unit.add(StringValue.of(v));
          case "L" -> locality.add(StringValue.of(v));
          case "ST" -> province.add(StringValue.of(v));
          default -> { }
        }
      }
    } catch (InvalidNameException e) {
      throw new BuiltinException("x509: malformed name");
    }
    b.put("CommonName", StringValue.of(cn));
    b.put("Country", ArrayValue.of(country));
    b.put("Organization", ArrayValue.of(org));
    b.put("OrganizationalUnit", ArrayValue.of(unit));
    b.put("Locality", ArrayValue.of(locality));
    b.put("Province", ArrayValue.of(province));
    return b.build();
  }
}
