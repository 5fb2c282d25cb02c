package dev.gavel.rego.builtins;

import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;

/** Decodes a UUID (standard, braced (38 bytes), urn:uuid: or undashed form) into the fields uuid.parse reports. */
final class UuidFields {
  /** 100-ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch. */
  private static final long GREGORIAN_OFFSET = 0x01B21DD213814000L;

  private UuidFields() {}

  static Value parse(String s) {
    // By length, as google/uuid reads it: a 38-byte form is {...} but only its middle is examined.
    String t = s;
    if (t.length() == 36 + 9) {
      if (!t.regionMatches(true, 0, "urn:uuid:", 0, 9)) {
        return null;
      }
      t = t.substring(9);
    } else if (t.length() == 36 + 2) {
      t = t.substring(1, 37);
    }
    if (t.length() == 36) {
      if (t.charAt(8) != '-' || t.charAt(13) != '-' || t.charAt(18) != '-' || t.charAt(23) != '-') {
        return null;
      }
      t = t.replace("-", "");
    }
    if (t.length() != 32 || !t.toLowerCase(Locale.ROOT).matches("[0-9a-f]{32}")) {
      return null;
    }
    byte[] b = HexFormat.of().parseHex(t.toLowerCase(Locale.ROOT));
    int version = (b[6] & 0xf0) >> 4;
    ObjectValue.Builder o = ObjectValue.builder();
    o.put("version", NumberValue.of(version));
    o.put("variant", StringValue.of(variant(b[8])));
    if (version == 1 || version == 2) {
      long timeLow = version == 2 ? 0 : ((b[0] & 0xffL) << 24 | (b[1] & 0xffL) << 16 | (b[2] & 0xffL) << 8 | (b[3] & 0xffL));
      long timeMid = (b[4] & 0xffL) << 8 | (b[5] & 0xffL);
      long timeHi = (b[6] & 0x0fL) << 8 | (b[7] & 0xffL);
      long ticks = timeHi << 48 | timeMid << 32 | timeLow;
      if (version == 2) {
        ticks = timeHi << 48 | timeMid << 32 | ((b[0] & 0xffL) << 24 | (b[1] & 0xffL) << 16 | (b[2] & 0xffL) << 8 | (b[3] & 0xffL));
      }
      o.put("time", NumberValue.of(BigInteger.valueOf(ticks - GREGORIAN_OFFSET).multiply(BigInteger.valueOf(100))));
      o.put("clocksequence", NumberValue.of(((b[8] & 0xff) << 8 | (b[9] & 0xff)) & 0x3fff));
      StringBuilder node = new StringBuilder();
      for (int i = 10; i < 16; i++) {
        if (i > 10) {
          node.append('-');
        }
        node.append(String.format("%02x", b[i] & 0xff));
      }
      o.put("nodeid", StringValue.of(node.toString()));
      o.put("macvariables", StringValue.of(((b[10] & 0x02) != 0 ? "local" : "global") + ":"
          + ((b[10] & 0x01) != 0 ? "multicast" : "unicast")));
      if (version == 2) {
        long id = (b[0] & 0xffL) << 24 | (b[1] & 0xffL) << 16 | (b[2] & 0xffL) << 8 | (b[3] & 0xffL);
        o.put("id", NumberValue.of(id));
        int d = b[9] & 0xff;
        o.put("domain", StringValue.of(d == 0 ? "Person" : d == 1 ? "Group" : d == 2 ? "Org" : "Domain" + d));
      }
    }
    return o.build();
  }

  private static String variant(byte b) {
    int v = b & 0xff;
    if ((v & 0x80) == 0) {
      return "Reserved";
    }
    if ((v & 0xc0) == 0x80) {
      return "RFC4122";
    }
    if ((v & 0xe0) == 0xc0) {
      return "Microsoft";
    }
    return "Future";
  }
}
