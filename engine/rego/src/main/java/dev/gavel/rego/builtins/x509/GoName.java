package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An X.500 distinguished name as Go's pkix.Name: the well-known attributes collected into lists
 * (CommonName and SerialNumber as strings), and every attribute in order under {@code Names}.
 */
final class GoName {
  private GoName() {}

  private static final Map<Long, String> LISTS = Map.of(6L, "Country", 7L, "Locality", 8L, "Province",
      9L, "StreetAddress", 10L, "Organization", 11L, "OrganizationalUnit", 17L, "PostalCode");

  /** Reads a Name (a SEQUENCE of SETs of type-and-value) from its encoding. */
  static Value parse(Der.Element name) {
    Map<String, List<String>> lists = new HashMap<>();
    String commonName = "";
    String serialNumber = "";
    List<Value> names = new ArrayList<>();
    Der rdns = name.reader();
    while (!rdns.isEmpty()) {
      Der set;
      try {
        set = rdns.next(Der.SET).reader();
      } catch (IllegalArgumentException e) {
        throw new X509Exception("x509: invalid RDNSequence");
      }
      while (!set.isEmpty()) {
        Der atv;
        List<Long> type;
        Der.Element raw;
        try {
          atv = set.next(Der.SEQUENCE).reader();
        } catch (IllegalArgumentException e) {
          throw new X509Exception("x509: invalid RDNSequence: invalid attribute");
        }
        try {
          type = Der.oid(atv.next(Der.OID));
        } catch (IllegalArgumentException e) {
          throw new X509Exception("x509: invalid RDNSequence: invalid attribute type");
        }
        try {
          raw = atv.next();
        } catch (IllegalArgumentException e) {
          throw new X509Exception("x509: invalid RDNSequence: invalid attribute value");
        }
        String value = string(raw);
        names.add(ObjectValue.builder().put("Type", GoJson.oid(type)).put("Value", StringValue.of(value)).build());
        if (type.size() == 4 && type.get(0) == 2 && type.get(1) == 5 && type.get(2) == 4) {
          long t = type.get(3);
          if (t == 3) {
            commonName = value;
          } else if (t == 5) {
            serialNumber = value;
          } else if (LISTS.containsKey(t)) {
            lists.computeIfAbsent(LISTS.get(t), k -> new ArrayList<>()).add(value);
          }
        }
      }
    }
    ObjectValue.Builder b = ObjectValue.builder();
    for (String field : LISTS.values()) {
      b.put(field, GoJson.strings(lists.get(field)));
    }
    b.put("SerialNumber", StringValue.of(serialNumber));
    b.put("CommonName", StringValue.of(commonName));
    b.put("Names", GoJson.list(names.isEmpty() ? null : names));
    b.put("ExtraNames", NullValue.INSTANCE);
    return b.build();
  }

  /** An attribute value as Go's x509 reads it: the string types it knows, with their character checks. */
  static String string(Der.Element e) {
    byte[] v = e.contents();
    switch (e.tag()) {
      case Der.T61_STRING: {
        StringBuilder sb = new StringBuilder();
        for (byte x : v) {
          sb.append((char) (x & 0xff));
        }
        return sb.toString();
      }
      case Der.PRINTABLE_STRING:
        for (byte x : v) {
          if (!printable(x & 0xff)) {
            throw new X509Exception("x509: invalid RDNSequence: invalid attribute value: invalid PrintableString");
          }
        }
        return new String(v, StandardCharsets.US_ASCII);
      case Der.UTF8_STRING: {
        String s = new String(v, StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(s.getBytes(StandardCharsets.UTF_8), v)) {
          throw new X509Exception("x509: invalid RDNSequence: invalid attribute value: invalid UTF-8 string");
        }
        return s;
      }
      case Der.BMP_STRING: {
        int len = v.length;
        if (len % 2 != 0) {
          throw new X509Exception("x509: invalid RDNSequence: invalid attribute value: invalid BMPString");
        }
        if (len >= 2 && v[len - 1] == 0 && v[len - 2] == 0) {
          len -= 2;
        }
        return new String(v, 0, len, StandardCharsets.UTF_16BE);
      }
      case Der.IA5_STRING:
        for (byte x : v) {
          if ((x & 0xff) > 0x7f) {
            throw new X509Exception("x509: invalid RDNSequence: invalid attribute value: invalid IA5String");
          }
        }
        return new String(v, StandardCharsets.US_ASCII);
      case Der.NUMERIC_STRING:
        for (byte x : v) {
          if (!(x >= '0' && x <= '9' || x == ' ')) {
            throw new X509Exception("x509: invalid RDNSequence: invalid attribute value: invalid NumericString");
          }
        }
        return new String(v, StandardCharsets.US_ASCII);
      default:
        throw new X509Exception("x509: invalid RDNSequence: invalid attribute value: unsupported string type: " + e.tag());
    }
  }

  private static boolean printable(int b) {
    return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= '\'' && b <= ')'
        || b >= '+' && b <= '/' || b == ' ' || b == ':' || b == '=' || b == '?' || b == '*' || b == '&';
  }
}
