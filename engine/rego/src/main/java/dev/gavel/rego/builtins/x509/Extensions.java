package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate's extensions, decoded into the fields Go's x509.Certificate exposes (key usage,
 * basic constraints, names, name constraints, key identifiers, access locations, policies), with
 * Go's checks and messages. Lists stay null until an extension fills them, as Go's nil slices do.
 */
final class Extensions {
  /** One extension as written: OID, criticality, value (the OCTET STRING's contents). */
  record Raw(List<Long> id, boolean critical, byte[] value) {
    static Raw parse(Der.Element e) {
      Der d = e.reader();
      List<Long> id;
      try {
        id = Der.oid(d.next(Der.OID));
      } catch (IllegalArgumentException ex) {
        throw new X509Exception("x509: malformed extension OID field");
      }
      boolean critical = false;
      if (d.peekTag() == Der.BOOLEAN) {
        try {
          critical = Der.bool(d.next());
        } catch (IllegalArgumentException ex) {
          throw new X509Exception("x509: malformed extension critical field");
        }
      }
      try {
        return new Raw(id, critical, d.next(Der.OCTET_STRING).contents());
      } catch (IllegalArgumentException ex) {
        throw new X509Exception("x509: malformed extension value field");
      }
    }

    Value json() {
      return ObjectValue.builder().put("Id", GoJson.oid(id)).put("Critical", BooleanValue.of(critical))
          .put("Value", GoJson.bytes(value)).build();
    }
  }

  final List<Raw> all = new ArrayList<>();
  int keyUsage;
  boolean basicConstraintsValid;
  boolean isCa;
  int maxPathLen;
  boolean maxPathLenZero;
  List<String> dnsNames;
  List<String> emails;
  List<byte[]> ips;
  List<dev.gavel.rego.builtins.GoUrl> uris;
  List<Integer> ekus;
  List<List<Long>> unknownEkus;
  List<List<Long>> unhandledCritical;
  byte[] subjectKeyId;
  byte[] authorityKeyId;
  List<String> ocsp;
  List<String> issuers;
  List<String> crl;
  List<String> policies;
  List<Value> policyMappings;
  int inhibitAny;
  boolean inhibitAnyZero;
  int inhibitMapping;
  boolean inhibitMappingZero;
  int requireExplicit;
  boolean requireExplicitZero;
  boolean nameConstraintsCritical;
  final Constraints permitted = new Constraints();
  final Constraints excluded = new Constraints();

  /** The four kinds of name constraint Go records. */
  static final class Constraints {
    List<String> dns;
    List<Value> ips;
    List<String> emails;
    List<String> uris;
  }

  void add(Raw r) {
    all.add(r);
  }

  void process() {
    for (Raw e : all) {
      boolean unhandled = false;
      List<Long> id = e.id();
      if (id.size() == 4 && id.get(0) == 2 && id.get(1) == 5 && id.get(2) == 29) {
        switch (id.get(3).intValue()) {
          case 15 -> keyUsage = keyUsage(e.value());
          case 19 -> basicConstraints(e.value());
          case 17 -> {
            Sans s = Sans.parse(e.value());
            dnsNames = s.dns;
            emails = s.emails;
            ips = s.ips;
            uris = s.uris;
            unhandled = s.dns == null && s.emails == null && s.ips == null && s.uris == null;
          }
          case 30 -> unhandled = NameConstraints.parse(this, e);
          case 31 -> crl = crlDistributionPoints(e.value());
          case 35 -> authorityKeyId = authorityKeyId(e);
          case 36 -> policyConstraints(e.value());
          case 37 -> extKeyUsage(e.value());
          case 14 -> {
            if (e.critical()) {
              throw new X509Exception("x509: subject key identifier incorrectly marked critical");
            }
            try {
              subjectKeyId = new Der(e.value()).next(Der.OCTET_STRING).contents();
            } catch (IllegalArgumentException ex) {
              throw new X509Exception("x509: invalid subject key identifier");
            }
          }
          case 32 -> policies(e.value());
          case 33 -> policyMappings(e.value());
          case 54 -> {
            try {
              inhibitAny = Der.integer(new Der(e.value()).next(Der.INTEGER)).intValueExact();
            } catch (IllegalArgumentException | ArithmeticException ex) {
              throw new X509Exception("x509: invalid inhibit any policy extension");
            }
            inhibitAnyZero = inhibitAny == 0;
          }
          default -> unhandled = true;
        }
      } else if (Der.oidText(id).equals("1.3.6.1.5.5.7.1.1")) {
        authorityInfoAccess(e);
      } else {
        unhandled = true;
      }
      if (e.critical() && unhandled) {
        unhandledCritical = add(unhandledCritical, e.id());
      }
    }
  }

  private static <T> List<T> add(List<T> list, T item) {
    List<T> l = list == null ? new ArrayList<>() : list;
    l.add(item);
    return l;
  }

  private static int keyUsage(byte[] value) {
    Der.Element bits;
    try {
      bits = new Der(value).next(Der.BIT_STRING);
      Der.bitString(bits);
    } catch (IllegalArgumentException e) {
      throw new X509Exception("x509: invalid key usage");
    }
    int usage = 0;
    for (int i = 0; i < 9; i++) {
      if (Der.bit(bits, i)) {
        usage |= 1 << i;
      }
    }
    return usage;
  }

  private void basicConstraints(byte[] value) {
    try {
      Der d = new Der(value).next(Der.SEQUENCE).reader();
      boolean ca = false;
      if (d.peekTag() == Der.BOOLEAN) {
        ca = Der.bool(d.next());
      }
      int max = -1;
      if (d.peekTag() == Der.INTEGER) {
        BigInteger m = Der.integer(d.next());
        if (m.signum() < 0 || m.bitLength() > 62) {
          throw new IllegalArgumentException("path length");
        }
        max = m.intValueExact();
      }
      isCa = ca;
      maxPathLen = max;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new X509Exception("x509: invalid basic constraints");
    }
    basicConstraintsValid = true;
    maxPathLenZero = maxPathLen == 0;
  }

  private static List<String> crlDistributionPoints(byte[] value) {
    List<String> out = null;
    try {
      Der points = new Der(value).next(Der.SEQUENCE).reader();
      while (!points.isEmpty()) {
        Der dp = points.next(Der.SEQUENCE).reader();
        if (dp.peekTag() != 0xa0) {
          continue;
        }
        Der name = dp.next().reader();
        if (name.peekTag() != 0xa0) {
          throw new IllegalArgumentException("distribution point name");
        }
        Der full = name.next().reader();
        while (!full.isEmpty() && full.peekTag() == 0x86) {
          out = add(out, new String(full.next().contents(), StandardCharsets.UTF_8));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new X509Exception("x509: invalid CRL distribution point");
    }
    return out;
  }

  private static byte[] authorityKeyId(Raw e) {
    if (e.critical()) {
      throw new X509Exception("x509: authority key identifier incorrectly marked critical");
    }
    try {
      Der akid = new Der(e.value()).next(Der.SEQUENCE).reader();
      if (akid.peekTag() == 0x80) {
        return akid.next().contents();
      }
      return null;
    } catch (IllegalArgumentException ex) {
      throw new X509Exception("x509: invalid authority key identifier");
    }
  }

  private void policyConstraints(byte[] value) {
    try {
      Der d = new Der(value).next(Der.SEQUENCE).reader();
      if (d.peekTag() == 0x80) {
        requireExplicit = new BigInteger(d.next().contents()).intValueExact();
        requireExplicitZero = requireExplicit == 0;
      }
      if (d.peekTag() == 0x81) {
        inhibitMapping = new BigInteger(d.next().contents()).intValueExact();
        inhibitMappingZero = inhibitMapping == 0;
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new X509Exception("x509: invalid policy constraints extension");
    }
  }

  private void extKeyUsage(byte[] value) {
    try {
      Der d = new Der(value).next(Der.SEQUENCE).reader();
      while (!d.isEmpty()) {
        List<Long> oid = Der.oid(d.next(Der.OID));
        int known = SignatureAlgorithms.EKU_OIDS.indexOf(Der.oidText(oid));
        if (known >= 0) {
          ekus = add(ekus, known);
        } else {
          unknownEkus = add(unknownEkus, oid);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new X509Exception("x509: invalid extended key usages");
    }
  }

  private void policies(byte[] value) {
    List<String> seen = new ArrayList<>();
    try {
      Der d = new Der(value).next(Der.SEQUENCE).reader();
      while (!d.isEmpty()) {
        String oid = Der.oidText(Der.oid(d.next(Der.SEQUENCE).reader().next(Der.OID)));
        if (seen.contains(oid)) {
          throw new IllegalArgumentException("duplicate");
        }
        seen.add(oid);
      }
    } catch (IllegalArgumentException e) {
      throw new X509Exception("x509: invalid certificate policies");
    }
    policies = seen;
  }

  private void policyMappings(byte[] value) {
    try {
      Der d = new Der(value).next(Der.SEQUENCE).reader();
      while (!d.isEmpty()) {
        Der m = d.next(Der.SEQUENCE).reader();
        String issuer = Der.oidText(Der.oid(m.next(Der.OID)));
        String subject = Der.oidText(Der.oid(m.next(Der.OID)));
        policyMappings = add(policyMappings, ObjectValue.builder().put("IssuerDomainPolicy", StringValue.of(issuer))
            .put("SubjectDomainPolicy", StringValue.of(subject)).build());
      }
    } catch (IllegalArgumentException e) {
      throw new X509Exception("x509: invalid policy mappings extension");
    }
  }

  private void authorityInfoAccess(Raw e) {
    if (e.critical()) {
      throw new X509Exception("x509: authority info access incorrectly marked critical");
    }
    try {
      Der d = new Der(e.value()).next(Der.SEQUENCE).reader();
      while (!d.isEmpty()) {
        Der ad = d.next(Der.SEQUENCE).reader();
        String method = Der.oidText(Der.oid(ad.next(Der.OID)));
        if (ad.peekTag() != 0x86) {
          continue;
        }
        String location = new String(ad.next().contents(), StandardCharsets.UTF_8);
        if (method.equals("1.3.6.1.5.5.7.48.1")) {
          ocsp = add(ocsp, location);
        } else if (method.equals("1.3.6.1.5.5.7.48.2")) {
          issuers = add(issuers, location);
        }
      }
    } catch (IllegalArgumentException ex) {
      throw new X509Exception("x509: invalid authority info access");
    }
  }

  /** Writes every extension-derived field of Go's x509.Certificate into {@code o}. */
  void render(ObjectValue.Builder o) {
    o.put("KeyUsage", NumberValue.of(keyUsage));
    o.put("Extensions", GoJson.list(all.isEmpty() ? null : all.stream().map(Raw::json).toList()));
    o.put("ExtraExtensions", NullValue.INSTANCE);
    o.put("UnhandledCriticalExtensions", oids(unhandledCritical));
    o.put("ExtKeyUsage", ekus == null ? NullValue.INSTANCE : ArrayValue.of(ekus.stream().map(k -> (Value) NumberValue.of(k)).toList()));
    o.put("UnknownExtKeyUsage", oids(unknownEkus));
    o.put("BasicConstraintsValid", BooleanValue.of(basicConstraintsValid));
    o.put("IsCA", BooleanValue.of(isCa));
    o.put("MaxPathLen", NumberValue.of(maxPathLen));
    o.put("MaxPathLenZero", BooleanValue.of(maxPathLenZero));
    o.put("SubjectKeyId", GoJson.bytes(subjectKeyId));
    o.put("AuthorityKeyId", GoJson.bytes(authorityKeyId));
    o.put("OCSPServer", GoJson.strings(ocsp));
    o.put("IssuingCertificateURL", GoJson.strings(issuers));
    renderNames(o, dnsNames, emails, ips, uris);
    o.put("PermittedDNSDomainsCritical", BooleanValue.of(nameConstraintsCritical));
    o.put("PermittedDNSDomains", GoJson.strings(permitted.dns));
    o.put("ExcludedDNSDomains", GoJson.strings(excluded.dns));
    o.put("PermittedIPRanges", GoJson.list(permitted.ips));
    o.put("ExcludedIPRanges", GoJson.list(excluded.ips));
    o.put("PermittedEmailAddresses", GoJson.strings(permitted.emails));
    o.put("ExcludedEmailAddresses", GoJson.strings(excluded.emails));
    o.put("PermittedURIDomains", GoJson.strings(permitted.uris));
    o.put("ExcludedURIDomains", GoJson.strings(excluded.uris));
    o.put("CRLDistributionPoints", GoJson.strings(crl));
    o.put("PolicyIdentifiers", policies == null ? NullValue.INSTANCE
        : ArrayValue.of(policies.stream().map(p -> GoJson.oid(arcs(p))).toList()));
    o.put("Policies", GoJson.strings(policies));
    o.put("InhibitAnyPolicy", NumberValue.of(inhibitAny));
    o.put("InhibitAnyPolicyZero", BooleanValue.of(inhibitAnyZero));
    o.put("InhibitPolicyMapping", NumberValue.of(inhibitMapping));
    o.put("InhibitPolicyMappingZero", BooleanValue.of(inhibitMappingZero));
    o.put("RequireExplicitPolicy", NumberValue.of(requireExplicit));
    o.put("RequireExplicitPolicyZero", BooleanValue.of(requireExplicitZero));
    o.put("PolicyMappings", GoJson.list(policyMappings));
  }

  /** The subject alternative name fields, shared with certificate requests. */
  static void renderNames(ObjectValue.Builder o, List<String> dns, List<String> emails, List<byte[]> ips,
      List<dev.gavel.rego.builtins.GoUrl> uris) {
    o.put("DNSNames", GoJson.strings(dns));
    o.put("EmailAddresses", GoJson.strings(emails));
    o.put("IPAddresses", GoCertificate.ips(ips));
    o.put("URIs", uris == null ? NullValue.INSTANCE : ArrayValue.of(uris.stream().map(Extensions::urlJson).toList()));
  }

  private static Value urlJson(dev.gavel.rego.builtins.GoUrl u) {
    return ObjectValue.builder().put("Scheme", StringValue.of(u.scheme())).put("Opaque", StringValue.of(u.opaque()))
        .put("User", u.hasUser() ? ObjectValue.EMPTY : NullValue.INSTANCE).put("Host", StringValue.of(u.host()))
        .put("Path", StringValue.of(u.path())).put("RawPath", StringValue.of(u.rawPath()))
        .put("OmitHost", BooleanValue.of(u.omitHost())).put("ForceQuery", BooleanValue.of(u.forceQuery()))
        .put("RawQuery", StringValue.of(u.rawQuery())).put("Fragment", StringValue.of(u.fragment()))
        .put("RawFragment", StringValue.of(u.rawFragment())).build();
  }

  private static Value oids(List<List<Long>> oids) {
    return oids == null ? NullValue.INSTANCE : ArrayValue.of(oids.stream().map(GoJson::oid).toList());
  }

  private static List<Long> arcs(String dotted) {
    List<Long> out = new ArrayList<>();
    for (String p : dotted.split("\\.")) {
      out.add(Long.parseLong(p));
    }
    return out;
  }

  /** net.IP's text form: dotted quads for IPv4 (also IPv4-mapped IPv6), RFC 5952 for IPv6. */
  static String ipText(byte[] ip) {
    byte[] b = ip;
    if (ip.length == 16) {
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= ip[i] == 0;
      }
      mapped &= ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
      if (mapped) {
        b = java.util.Arrays.copyOfRange(ip, 12, 16);
      }
    }
    if (b.length != 4 && b.length != 16) {
      StringBuilder hex = new StringBuilder("?");
      for (byte x : b) {
        hex.append(String.format("%02x", x & 0xff));
      }
      return hex.toString();
    }
    return dev.gavel.rego.builtins.NetBuiltins.format(new BigInteger(1, b), b.length * 8);
  }
}
