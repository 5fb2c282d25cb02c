package dev.gavel.rego.builtins.x509;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict reader of DER (X.690) over a byte range: one element at a time, with its tag, its full
 * encoding and its contents. Lengths must be definite and minimal; a malformed element is an
 * {@link IllegalArgumentException} that callers turn into Go's x509 message for the field.
 */
final class Der {
  static final int BOOLEAN = 0x01;
  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;
  static final int UTF8_STRING = 0x0c;
  static final int PRINTABLE_STRING = 0x13;
  static final int T61_STRING = 0x14;
  static final int IA5_STRING = 0x16;
  static final int UTC_TIME = 0x17;
  static final int GENERALIZED_TIME = 0x18;
  static final int BMP_STRING = 0x1e;
  static final int NUMERIC_STRING = 0x12;
  static final int SEQUENCE = 0x30;
  static final int SET = 0x31;

  private final byte[] buf;
  private int pos;
  private final int end;

  Der(byte[] buf) {
    this(buf, 0, buf.length);
  }

  private Der(byte[] buf, int from, int to) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
  }

  /** One element: {@code tag} is the identifier octet; {@code start}..{@code end} spans the whole encoding. */
  record Element(byte[] buf, int tag, int start, int contentStart, int end) {
    byte[] encoded() {
      return Arrays.copyOfRange(buf, start, end);
    }

    byte[] contents() {
      return Arrays.copyOfRange(buf, contentStart, end);
    }

    Der reader() {
      return new Der(buf, contentStart, end);
    }

    boolean is(int t) {
      return tag == t;
    }
  }

  boolean isEmpty() {
    return pos >= end;
  }

  /** The tag of the next element, or -1 at the end. */
  int peekTag() {
    return pos < end ? buf[pos] & 0xff : -1;
  }

  int position() {
    return pos;
  }

  Element next() {
    if (pos >= end) {
      throw new IllegalArgumentException("unexpected end of data");
    }
    int start = pos;
    int tag = buf[pos++] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new IllegalArgumentException("high tag numbers are not supported");
    }
    if (pos >= end) {
      throw new IllegalArgumentException("truncated length");
    }
    int first = buf[pos++] & 0xff;
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int n = first & 0x7f;
      if (n == 0 || n > 4) {
        throw new IllegalArgumentException("unsupported length");
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        if (pos >= end) {
          throw new IllegalArgumentException("truncated length");
        }
        length = (length << 8) | (buf[pos++] & 0xff);
      }
      if (length < 0x80 || (n > 1 && length < (1L << (8 * (n - 1))))) {
        throw new IllegalArgumentException("non-minimal length");
      }
    }
    if (length > end - pos) {
      throw new IllegalArgumentException("element longer than its container");
    }
    int contentStart = pos;
    pos += (int) length;
    return new Element(buf, tag, start, contentStart, pos);
  }

  /** The next element, which must have tag {@code tag}. */
  Element next(int tag) {
    Element e = next();
    if (e.tag() != tag) {
      throw new IllegalArgumentException("expected tag " + tag + " but found " + e.tag());
    }
    return e;
  }

  /** The next element when it has tag {@code tag}, else null (nothing consumed). */
  Element optional(int tag) {
    return peekTag() == tag ? next() : null;
  }

  static BigInteger integer(Element e) {
    byte[] c = e.contents();
    if (c.length == 0) {
      throw new IllegalArgumentException("empty integer");
    }
    return new BigInteger(c);
  }

  static boolean bool(Element e) {
    byte[] c = e.contents();
    if (c.length != 1 || (c[0] != 0 && c[0] != (byte) 0xff)) {
      throw new IllegalArgumentException("invalid boolean");
    }
    return c[0] != 0;
  }

  /** An OID's arcs. */
  static List<Long> oid(Element e) {
    byte[] c = e.contents();
    if (c.length == 0) {
      throw new IllegalArgumentException("empty OID");
    }
    List<Long> arcs = new ArrayList<>();
    long v = 0;
    for (int i = 0; i < c.length; i++) {
      v = (v << 7) | (c[i] & 0x7f);
      if ((c[i] & 0x80) == 0) {
        if (arcs.isEmpty()) {
          long first = v < 80 ? v / 40 : 2;
          arcs.add(first);
          arcs.add(v - first * 40);
        } else {
          arcs.add(v);
        }
        v = 0;
      } else if (v > (Long.MAX_VALUE >> 7)) {
        throw new IllegalArgumentException("OID arc too large");
      }
    }
    if ((c[c.length - 1] & 0x80) != 0) {
      throw new IllegalArgumentException("truncated OID");
    }
    return arcs;
  }

  static String oidText(List<Long> arcs) {
    StringBuilder sb = new StringBuilder();
    for (long a : arcs) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(a);
    }
    return sb.toString();
  }

  /** A BIT STRING's bits as bytes, right-aligned the way Go's RightAlign does it. */
  static byte[] bitString(Element e) {
    byte[] c = e.contents();
    if (c.length == 0 || (c[0] & 0xff) > 7 || (c.length == 1 && c[0] != 0)) {
      throw new IllegalArgumentException("invalid bit string");
    }
    int unused = c[0];
    byte[] bits = Arrays.copyOfRange(c, 1, c.length);
    if (unused == 0) {
      return bits;
    }
    byte[] out = new byte[bits.length];
    int carry = 0;
    for (int i = 0; i < bits.length; i++) {
      int b = bits[i] & 0xff;
      out[i] = (byte) ((carry << (8 - unused)) | (b >> unused));
      carry = b & ((1 << unused) - 1);
    }
    return out;
  }

  /** Bit {@code i} (0 is the most significant bit of the first byte) of a BIT STRING. */
  static boolean bit(Element e, int i) {
    byte[] c = e.contents();
    int unused = c.length > 0 ? c[0] : 0;
    int byteIndex = 1 + i / 8;
    if (byteIndex >= c.length || (byteIndex == c.length - 1 && (7 - i % 8) < unused)) {
      return false;
    }
    return ((c[byteIndex] >> (7 - i % 8)) & 1) == 1;
  }

  /** UTCTime (two-digit years from 1950) or GeneralizedTime, seconds precision, UTC. */
  static Instant time(Element e) {
    String s = new String(e.contents(), StandardCharsets.US_ASCII);
    try {
      if (e.tag() == UTC_TIME) {
        if (!s.matches("\\d{12}Z")) {
          throw new IllegalArgumentException("malformed UTCTime");
        }
        int yy = Integer.parseInt(s.substring(0, 2));
        int year = yy < 50 ? 2000 + yy : 1900 + yy;
        return at(year, s.substring(2));
      }
      if (e.tag() == GENERALIZED_TIME) {
        if (!s.matches("\\d{14}Z")) {
          throw new IllegalArgumentException("malformed GeneralizedTime");
        }
        return at(Integer.parseInt(s.substring(0, 4)), s.substring(4));
      }
    } catch (java.time.DateTimeException ex) {
      throw new IllegalArgumentException("malformed time");
    }
    throw new IllegalArgumentException("unsupported time format");
  }

  private static Instant at(int year, String mmddhhmmss) {
    return LocalDateTime.of(year, Integer.parseInt(mmddhhmmss.substring(0, 2)), Integer.parseInt(mmddhhmmss.substring(2, 4)),
        Integer.parseInt(mmddhhmmss.substring(4, 6)), Integer.parseInt(mmddhhmmss.substring(6, 8)),
        Integer.parseInt(mmddhhmmss.substring(8, 10))).toInstant(ZoneOffset.UTC);
  }
}
