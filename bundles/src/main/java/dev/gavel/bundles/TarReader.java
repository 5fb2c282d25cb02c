package dev.gavel.bundles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the tar formats Go's {@code archive/tar} writes and reads (USTAR, PAX,
 * GNU long names), which is what OPA bundles are. Only regular files and directories are
 * accepted: links, devices, FIFOs, sparse files and unknown types are refused by name, since OPA
 * would skip them silently and a verifier that skips what it cannot see is not verifying. Header
 * checksums are checked; each entry's size is checked against the limit from its header before
 * its data is read; data after the end-of-archive marker must be zero padding.
 */
final class TarReader {
  private static final int BLOCK = 512;

  /** A regular file (name as written in the archive, before {@link BundlePath}), or a directory. */
  record Entry(String name, boolean directory, byte[] data) {}

  private final InputStream in;
  private final BundleLimits limits;
  private final byte[] block = new byte[BLOCK];
  private int entries;

  TarReader(InputStream in, BundleLimits limits) {
    this.in = in;
    this.limits = limits;
  }

  /** Every file and directory entry, in archive order. */
  List<Entry> readAll() throws IOException, BundleException {
    List<Entry> out = new ArrayList<>();
    String longName = null;
    Map<String, String> pax = null;
    while (true) {
      if (!readBlock(true)) {
        return out; // end of stream at a header boundary: Go's reader accepts it too
      }
      if (allZero(block)) {
        if (readBlock(true) && !allZero(block)) {
          throw BundleException.invalid("tar: a single zero block inside the archive");
        }
        drainPadding();
        return out;
      }
      checkChecksum();
      char type = (char) (block[156] & 0xff);
      long size = number(124, 12, "size");
      if (size < 0) {
        throw BundleException.invalid("tar: negative entry size");
      }
      String magic = new String(block, 257, 6, StandardCharsets.ISO_8859_1);
      String name = string(0, 100);
      if (magic.equals("ustar\0")) {
        String prefix = string(345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
      }
      switch (type) {
        case 'x' -> {
          pax = parsePax(readData(size, "PAX header"));
          continue;
        }
        case 'g' -> {
          // Go returns global headers as entries of their own and applies none of their fields.
          parsePax(readData(size, "PAX global header"));
          continue;
        }
        case 'L' -> {
          longName = cString(readData(size, "GNU long name"));
          continue;
        }
        case 'K' -> {
          readData(size, "GNU long link name");
          continue;
        }
        default -> {
          // an entry proper
        }
      }
      if (longName != null) {
        name = longName;
      }
      if (pax != null) {
        if (pax.containsKey("path")) {
          name = pax.get("path");
        }
        if (pax.containsKey("size")) {
          try {
            size = Long.parseLong(pax.get("size"));
          } catch (NumberFormatException e) {
            throw BundleException.invalid("tar: PAX size is not a number: " + pax.get("size"));
          }
        }
        for (String k : pax.keySet()) {
          if (k.startsWith("GNU.sparse.")) {
            throw BundleException.invalid("tar entry " + BundlePath.shown(name) + ": sparse files are not supported");
          }
        }
      }
      String link = pax != null && pax.containsKey("linkpath") ? pax.get("linkpath") : string(157, 100);
      longName = null;
      pax = null;
      if (++entries > limits.maxEntries()) {
        throw BundleException.invalid("bundle has more than " + limits.maxEntries() + " entries (the configured limit)");
      }
      switch (type) {
        case '0', '\0' -> {
          if (size > limits.maxEntryBytes()) {
            throw BundleException.invalid("bundle file " + BundlePath.shown(name) + " size (" + size
                + " bytes) exceeds the configured limit (" + limits.maxEntryBytes() + " bytes)");
          }
          out.add(new Entry(name, false, readData(size, name)));
        }
        case '5' -> {
          readData(size, name);
          out.add(new Entry(name, true, new byte[0]));
        }
        case '1' -> throw BundleException.invalid("tar entry " + BundlePath.shown(name) + " is a hard link (to "
            + BundlePath.shown(link) + "): links are not allowed in a bundle");
        case '2' -> throw BundleException.invalid("tar entry " + BundlePath.shown(name) + " is a symbolic link (to "
            + BundlePath.shown(link) + "): links are not allowed in a bundle");
        case '3' -> throw BundleException.invalid("tar entry " + BundlePath.shown(name) + " is a character device");
        case '4' -> throw BundleException.invalid("tar entry " + BundlePath.shown(name) + " is a block device");
        case '6' -> throw BundleException.invalid("tar entry " + BundlePath.shown(name) + " is a FIFO");
        default -> throw BundleException.invalid("tar entry " + BundlePath.shown(name) + " has unsupported type '"
            + printable(type) + "' (only regular files and directories are allowed)");
      }
    }
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
  }

  /** Reads one block; false at a clean end of stream when {@code eofOk}. */
  private boolean readBlock(boolean eofOk) throws IOException, BundleException {
    int n = in.readNBytes(block, 0, BLOCK);
    if (n == 0 && eofOk) {
      return false;
    }
    if (n < BLOCK) {
      throw BundleException.invalid("tar: archive truncated (a header block is cut short)");
    }
    return true;
  }

  private byte[] readData(long size, String what) throws IOException, BundleException {
    if (size > limits.maxEntryBytes()) {
      throw BundleException.invalid("tar: " + what + " of " + size + " bytes exceeds the configured limit ("
          + limits.maxEntryBytes() + " bytes)");
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw BundleException.invalid("tar: archive truncated inside " + BundlePath.shown(what));
    }
    long pad = (BLOCK - size % BLOCK) % BLOCK;
    if (in.readNBytes((int) pad).length < pad) {
      throw BundleException.invalid("tar: archive truncated inside " + BundlePath.shown(what));
    }
    return data;
  }

  /** After the end marker only zeros may follow (tar pads archives to its record size). */
  private void drainPadding() throws IOException, BundleException {
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        if (buf[i] != 0) {
          throw BundleException.invalid("tar: data after the end-of-archive marker");
        }
      }
    }
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private void checkChecksum() throws BundleException {
    long recorded = number(148, 8, "checksum");
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = (i >= 148 && i < 156) ? ' ' : block[i];
      unsigned += b & 0xff;
      signed += (i >= 148 && i < 156) ? ' ' : block[i];
    }
    if (recorded != unsigned && recorded != signed) {
      throw BundleException.invalid("tar: header checksum mismatch (not a tar archive, or a corrupted one)");
    }
  }

  /** An octal field (NUL/space terminated) or a GNU base-256 number. */
  private long number(int off, int len, String field) throws BundleException {
    if ((block[off] & 0x80) != 0) {
      if ((block[off] & 0x40) != 0) {
        throw BundleException.invalid("tar: negative base-256 " + field);
      }
      long v = block[off] & 0x3f;
      for (int i = 1; i < len; i++) {
        if (v > (Long.MAX_VALUE >> 8)) {
          throw BundleException.invalid("tar: " + field + " too large");
        }
        v = (v << 8) | (block[off + i] & 0xff);
      }
      return v;
    }
    String s = new String(block, off, len, StandardCharsets.ISO_8859_1);
    s = s.replace('\0', ' ').strip();
    if (s.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw BundleException.invalid("tar: " + field + " field is not an octal number (not a tar archive?)");
    }
  }

  private String string(int off, int len) throws BundleException {
    int end = off;
    while (end < off + len && block[end] != 0) {
      end++;
    }
    return utf8(java.util.Arrays.copyOfRange(block, off, end));
  }

  private static String cString(byte[] b) throws BundleException {
    int end = 0;
    while (end < b.length && b[end] != 0) {
      end++;
    }
    return utf8(java.util.Arrays.copyOf(b, end));
  }

  private static String utf8(byte[] b) throws BundleException {
    try {
      return dev.gavel.json.Utf8.decode(b);
    } catch (dev.gavel.json.Json.ParseException e) {
      throw BundleException.invalid("tar: an entry name is not valid UTF-8");
    }
  }

  /** PAX records: "LEN key=value\n", LEN counting the whole record. */
  private static Map<String, String> parsePax(byte[] data) throws BundleException {
    Map<String, String> out = new HashMap<>();
    int i = 0;
    while (i < data.length) {
      int sp = i;
      while (sp < data.length && data[sp] != ' ') {
        sp++;
      }
      int len;
      try {
        len = Integer.parseInt(new String(data, i, sp - i, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw BundleException.invalid("tar: malformed PAX record length");
      }
      if (len <= sp - i + 1 || i + len > data.length || data[i + len - 1] != '\n') {
        throw BundleException.invalid("tar: malformed PAX record");
      }
      String rec = utf8(java.util.Arrays.copyOfRange(data, sp + 1, i + len - 1));
      int eq = rec.indexOf('=');
      if (eq <= 0) {
        throw BundleException.invalid("tar: malformed PAX record (no key)");
      }
      out.put(rec.substring(0, eq), rec.substring(eq + 1));
      i += len;
    }
    return out;
  }
}
