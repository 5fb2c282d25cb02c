package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A PKCS #10 certificate request read from DER into the JSON of Go's x509.CertificateRequest. */
final class GoCsr {
  private static final String EXTENSION_REQUEST = "1.2.840.113549.1.9.14";

  private GoCsr() {}

  static Value parse(byte[] der) {
    Der.Element csr;
    Der.Element info;
    Der.Element sigAi;
    byte[] signature;
    Der tbs;
    try {
      csr = new Der(der).next(Der.SEQUENCE);
      Der d = csr.reader();
      info = d.next(Der.SEQUENCE);
      sigAi = d.next(Der.SEQUENCE);
      signature = Der.bitString(d.next(Der.BIT_STRING));
      tbs = info.reader();
    } catch (IllegalArgumentException e) {
      throw new X509Exception("asn1: structure error: " + e.getMessage());
    }
    int version;
    Der.Element subject;
    Der.Element spki;
    try {
      version = Der.integer(tbs.next(Der.INTEGER)).intValueExact();
      subject = tbs.next(Der.SEQUENCE);
      spki = tbs.next(Der.SEQUENCE);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new X509Exception("asn1: structure error: " + e.getMessage());
    }
    List<Value> attributes = new ArrayList<>();
    List<Extensions.Raw> extensions = new ArrayList<>();
    if (tbs.peekTag() == 0xa0) {
      Der attrs = tbs.next().reader();
      Set<String> seen = new HashSet<>();
      while (!attrs.isEmpty()) {
        Der.Element attr = attrs.next();
        attribute(attr, attributes, extensions, seen);
      }
    }
    GoCertificate.SubjectKey key = GoCertificate.SubjectKey.parse(spki);
    ObjectValue.Builder o = ObjectValue.builder();
    o.put("Raw", GoJson.bytes(csr.encoded()));
    o.put("RawTBSCertificateRequest", GoJson.bytes(info.encoded()));
    o.put("RawSubjectPublicKeyInfo", GoJson.bytes(spki.encoded()));
    o.put("RawSubject", GoJson.bytes(subject.encoded()));
    o.put("Version", NumberValue.of(version));
    o.put("Signature", GoJson.bytes(signature));
    o.put("SignatureAlgorithm", NumberValue.of(SignatureAlgorithms.of(sigAi)));
    o.put("PublicKeyAlgorithm", NumberValue.of(key.algorithm()));
    o.put("PublicKey", key.json());
    o.put("Subject", GoName.parse(subject));
    o.put("Attributes", GoJson.list(attributes.isEmpty() ? null : attributes));
    o.put("Extensions", GoJson.list(extensions.isEmpty() ? null : extensions.stream().map(Extensions.Raw::json).toList()));
    o.put("ExtraExtensions", NullValue.INSTANCE);
    Sans sans = new Sans();
    for (Extensions.Raw e : extensions) {
      if (Der.oidText(e.id()).equals("2.5.29.17")) {
        sans = Sans.parse(e.value());
      }
    }
    Extensions.renderNames(o, sans.dns, sans.emails, sans.ips, sans.uris);
    return o.build();
  }

  /**
   * One attribute: Go lists it under Attributes as {Type, Value: [[{Type, Value}...]]} when its
   * values parse as sets of type-and-value pairs (the extension request does), and collects the
   * requested extensions.
   */
  private static void attribute(Der.Element attr, List<Value> attributes, List<Extensions.Raw> extensions, Set<String> seen) {
    List<Long> type;
    Der values;
    try {
      Der a = attr.reader();
      type = Der.oid(a.next(Der.OID));
      values = a.next(Der.SET).reader();
    } catch (IllegalArgumentException e) {
      return;
    }
    boolean extensionRequest = Der.oidText(type).equals(EXTENSION_REQUEST);
    List<Value> sets = new ArrayList<>();
    boolean listed = true;
    boolean first = true;
    while (!values.isEmpty()) {
      Der.Element v = values.next();
      if (extensionRequest && first) {
        Der list = v.reader();
        while (!list.isEmpty()) {
          Extensions.Raw raw = Extensions.Raw.parse(list.next(Der.SEQUENCE));
          if (!seen.add(Der.oidText(raw.id()))) {
            throw new X509Exception("x509: certificate request contains duplicate requested extensions");
          }
          extensions.add(raw);
        }
      }
      first = false;
      List<Value> pairs = new ArrayList<>();
      try {
        Der seq = v.reader();
        while (!seq.isEmpty()) {
          Der pair = seq.next(Der.SEQUENCE).reader();
          List<Long> t = Der.oid(pair.next(Der.OID));
          Der.Element val = pair.next();
          if (!pair.isEmpty()) {
            throw new IllegalArgumentException("an attribute value pair has more than two fields");
          }
          Value value = val.is(Der.OCTET_STRING) ? GoJson.bytes(val.contents())
              : val.is(Der.BOOLEAN) ? dev.gavel.rego.value.BooleanValue.of(Der.bool(val))
              : val.is(Der.INTEGER) ? NumberValue.of(Der.integer(val)) : StringValue.of(GoName.string(val));
          pairs.add(ObjectValue.builder().put("Type", GoJson.oid(t)).put("Value", value).build());
        }
      } catch (IllegalArgumentException | X509Exception e) {
        listed = false;
      }
      sets.add(ArrayValue.of(pairs));
    }
    if (listed) {
      attributes.add(ObjectValue.builder().put("Type", GoJson.oid(type)).put("Value", ArrayValue.of(sets)).build());
    }
  }
}
