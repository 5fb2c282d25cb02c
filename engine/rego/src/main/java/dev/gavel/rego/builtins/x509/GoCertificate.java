package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One X.509 certificate read from DER as Go's crypto/x509 reads it, rendered as the JSON of Go's
 * x509.Certificate (plus OPA's {@code URIStrings}), which is what OPA's builtins return. Errors
 * carry Go's messages. {@code ekus} and the encoding are kept for chain verification.
 */
record GoCertificate(byte[] der, ObjectValue json, List<Integer> ekus, boolean hasEku, List<String> dnsNames) {
  /** Reads every certificate concatenated in {@code der} (Go's x509.ParseCertificates). */
  static List<GoCertificate> parseAll(byte[] der) {
    List<GoCertificate> out = new ArrayList<>();
    int pos = 0;
    while (pos < der.length) {
      Der.Element outer;
      try {
        outer = new Der(Arrays.copyOfRange(der, pos, der.length)).next(Der.SEQUENCE);
      } catch (IllegalArgumentException e) {
        throw new X509Exception("x509: malformed certificate");
      }
      out.add(parse(outer.encoded()));
      pos += outer.end();
    }
    return out;
  }

  static GoCertificate parse(byte[] der) {
    Der.Element cert = element(new Der(der), Der.SEQUENCE, "x509: malformed certificate");
    Der input = cert.reader();
    Der.Element tbsElement = element(input, Der.SEQUENCE, "x509: malformed tbs certificate");
    Der tbs = tbsElement.reader();
    ObjectValue.Builder o = ObjectValue.builder();
    o.put("Raw", GoJson.bytes(cert.encoded()));
    o.put("RawTBSCertificate", GoJson.bytes(tbsElement.encoded()));
    int version = 0;
    if (tbs.peekTag() == 0xa0) {
      try {
        version = Der.integer(tbs.next().reader().next(Der.INTEGER)).intValueExact();
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new X509Exception("x509: malformed version");
      }
      if (version < 0) {
        throw new X509Exception("x509: malformed version");
      }
    }
    version++;
    if (version > 3) {
      throw new X509Exception("x509: invalid version");
    }
    BigInteger serial;
    try {
      serial = Der.integer(tbs.next(Der.INTEGER));
    } catch (IllegalArgumentException e) {
      throw new X509Exception("x509: malformed serial number");
    }
    if (serial.signum() < 0) {
      throw new X509Exception("x509: negative serial number");
    }
    Der.Element sigAi = element(tbs, Der.SEQUENCE, "x509: malformed signature algorithm identifier");
    Der.Element outerAi = element(input, Der.SEQUENCE, "x509: malformed algorithm identifier");
    if (!Arrays.equals(sigAi.contents(), outerAi.contents())) {
      throw new X509Exception("x509: inner and outer signature algorithm identifiers don't match");
    }
    int sigAlg = SignatureAlgorithms.of(sigAi);
    Der.Element issuer = element(tbs, Der.SEQUENCE, "x509: malformed issuer");
    Value issuerName = GoName.parse(issuer);
    Der validity = element(tbs, Der.SEQUENCE, "x509: malformed validity").reader();
    Value notBefore = time(validity);
    Value notAfter = time(validity);
    Der.Element subject = element(tbs, Der.SEQUENCE, "x509: malformed issuer");
    Value subjectName = GoName.parse(subject);
    Der.Element spki = element(tbs, Der.SEQUENCE, "x509: malformed spki");
    SubjectKey key = SubjectKey.parse(spki);
    Extensions ext = new Extensions();
    if (version > 1) {
      skipOptional(tbs, 0x81, "x509: malformed issuerUniqueID");
      skipOptional(tbs, 0x82, "x509: malformed subjectUniqueID");
      if (version == 3 && tbs.peekTag() == 0xa3) {
        Der list;
        try {
          list = tbs.next().reader().next(Der.SEQUENCE).reader();
        } catch (IllegalArgumentException e) {
          throw new X509Exception("x509: malformed extensions");
        }
        Set<String> seen = new HashSet<>();
        while (!list.isEmpty()) {
          Der.Element one = element(list, Der.SEQUENCE, "x509: malformed extension");
          Extensions.Raw raw = Extensions.Raw.parse(one);
          String id = Der.oidText(raw.id());
          if (!seen.add(id)) {
            throw new X509Exception("x509: certificate contains duplicate extension with OID \"" + id + "\"");
          }
          ext.add(raw);
        }
        ext.process();
      }
    }
    byte[] signature;
    try {
      signature = Der.bitString(input.next(Der.BIT_STRING));
    } catch (IllegalArgumentException e) {
      throw new X509Exception("x509: malformed signature");
    }
    o.put("RawSubjectPublicKeyInfo", GoJson.bytes(spki.encoded()));
    o.put("RawSubject", GoJson.bytes(subject.encoded()));
    o.put("RawIssuer", GoJson.bytes(issuer.encoded()));
    o.put("Signature", GoJson.bytes(signature));
    o.put("SignatureAlgorithm", NumberValue.of(sigAlg));
    o.put("PublicKeyAlgorithm", NumberValue.of(key.algorithm()));
    o.put("PublicKey", key.json());
    o.put("Version", NumberValue.of(version));
    o.put("SerialNumber", NumberValue.of(serial));
    o.put("Issuer", issuerName);
    o.put("Subject", subjectName);
    o.put("NotBefore", notBefore);
    o.put("NotAfter", notAfter);
    ext.render(o);
    List<Value> uriStrings = ext.uris == null ? null : ext.uris.stream().map(u -> (Value) StringValue.of(u.text())).toList();
    o.put("URIStrings", GoJson.list(uriStrings));
    return new GoCertificate(cert.encoded(), o.build(), ext.ekus == null ? List.of() : ext.ekus, ext.ekus != null || ext.unknownEkus != null,
        ext.dnsNames == null ? List.of() : ext.dnsNames);
  }

  private static Der.Element element(Der d, int tag, String error) {
    try {
      return d.next(tag);
    } catch (IllegalArgumentException e) {
      throw new X509Exception(error);
    }
  }

  private static void skipOptional(Der d, int tag, String error) {
    if (d.peekTag() == tag) {
      try {
        d.next();
      } catch (IllegalArgumentException e) {
        throw new X509Exception(error);
      }
    }
  }

  private static Value time(Der validity) {
    int tag = validity.peekTag();
    try {
      if (tag == Der.UTC_TIME || tag == Der.GENERALIZED_TIME) {
        return GoJson.time(Der.time(validity.next()));
      }
    } catch (IllegalArgumentException e) {
      throw new X509Exception(tag == Der.UTC_TIME ? "x509: malformed UTCTime" : "x509: malformed GeneralizedTime");
    }
    throw new X509Exception("x509: unsupported time format");
  }

  /** A SubjectPublicKeyInfo: Go's algorithm number and the key's JSON. */
  record SubjectKey(int algorithm, Value json) {
    static SubjectKey parse(Der.Element spki) {
      Der d = spki.reader();
      List<Long> oid;
      Der.Element params;
      try {
        Der ai = d.next(Der.SEQUENCE).reader();
        oid = Der.oid(ai.next(Der.OID));
        params = ai.isEmpty() ? null : ai.next();
      } catch (IllegalArgumentException e) {
        throw new X509Exception("x509: malformed public key algorithm identifier");
      }
      byte[] bits;
      try {
        bits = Der.bitString(d.next(Der.BIT_STRING));
      } catch (IllegalArgumentException e) {
        throw new X509Exception("x509: malformed subjectPublicKey");
      }
      int alg = GoKeys.algorithm(oid);
      Value json = alg == 0 && !oid.equals(GoKeys.X25519) ? NullValue.INSTANCE : GoKeys.publicKey(oid, params, bits);
      return new SubjectKey(alg, json);
    }
  }

  /** Boolean and list helpers shared with the request reader. */
  static Value bool(boolean b) {
    return BooleanValue.of(b);
  }

  static Value ips(List<byte[]> ips) {
    return ips == null ? NullValue.INSTANCE
        : ArrayValue.of(ips.stream().map(ip -> (Value) StringValue.of(Extensions.ipText(ip))).toList());
  }
}
