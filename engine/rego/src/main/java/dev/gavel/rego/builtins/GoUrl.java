package dev.gavel.rego.builtins;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * URI references parsed as Go's net/url.Parse parses them (OPA's uri.parse is that function):
 * the scheme is lower-cased, an opaque part after "scheme:" has no path, the authority's userinfo
 * and host are validated, the host and path are percent-decoded by their own rules, and the path
 * keeps its original escaping as {@code rawPath} when that is not the default one. Errors read
 * {@code parse "URL": reason} like Go's.
 */
public record GoUrl(String scheme, String opaque, String[] user, String host, String path, String rawPath, boolean omitHost,
    boolean forceQuery, String rawQuery, String fragment, String rawFragment) {
  /** Go's encoding modes: which bytes each part of a URL may carry unescaped. */
  private enum Mode { PATH, HOST, ZONE, USER_PASSWORD, QUERY_COMPONENT, FRAGMENT }

  /** Parses {@code raw}; throws BuiltinException with Go's wording when it is not a URI reference. */
  public static GoUrl parse(String raw) {
    int hash = raw.indexOf('#');
    String u = hash < 0 ? raw : raw.substring(0, hash);
    String frag = hash < 0 ? "" : raw.substring(hash + 1);
    GoUrl url;
    try {
      url = parseWithoutFragment(u);
    } catch (BuiltinException e) {
      throw new BuiltinException("parse " + GoText.quote(u) + ": " + e.getMessage());
    }
    if (frag.isEmpty()) {
      return url;
    }
    String fragment;
    try {
      fragment = unescape(frag, Mode.FRAGMENT);
    } catch (BuiltinException e) {
      throw new BuiltinException("parse " + GoText.quote(raw) + ": " + e.getMessage());
    }
    String rawFragment = frag.equals(escape(fragment, Mode.FRAGMENT)) ? "" : frag;
    return new GoUrl(url.scheme, url.opaque, url.user, url.host, url.path, url.rawPath, url.omitHost, url.forceQuery,
        url.rawQuery, fragment, rawFragment);
  }

  /** Go's URL.String(): the reference re-assembled with each part escaped by its own rules. */
  public String text() {
    StringBuilder b = new StringBuilder();
    if (!scheme.isEmpty()) {
      b.append(scheme).append(':');
    }
    if (!opaque.isEmpty()) {
      b.append(opaque);
    } else {
      if (!scheme.isEmpty() || !host.isEmpty() || user != null) {
        if (!(omitHost && host.isEmpty() && user == null)) {
          if (!host.isEmpty() || !path.isEmpty() || user != null) {
            b.append("//");
          }
          if (user != null) {
            b.append(escape(user[0], Mode.USER_PASSWORD));
            if (user[1] != null) {
              b.append(':').append(escape(user[1], Mode.USER_PASSWORD));
            }
            b.append('@');
          }
          if (!host.isEmpty()) {
            b.append(escape(host, Mode.HOST));
          }
        }
      }
      String p = escapedPath();
      if (!p.isEmpty() && p.charAt(0) != '/' && !host.isEmpty()) {
        b.append('/');
      }
      if (b.length() == 0) {
        int slash = p.indexOf('/');
        if ((slash < 0 ? p : p.substring(0, slash)).contains(":")) {
          b.append("./");
        }
      }
      b.append(p);
    }
    if (forceQuery || !rawQuery.isEmpty()) {
      b.append('?').append(rawQuery);
    }
    if (!fragment.isEmpty()) {
      b.append('#').append(escapedFragment());
    }
    return b.toString();
  }

  /** Go's EscapedPath(): the path as written when that is a valid encoding of it, else escaped. */
  public String escapedPath() {
    if (!rawPath.isEmpty() && validEncoded(rawPath, Mode.PATH)) {
      try {
        if (unescape(rawPath, Mode.PATH).equals(path)) {
          return rawPath;
        }
      } catch (BuiltinException e) {
        // fall through to the default escaping
      }
    }
    return path.equals("*") ? "*" : escape(path, Mode.PATH);
  }

  private String escapedFragment() {
    if (!rawFragment.isEmpty() && validEncoded(rawFragment, Mode.FRAGMENT)) {
      try {
        if (unescape(rawFragment, Mode.FRAGMENT).equals(fragment)) {
          return rawFragment;
        }
      } catch (BuiltinException e) {
        // fall through to the default escaping
      }
    }
    return escape(fragment, Mode.FRAGMENT);
  }

  private static boolean validEncoded(String s, Mode mode) {
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ("!$&'()*+,;=:@[]%".indexOf(c) >= 0) {
        continue;
      }
      if (shouldEscape(c, mode)) {
        return false;
      }
    }
    return true;
  }

  /** True when the authority had userinfo (Go's URL.User is not nil). */
  public boolean hasUser() {
    return user != null;
  }

  /** Go's Hostname(): the host without port and without IPv6 brackets. */
  public String hostname() {
    String h = splitHostPort()[0];
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  /** Go's Port(): the digits after the last colon when they form a valid port, else "". */
  public String port() {
    return splitHostPort()[1];
  }

  private String[] splitHostPort() {
    int colon = host.lastIndexOf(':');
    if (colon >= 0 && validOptionalPort(host.substring(colon))) {
      return new String[] {host.substring(0, colon), host.substring(colon + 1)};
    }
    return new String[] {host, ""};
  }

  private static GoUrl parseWithoutFragment(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new BuiltinException("net/url: invalid control character in URL");
      }
    }
    if (raw.equals("*")) {
      return new GoUrl("", "", null, "", "*", "", false, false, "", "", "");
    }
    String scheme = "";
    String rest = raw;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
        continue;
      }
      if (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          break;
        }
        continue;
      }
      if (c == ':') {
        if (i == 0) {
          throw new BuiltinException("missing protocol scheme");
        }
        scheme = raw.substring(0, i).toLowerCase(java.util.Locale.ROOT);
        rest = raw.substring(i + 1);
      }
      break;
    }
    String rawQuery = "";
    boolean forceQuery = false;
    if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
      rest = rest.substring(0, rest.length() - 1);
      forceQuery = true;
    } else {
      int q = rest.indexOf('?');
      if (q >= 0) {
        rawQuery = rest.substring(q + 1);
        rest = rest.substring(0, q);
      }
    }
    if (!rest.startsWith("/")) {
      if (!scheme.isEmpty()) {
        return new GoUrl(scheme, rest, null, "", "", "", false, forceQuery, rawQuery, "", "");
      }
      int slash = rest.indexOf('/');
      if ((slash < 0 ? rest : rest.substring(0, slash)).contains(":")) {
        throw new BuiltinException("first path segment in URL cannot contain colon");
      }
    }
    String host = "";
    String[] user = null;
    boolean omitHost = false;
    if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
      String authority = rest.substring(2);
      rest = "";
      int slash = authority.indexOf('/');
      if (slash >= 0) {
        rest = authority.substring(slash);
        authority = authority.substring(0, slash);
      }
      int at = authority.lastIndexOf('@');
      host = parseAuthority(scheme, authority);
      if (at >= 0) {
        String[] parts = authority.substring(0, at).split(":", 2);
        user = new String[] {unescape(parts[0], Mode.USER_PASSWORD),
            parts.length > 1 ? unescape(parts[1], Mode.USER_PASSWORD) : null};
      }
    } else if (!scheme.isEmpty() && rest.startsWith("/")) {
      omitHost = true;
    }
    String path = unescape(rest, Mode.PATH);
    String rawPath = rest.equals(escape(path, Mode.PATH)) ? "" : rest;
    return new GoUrl(scheme, "", user, host, path, rawPath, omitHost, forceQuery, rawQuery, "", "");
  }

  private static String parseAuthority(String scheme, String authority) {
    int at = authority.lastIndexOf('@');
    String host = parseHost(scheme, at < 0 ? authority : authority.substring(at + 1));
    if (at < 0) {
      return host;
    }
    String userinfo = authority.substring(0, at);
    if (!validUserinfo(userinfo)) {
      throw new BuiltinException("net/url: invalid userinfo");
    }
    for (String part : userinfo.split(":", 2)) {
      unescape(part, Mode.USER_PASSWORD);
    }
    return host;
  }

  private static String parseHost(String scheme, String host) {
    int open = host.lastIndexOf('[');
    if (open > 0) {
      throw new BuiltinException("invalid IP-literal");
    }
    if (open == 0) {
      int close = host.lastIndexOf(']');
      if (close < 0) {
        throw new BuiltinException("missing ']' in host");
      }
      String colonPort = host.substring(close + 1);
      if (!validOptionalPort(colonPort)) {
        throw new BuiltinException("invalid port " + GoText.quote(colonPort) + " after host");
      }
      String port = unescape(colonPort, Mode.HOST);
      String name = host.substring(1, close);
      int zone = name.indexOf("%25");
      String unescaped = zone >= 0
          ? unescape(name.substring(0, zone), Mode.HOST) + unescape(name.substring(zone), Mode.ZONE)
          : unescape(name, Mode.HOST);
      int pct = unescaped.indexOf('%');
      byte[] ip = NetBuiltins.parseIp(pct >= 0 ? unescaped.substring(0, pct) : unescaped);
      if (ip == null) {
        throw new BuiltinException("invalid host: ParseAddr(" + GoText.quote(unescaped) + "): unable to parse IP");
      }
      if (ip.length == 4 && !unescaped.contains(":")) {
        throw new BuiltinException("invalid IP-literal");
      }
      return "[" + unescaped + "]" + port;
    }
    int i = host.indexOf(':');
    if (i >= 0) {
      int last = host.lastIndexOf(':');
      if (last != i && !scheme.equals("http") && !scheme.equals("https")) {
        i = last;
      }
      String colonPort = host.substring(i);
      if (!validOptionalPort(colonPort)) {
        throw new BuiltinException("invalid port " + GoText.quote(colonPort) + " after host");
      }
    }
    return unescape(host, Mode.HOST);
  }

  private static boolean validOptionalPort(String port) {
    if (port.isEmpty()) {
      return true;
    }
    if (port.charAt(0) != ':') {
      return false;
    }
    for (int i = 1; i < port.length(); i++) {
      if (port.charAt(i) < '0' || port.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** RFC 3986 userinfo characters (unreserved, sub-delims, ':' and '%'), plus any non-ASCII. */
  private static boolean validUserinfo(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80) {
        continue;
      }
      if ("-._:~!$&'()*+,;=%@".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Go's shouldEscape: whether byte {@code c} must be escaped in a part of kind {@code mode}. */
  private static boolean shouldEscape(int c, Mode mode) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return false;
    }
    if ((mode == Mode.HOST || mode == Mode.ZONE) && "!$&'()*+,;=:[]<>\"".indexOf(c) >= 0) {
      return false;
    }
    if ("-_.~".indexOf(c) >= 0) {
      return false;
    }
    if ("$&+,/:;=?@".indexOf(c) >= 0) {
      switch (mode) {
        case PATH:
          return c == '?';
        case USER_PASSWORD:
          return c == '@' || c == '/' || c == '?' || c == ':';
        case QUERY_COMPONENT:
          return true;
        case FRAGMENT:
          return false;
        default:
          break;
      }
    }
    if (mode == Mode.FRAGMENT && "!()*".indexOf(c) >= 0) {
      return false;
    }
    return true;
  }

  private static boolean isHex(int c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  /** Go's unescape over the UTF-8 bytes of {@code s}, with its checks for hosts and zones. */
  static String unescape(String s, Mode mode) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    for (int i = 0; i < b.length; i++) {
      int c = b[i] & 0xff;
      if (c == '%') {
        if (i + 2 >= b.length || !isHex(b[i + 1]) || !isHex(b[i + 2])) {
          String bad = new String(b, i, Math.min(3, b.length - i), StandardCharsets.UTF_8);
          throw new BuiltinException("invalid URL escape " + GoText.quote(bad));
        }
        int v = Integer.parseInt(new String(b, i + 1, 2, StandardCharsets.US_ASCII), 16);
        String three = new String(b, i, 3, StandardCharsets.US_ASCII);
        if (mode == Mode.HOST && v < 0x80 && !three.equals("%25")) {
          throw new BuiltinException("invalid URL escape " + GoText.quote(three));
        }
        if (mode == Mode.ZONE && !three.equals("%25") && v != ' ' && shouldEscape(v, Mode.HOST)) {
          throw new BuiltinException("invalid URL escape " + GoText.quote(three));
        }
        out.write(v);
        i += 2;
      } else {
        if ((mode == Mode.HOST || mode == Mode.ZONE) && c < 0x80 && shouldEscape(c, mode)) {
          throw new BuiltinException("invalid character " + GoText.quote(Character.toString(c)) + " in host name");
        }
        out.write(c == '+' && mode == Mode.QUERY_COMPONENT ? ' ' : c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String escape(String s, Mode mode) {
    StringBuilder sb = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c == ' ' && mode == Mode.QUERY_COMPONENT) {
        sb.append('+');
      } else if (shouldEscape(c, mode)) {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      } else {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }
}
