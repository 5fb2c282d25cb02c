package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * net.cidr_* over IPv4 and IPv6. Addresses are parsed here, never resolved: no DNS, no I/O.
 * net.lookup_ip_addr is declared but refuses to run (it needs the network): mock it with
 * {@code with}.
 */
public final class NetBuiltins implements BuiltinFamily {
  private static final Type S = Type.STRING;
  private static final int EXPAND_LIMIT = 1 << 16;

  /** A network: address bits, prefix length and family width (32 or 128). */
  record Cidr(BigInteger base, int prefix, int width) {
    BigInteger last() {
      return base.or(BigInteger.ONE.shiftLeft(width - prefix).subtract(BigInteger.ONE));
    }

    boolean contains(Cidr o) {
      return width == o.width && prefix <= o.prefix && base.compareTo(o.base) <= 0 && last().compareTo(o.last()) >= 0;
    }

    String text() {
      return format(base, width) + "/" + prefix;
    }
  }

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("net.cidr_contains", Type.BOOLEAN, Param.of("cidr", S), Param.of("cidr_or_ip", S)),
        (ctx, a) -> BooleanValue.of(contains(str(a.get(0)), str(a.get(1)))));
    Type matchable = Type.anyOf(S, Type.arrayOf(Type.anyOf(S, Type.arrayOf(Type.ANY))),
        Type.objectOf(S, Type.anyOf(S, Type.arrayOf(Type.ANY))), Type.setOf(Type.anyOf(S, Type.arrayOf(Type.ANY))));
    r.register(BuiltinDecl.of("net.cidr_contains_matches", Type.setOf(Type.tuple(Type.ANY, Type.ANY)),
            Param.of("cidrs", matchable), Param.of("cidrs_or_ips", matchable)),
        (ctx, a) -> containsMatches(a.get(0), a.get(1)));
    r.register(BuiltinDecl.of("net.cidr_intersects", Type.BOOLEAN, Param.of("cidr1", S), Param.of("cidr2", S)),
        (ctx, a) -> {
          Cidr x = cidr(str(a.get(0)));
          Cidr y = cidr(str(a.get(1)));
          return BooleanValue.of(x.width() == y.width() && x.base().compareTo(y.last()) <= 0 && y.base().compareTo(x.last()) <= 0);
        });
    r.register(BuiltinDecl.of("net.cidr_is_valid", Type.BOOLEAN, Param.of("cidr", S)), (ctx, a) -> {
      try {
        cidr(str(a.get(0)));
        return BooleanValue.TRUE;
      } catch (BuiltinException e) {
        return BooleanValue.FALSE;
      }
    });
    r.register(BuiltinDecl.of("net.cidr_expand", Type.setOf(S), Param.of("cidr", S)), (ctx, a) -> {
      Cidr c = cidr(str(a.get(0)));
      BigInteger n = c.last().subtract(c.base()).add(BigInteger.ONE);
      if (n.compareTo(BigInteger.valueOf(EXPAND_LIMIT)) > 0) {
        throw new BuiltinException("cidr " + str(a.get(0)) + " has more than " + EXPAND_LIMIT + " addresses");
      }
      ctx.charge(n.longValue());
      Set<Value> out = new LinkedHashSet<>();
      for (BigInteger x = c.base(); x.compareTo(c.last()) <= 0; x = x.add(BigInteger.ONE)) {
        out.add(StringValue.of(format(x, c.width())));
      }
      return SetValue.of(out);
    });
    r.register(BuiltinDecl.of("net.cidr_merge", Type.setOf(S), Param.of("addrs", Type.anyOf(Type.arrayOf(Type.anyOf(S)), Type.setOf(S)))),
        (ctx, a) -> CidrMerge.merge(Operands.elements(1, a.get(0))));
    r.register(BuiltinDecl.of("net.lookup_ip_addr", Type.setOf(S), Param.of("name", S)).asNondeterministic(),
        (ctx, a) -> {
          // An address needs no lookup (Go's resolver answers it without I/O); a name would.
          byte[] literal = parseIp(str(a.get(0)));
          if (literal != null) {
            return SetValue.of(StringValue.of(format(new BigInteger(1, literal), literal.length * 8)));
          }
          throw new BuiltinException("DNS lookups are disabled in the embedded engine (it does no network I/O);"
              + " mock the call (with net.lookup_ip_addr as {\"10.0.0.1\"}, or as a function) or evaluate with OPA");
        });
  }

  /** net.cidr_contains: the first operand a network, the second an address or a network. */
  static boolean contains(String network, String addressOrNetwork) {
    return cidr(network).contains(cidrOrIp(addressOrNetwork));
  }

  /**
   * Pairs [key1, key2] where network 1 contains address or network 2. A collection operand's key
   * is the array index, the set element or the object key; its network is the element itself
   * or, for an array element, the element's first item (so [cidr, data] tuples can be matched).
   */
  private static Value containsMatches(Value cidrs, Value targets) {
    SetValue.Builder out = SetValue.builder();
    for (Value[] x : matchEntries(1, cidrs)) {
      for (Value[] y : matchEntries(2, targets)) {
        if (contains(str(x[1]), str(y[1]))) {
          out.add(dev.gavel.rego.value.ArrayValue.of(x[0], y[0]));
        }
      }
    }
    return out.build();
  }

  /** {key, network string} pairs of one operand of net.cidr_contains_matches. */
  private static List<Value[]> matchEntries(int position, Value v) {
    List<Value[]> out = new ArrayList<>();
    if (v instanceof StringValue) {
      out.add(new Value[] {v, v});
    } else if (v instanceof dev.gavel.rego.value.ArrayValue a) {
      for (int i = 0; i < a.size(); i++) {
        out.add(new Value[] {dev.gavel.rego.value.NumberValue.of(i), matchNetwork(position, a.get(i))});
      }
    } else if (v instanceof SetValue set) {
      for (Value e : set.elements()) {
        out.add(new Value[] {e, matchNetwork(position, e)});
      }
    } else if (v instanceof dev.gavel.rego.value.ObjectValue o) {
      for (Value k : o.keys()) {
        out.add(new Value[] {k, matchNetwork(position, o.get(k))});
      }
    }
    return out;
  }

  private static Value matchNetwork(int position, Value e) {
    if (e instanceof StringValue) {
      return e;
    }
    if (e instanceof dev.gavel.rego.value.ArrayValue a && a.size() > 0 && a.get(0) instanceof StringValue) {
      return a.get(0);
    }
    throw new BuiltinException("operand " + position + ": element must be string or non-empty array");
  }

  private static String str(Value v) {
    return ((StringValue) v).value();
  }

  static Cidr cidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw new BuiltinException("invalid CIDR address: " + s);
    }
    byte[] ip = parseIp(s.substring(0, slash));
    if (ip == null) {
      throw new BuiltinException("invalid CIDR address: " + s);
    }
    int width = ip.length * 8;
    int prefix;
    try {
      prefix = Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new BuiltinException("invalid CIDR address: " + s);
    }
    if (prefix < 0 || prefix > width) {
      throw new BuiltinException("invalid CIDR address: " + s);
    }
    BigInteger mask = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE).shiftRight(prefix).not();
    return new Cidr(new BigInteger(1, ip).and(mask).and(BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE)), prefix, width);
  }

  private static Cidr cidrOrIp(String s) {
    if (s.contains("/")) {
      try {
        return cidr(s);
      } catch (BuiltinException e) {
        throw new BuiltinException("not a valid textual representation of an IP address or CIDR: " + s);
      }
    }
    byte[] ip = parseIp(s);
    if (ip == null) {
      throw new BuiltinException("not a valid textual representation of an IP address or CIDR: " + s);
    }
    return new Cidr(new BigInteger(1, ip), ip.length * 8, ip.length * 8);
  }

  /** Dotted-quad IPv4 or RFC 4291 IPv6 text to bytes; null when malformed. */
  static byte[] parseIp(String s) {
    if (s.contains(":")) {
      return parseIpv6(s);
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
        return null;
      }
      int v = Integer.parseInt(parts[i]);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] parseIpv6(String s) {
    int dbl = s.indexOf("::");
    if (dbl != s.lastIndexOf("::") && dbl >= 0) {
      return null;
    }
    List<Integer> head = new ArrayList<>();
    List<Integer> tail = new ArrayList<>();
    byte[] v4 = null;
    String[] halves = dbl >= 0 ? new String[] {s.substring(0, dbl), s.substring(dbl + 2)} : new String[] {s};
    for (int h = 0; h < halves.length; h++) {
      if (halves[h].isEmpty()) {
        continue;
      }
      String[] groups = halves[h].split(":", -1);
      for (int g = 0; g < groups.length; g++) {
        String grp = groups[g];
        if (grp.contains(".") && h == halves.length - 1 && g == groups.length - 1) {
          v4 = parseIp(grp);
          if (v4 == null) {
            return null;
          }
          continue;
        }
        if (grp.isEmpty() || grp.length() > 4 || !grp.matches("[0-9a-fA-F]+")) {
          return null;
        }
        (h == 0 ? head : tail).add(Integer.parseInt(grp, 16));
      }
    }
    int groups = head.size() + tail.size() + (v4 != null ? 2 : 0);
    if (groups > 8 || (dbl < 0 && groups != 8)) {
      return null;
    }
    byte[] out = new byte[16];
    int i = 0;
    for (int g : head) {
      out[i++] = (byte) (g >> 8);
      out[i++] = (byte) g;
    }
    i = 16 - tail.size() * 2 - (v4 != null ? 4 : 0);
    for (int g : tail) {
      out[i++] = (byte) (g >> 8);
      out[i++] = (byte) g;
    }
    if (v4 != null) {
      System.arraycopy(v4, 0, out, 12, 4);
    }
    return out;
  }

  /** An address of {@code width} bits as text: dotted quad, or RFC 5952 IPv6. */
  public static String format(BigInteger v, int width) {
    byte[] raw = v.toByteArray();
    byte[] b = new byte[width / 8];
    int copy = Math.min(raw.length, b.length);
    System.arraycopy(raw, raw.length - copy, b, b.length - copy, copy);
    if (width == 32) {
      return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
