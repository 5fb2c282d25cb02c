package dev.gavel.rego.builtins.x509;

import java.util.List;
import java.util.Map;

/** Go's x509.SignatureAlgorithm numbers for a signature AlgorithmIdentifier (0 when unknown). */
final class SignatureAlgorithms {
  private SignatureAlgorithms() {}

  private static final Map<String, Integer> BY_OID = Map.ofEntries(
      Map.entry("1.2.840.113549.1.1.4", 2), Map.entry("1.2.840.113549.1.1.5", 3), Map.entry("1.3.14.3.2.29", 3),
      Map.entry("1.2.840.113549.1.1.11", 4), Map.entry("1.2.840.113549.1.1.12", 5), Map.entry("1.2.840.113549.1.1.13", 6),
      Map.entry("1.2.840.10040.4.3", 7), Map.entry("2.16.840.1.101.3.4.3.2", 8), Map.entry("1.2.840.10045.4.1", 9),
      Map.entry("1.2.840.10045.4.3.2", 10), Map.entry("1.2.840.10045.4.3.3", 11), Map.entry("1.2.840.10045.4.3.4", 12));
  private static final String PSS = "1.2.840.113549.1.1.10";
  private static final String ED25519 = "1.3.101.112";

  static int of(Der.Element algorithmIdentifier) {
    Der d = algorithmIdentifier.reader();
    String oid;
    Der.Element params;
    try {
      oid = Der.oidText(Der.oid(d.next(Der.OID)));
      params = d.isEmpty() ? null : d.next();
    } catch (IllegalArgumentException e) {
      throw new X509Exception("x509: malformed OID");
    }
    if (oid.equals(ED25519)) {
      return params == null ? 16 : 0;
    }
    if (!oid.equals(PSS)) {
      return BY_OID.getOrDefault(oid, 0);
    }
    return pss(params);
  }

  /** RSASSA-PSS: only SHA-256/384/512 with MGF1 over the same hash, salt = hash length, trailer 1. */
  private static int pss(Der.Element params) {
    try {
      Der p = params.reader();
      String hash = "1.3.14.3.2.26";
      String mgfHash = "1.3.14.3.2.26";
      int salt = 20;
      while (!p.isEmpty()) {
        Der.Element tagged = p.next();
        Der inner = tagged.reader();
        switch (tagged.tag()) {
          case 0xa0 -> hash = Der.oidText(Der.oid(inner.next(Der.SEQUENCE).reader().next(Der.OID)));
          case 0xa1 -> {
            Der mgf = inner.next(Der.SEQUENCE).reader();
            if (!Der.oidText(Der.oid(mgf.next(Der.OID))).equals("1.2.840.113549.1.1.8")) {
              return 0;
            }
            mgfHash = Der.oidText(Der.oid(mgf.next(Der.SEQUENCE).reader().next(Der.OID)));
          }
          case 0xa2 -> salt = Der.integer(inner.next(Der.INTEGER)).intValueExact();
          case 0xa3 -> {
            if (Der.integer(inner.next(Der.INTEGER)).intValueExact() != 1) {
              return 0;
            }
          }
          default -> {
            return 0;
          }
        }
      }
      if (!hash.equals(mgfHash)) {
        return 0;
      }
      return switch (hash) {
        case "2.16.840.1.101.3.4.2.1" -> salt == 32 ? 13 : 0;
        case "2.16.840.1.101.3.4.2.2" -> salt == 48 ? 14 : 0;
        case "2.16.840.1.101.3.4.2.3" -> salt == 64 ? 15 : 0;
        default -> 0;
      };
    } catch (IllegalArgumentException | ArithmeticException | NullPointerException e) {
      return 0;
    }
  }

  static final List<String> EKU_OIDS = List.of("2.5.29.37.0", "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2",
      "1.3.6.1.5.5.7.3.3", "1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.5", "1.3.6.1.5.5.7.3.6", "1.3.6.1.5.5.7.3.7",
      "1.3.6.1.5.5.7.3.8", "1.3.6.1.5.5.7.3.9", "1.3.6.1.4.1.311.10.3.3", "2.16.840.1.113730.4.1",
      "1.3.6.1.4.1.311.2.1.22", "1.3.6.1.4.1.311.61.1.1");
}
