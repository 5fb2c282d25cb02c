package dev.gavel.rego.builtins;

import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * net.cidr_merge as OPA computes it: every network becomes a range of 128-bit addresses (IPv4
 * mapped into ::ffff:0:0/96), ranges sorted by last then first address are joined when adjacent
 * or overlapping, a range joined with nothing keeps the network as written, and a joined range
 * becomes the fewest aligned networks covering it. A bare IPv4 address stands for its classful
 * network (10.1.2.3 is 10.1.2.3/8, 172.16.0.1 is /16, 192.0.2.1 is /24), as Go's default mask
 * makes it; a bare IPv6 address is an error.
 */
final class CidrMerge {
  private static final BigInteger V4_MAPPED = BigInteger.valueOf(0xffffL).shiftLeft(32);
  private static final BigInteger V4_SPACE_END = V4_MAPPED.or(BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE));

  private CidrMerge() {}

  /** One input network as a range; {@code text} is its written form, null once it was joined. */
  private record Range(BigInteger first, BigInteger last, String text) {}

  static Value merge(List<Value> elements) {
    List<Range> ranges = new ArrayList<>();
    for (Value v : elements) {
      if (!(v instanceof StringValue s)) {
        throw new BuiltinException("element must be string");
      }
      ranges.add(range(s.value()));
    }
    ranges.sort(Comparator.comparing(Range::last).thenComparing(Range::first));
    for (int i = ranges.size() - 1; i > 0; i--) {
      Range cur = ranges.get(i);
      Range prev = ranges.get(i - 1);
      BigInteger before = cur.first().signum() == 0 || cur.first().equals(V4_MAPPED) ? cur.first() : cur.first().subtract(BigInteger.ONE);
      if (before.compareTo(prev.last()) <= 0) {
        ranges.set(i - 1, new Range(prev.first().min(cur.first()), cur.last(), null));
        ranges.remove(i);
      }
    }
    SetValue.Builder out = SetValue.builder();
    for (Range r : ranges) {
      if (r.text() != null) {
        out.add(StringValue.of(r.text()));
      } else {
        for (String c : cover(r.first(), r.last())) {
          out.add(StringValue.of(c));
        }
      }
    }
    return out.build();
  }

  private static Range range(String s) {
    if (!s.contains("/")) {
      byte[] ip = NetBuiltins.parseIp(s);
      if (ip == null) {
        throw new BuiltinException("invalid CIDR address: " + s);
      }
      if (ip.length == 16) {
        throw new BuiltinException("IPv6 invalid: needs prefix length");
      }
      int first = ip[0] & 0xff;
      int prefix = first < 0x80 ? 8 : first < 0xc0 ? 16 : 24;
      BigInteger addr = new BigInteger(1, ip);
      BigInteger host = BigInteger.ONE.shiftLeft(32 - prefix).subtract(BigInteger.ONE);
      BigInteger base = addr.andNot(host);
      return new Range(V4_MAPPED.or(base), V4_MAPPED.or(base.or(host)), s + "/" + prefix);
    }
    NetBuiltins.Cidr c = NetBuiltins.cidr(s);
    BigInteger offset = c.width() == 32 ? V4_MAPPED : BigInteger.ZERO;
    return new Range(offset.or(c.base()), offset.or(c.last()), c.text());
  }

  /** The fewest aligned networks exactly covering [first, last], written as IPv4 inside the mapped space. */
  private static List<String> cover(BigInteger first, BigInteger last) {
    boolean v4 = first.compareTo(V4_MAPPED) >= 0 && last.compareTo(V4_SPACE_END) <= 0;
    int width = v4 ? 32 : 128;
    BigInteger lo = v4 ? first.subtract(V4_MAPPED) : first;
    BigInteger hi = v4 ? last.subtract(V4_MAPPED) : last;
    List<String> out = new ArrayList<>();
    while (lo.compareTo(hi) <= 0) {
      int size = lo.signum() == 0 ? width : Math.min(lo.getLowestSetBit(), width);
      while (size > 0 && lo.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(hi) > 0) {
        size--;
      }
      out.add(NetBuiltins.format(lo, width) + "/" + (width - size));
      lo = lo.add(BigInteger.ONE.shiftLeft(size));
    }
    return out;
  }
}
