package dev.gavel.bundles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes tar entries the same way every time: USTAR headers with mode 0644, owner 0/0, no user or
 * group names and mtime 0; a PAX {@code path} record only for a name USTAR cannot hold; the
 * archive ends with two zero blocks as Go's writer ends it. Entries are written in the order
 * given (the caller sorts them).
 */
final class TarWriter {
  private static final int BLOCK = 512;
  private final OutputStream out;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  /** One regular file named {@code name} (written as given, e.g. {@code /data.json}). */
  void file(String name, byte[] data) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    String prefix = "";
    String shortName = name;
    boolean ascii = nameBytes.length == name.length();
    if (!ascii || nameBytes.length > 100) {
      int split = ascii ? splitPoint(name) : -1;
      if (split > 0) {
        prefix = name.substring(0, split);
        shortName = name.substring(split + 1);
      } else {
        byte[] record = paxRecord("path", name);
        writeHeader("././@PaxHeader", "", record.length, 'x');
        writeData(record);
        shortName = truncatedAscii(name);
      }
    }
    writeHeader(shortName, prefix, data.length, '0');
    writeData(data);
  }

  /** Ends the archive. */
  void finish() throws IOException {
    out.write(new byte[2 * BLOCK]);
  }

  /** Where a USTAR prefix/name split fits (prefix up to 155 bytes, name up to 100), or -1. */
  private static int splitPoint(String name) {
    for (int i = Math.min(name.length() - 1, 155); i > 0; i--) {
      if (name.charAt(i) == '/' && name.length() - i - 1 <= 100 && name.length() - i - 1 > 0) {
        return i;
      }
    }
    return -1;
  }

  private static String truncatedAscii(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length() && sb.length() < 99; i++) {
      char c = name.charAt(i);
      sb.append(c < 0x80 ? c : '_');
    }
    return sb.toString();
  }

  private static byte[] paxRecord(String key, String value) {
    byte[] kv = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
    int len = kv.length;
    int total = len + String.valueOf(len).length();
    if (String.valueOf(total).length() != String.valueOf(len).length()) {
      total = len + String.valueOf(total).length();
    }
    return (total + new String(kv, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
  }

  private void writeHeader(String name, String prefix, long size, char type) throws IOException {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, 0);
    h[156] = (byte) type;
    put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
    put(h, 345, 155, prefix.getBytes(StandardCharsets.UTF_8));
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] chk = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(chk, 0, h, 148, 6);
    h[154] = 0;
    h[155] = ' ';
    out.write(h);
  }

  private void writeData(byte[] data) throws IOException {
    out.write(data);
    int pad = (BLOCK - data.length % BLOCK) % BLOCK;
    out.write(new byte[pad]);
  }

  private static void put(byte[] h, int off, int len, byte[] v) {
    System.arraycopy(v, 0, h, off, Math.min(len, v.length));
  }

  private static void octal(byte[] h, int off, int len, long v) {
    String s = String.format("%0" + (len - 1) + "o", v);
    put(h, off, len - 1, s.getBytes(StandardCharsets.US_ASCII));
    h[off + len - 1] = 0;
  }

  /** The bytes of a tar holding {@code files} in order (for tests and the builder). */
  static byte[] archive(java.util.List<java.util.Map.Entry<String, byte[]>> files) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    TarWriter w = new TarWriter(bos);
    for (var e : files) {
      w.file(e.getKey(), e.getValue());
    }
    w.finish();
    return bos.toByteArray();
  }
}
