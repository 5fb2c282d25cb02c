package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The NameConstraints extension: permitted and excluded DNS, IP, email and URI subtrees. */
final class NameConstraints {
  private NameConstraints() {}

  /** Fills the constraint lists of {@code out}; true when a subtree kind Go does not handle appeared. */
  static boolean parse(Extensions out, Extensions.Raw e) {
    Der top;
    try {
      Der outer = new Der(e.value());
      top = outer.next(Der.SEQUENCE).reader();
      if (!outer.isEmpty()) {
        throw new IllegalArgumentException("trailing data");
      }
    } catch (IllegalArgumentException ex) {
      throw new X509Exception("x509: invalid NameConstraints extension");
    }
    Der.Element permitted = top.optional(0xa0);
    Der.Element excluded = top.optional(0xa1);
    if (!top.isEmpty()) {
      throw new X509Exception("x509: invalid NameConstraints extension");
    }
    boolean emptyP = permitted == null || permitted.end() == permitted.contentStart();
    boolean emptyE = excluded == null || excluded.end() == excluded.contentStart();
    if (emptyP && emptyE) {
      throw new X509Exception("x509: empty name constraints extension");
    }
    boolean unhandled = false;
    if (permitted != null) {
      unhandled |= subtrees(permitted, out.permitted);
    }
    if (excluded != null) {
      unhandled |= subtrees(excluded, out.excluded);
    }
    out.nameConstraintsCritical = e.critical();
    return unhandled;
  }

  private static boolean subtrees(Der.Element list, Extensions.Constraints into) {
    boolean unhandled = false;
    Der d = list.reader();
    while (!d.isEmpty()) {
      Der.Element value;
      try {
        value = d.next(Der.SEQUENCE).reader().next();
      } catch (IllegalArgumentException e) {
        throw new X509Exception("x509: invalid NameConstraints extension");
      }
      byte[] v = value.contents();
      switch (value.tag()) {
        case 0x82 -> into.dns = add(into.dns, Sans.ia5(v, "x509: invalid constraint value: invalid IA5String"));
        case 0x81 -> into.emails = add(into.emails, Sans.ia5(v, "x509: invalid constraint value: invalid IA5String"));
        case 0x86 -> into.uris = add(into.uris, Sans.ia5(v, "x509: invalid constraint value: invalid IA5String"));
        case 0x87 -> {
          if (v.length != 8 && v.length != 32) {
            throw new X509Exception("x509: IP constraint contained value of length " + v.length);
          }
          byte[] ip = Arrays.copyOf(v, v.length / 2);
          byte[] mask = Arrays.copyOfRange(v, v.length / 2, v.length);
          if (!validMask(mask)) {
            StringBuilder hex = new StringBuilder();
            for (byte b : mask) {
              hex.append(String.format("%02x", b & 0xff));
            }
            throw new X509Exception("x509: IP constraint contained invalid mask " + hex);
          }
          Value net = ObjectValue.builder().put("IP", StringValue.of(Extensions.ipText(ip))).put("Mask", GoJson.bytes(mask)).build();
          into.ips = add(into.ips, net);
        }
        default -> unhandled = true;
      }
    }
    return unhandled;
  }

  private static boolean validMask(byte[] mask) {
    boolean seenZero = false;
    for (byte x : mask) {
      int b = x & 0xff;
      if (seenZero) {
        if (b != 0) {
          return false;
        }
        continue;
      }
      if (b == 0x00 || b == 0x80 || b == 0xc0 || b == 0xe0 || b == 0xf0 || b == 0xf8 || b == 0xfc || b == 0xfe) {
        seenZero = true;
      } else if (b != 0xff) {
        return false;
      }
    }
    return true;
  }

  private static <T> List<T> add(List<T> list, T item) {
    List<T> l = list == null ? new ArrayList<>() : list;
    l.add(item);
    return l;
  }
}
