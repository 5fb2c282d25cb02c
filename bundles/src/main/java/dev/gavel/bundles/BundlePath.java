package dev.gavel.bundles;

/**
 * The one rule for names inside a bundle. OPA's own writer roots every entry at {@code /}
 * ({@code /data.json}) and {@code tar -C dir .} writes {@code ./data.json}; both mean the bundle
 * root and are accepted. Everything that could name a place outside the bundle, or name one file
 * two ways, is refused: {@code ..} and {@code .} segments, empty segments ({@code //etc/passwd},
 * {@code a//b}), backslashes, drive letters ({@code C:}), NUL and other control characters.
 * Bundles are never extracted to disk, but a name that could escape an extraction root is a sign
 * of a hostile archive, and refusing it keeps every file's name unique.
 */
final class BundlePath {
  private BundlePath() {}

  /** The canonical name ({@code a/b/data.json}: no leading slash) of a tar entry name. */
  static String normalize(String raw, boolean directory) throws BundleException {
    if (raw.isEmpty()) {
      throw BundleException.invalid("tar entry with an empty name");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw BundleException.invalid("tar entry " + shown(raw) + ": control character in its name");
      }
      if (c == '\\') {
        throw BundleException.invalid("tar entry " + shown(raw) + ": backslash in its name (a Windows path?)");
      }
    }
    if (raw.length() >= 2 && raw.charAt(1) == ':' && Character.isLetter(raw.charAt(0))) {
      throw BundleException.invalid("tar entry " + shown(raw) + ": absolute path (drive letter)");
    }
    String p = raw;
    if (p.startsWith("./")) {
      p = p.substring(2);
    } else if (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (directory && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty() || p.equals(".")) {
      if (directory) {
        return "";
      }
      throw BundleException.invalid("tar entry " + shown(raw) + ": names no file");
    }
    for (String seg : p.split("/", -1)) {
      if (seg.isEmpty()) {
        throw BundleException.invalid("tar entry " + shown(raw) + (raw.startsWith("//") ? ": absolute path" : ": empty path segment"));
      }
      if (seg.equals("..")) {
        throw BundleException.invalid("tar entry " + shown(raw) + ": '..' in its path (escapes the bundle)");
      }
      if (seg.equals(".")) {
        throw BundleException.invalid("tar entry " + shown(raw) + ": '.' in its path");
      }
    }
    return p;
  }

  /** The base name (after the last slash). */
  static String base(String path) {
    int i = path.lastIndexOf('/');
    return i < 0 ? path : path.substring(i + 1);
  }

  /** The directory part ({@code a/b} of {@code a/b/data.json}; empty at the root). */
  static String dir(String path) {
    int i = path.lastIndexOf('/');
    return i < 0 ? "" : path.substring(0, i);
  }

  /** A name quoted for a message, with anything unprintable escaped. */
  static String shown(String raw) {
    return dev.gavel.json.JsonStrings.quote(raw);
  }
}
