package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.builtins.BuiltinException;
import dev.gavel.rego.builtins.GoUrl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A SubjectAltName extension's DNS names, email addresses, IP addresses and URIs, as Go reads them. */
final class Sans {
  List<String> dns;
  List<String> emails;
  List<byte[]> ips;
  List<GoUrl> uris;

  static Sans parse(byte[] value) {
    Sans s = new Sans();
    Der names;
    try {
      names = new Der(value).next(Der.SEQUENCE).reader();
    } catch (IllegalArgumentException e) {
      throw new X509Exception("x509: invalid subject alternative names");
    }
    while (!names.isEmpty()) {
      Der.Element n;
      try {
        n = names.next();
      } catch (IllegalArgumentException e) {
        throw new X509Exception("x509: invalid subject alternative name");
      }
      byte[] data = n.contents();
      switch (n.tag() ^ 0x80) {
        case 1 -> s.emails = add(s.emails, ia5(data, "x509: SAN rfc822Name is malformed"));
        case 2 -> s.dns = add(s.dns, ia5(data, "x509: SAN dNSName is malformed"));
        case 6 -> {
          String uri = ia5(data, "x509: SAN uniformResourceIdentifier is malformed");
          try {
            s.uris = add(s.uris, GoUrl.parse(uri));
          } catch (BuiltinException e) {
            throw new X509Exception("x509: cannot parse URI \"" + uri + "\": " + e.getMessage());
          }
        }
        case 7 -> {
          if (data.length != 4 && data.length != 16) {
            throw new X509Exception("x509: cannot parse IP address of length " + data.length);
          }
          s.ips = add(s.ips, data);
        }
        default -> { }
      }
    }
    return s;
  }

  static String ia5(byte[] data, String error) {
    for (byte b : data) {
      if ((b & 0xff) > 0x7f) {
        throw new X509Exception(error);
      }
    }
    return new String(data, StandardCharsets.US_ASCII);
  }

  private static <T> List<T> add(List<T> list, T item) {
    List<T> l = list == null ? new ArrayList<>() : list;
    l.add(item);
    return l;
  }
}
