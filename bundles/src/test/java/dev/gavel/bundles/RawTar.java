package dev.gavel.bundles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Builds tar archives entry by entry with any type, name or size, to make hostile bundles in tests. */
final class RawTar {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  RawTar file(String name, String content) {
    return entry(name, '0', "", content.getBytes(StandardCharsets.UTF_8));
  }

  RawTar file(String name, byte[] content) {
    return entry(name, '0', "", content);
  }

  RawTar entry(String name, char type, String link, byte[] content) {
    return header(name, type, link, content.length).data(content);
  }

  /** A header claiming {@code size} bytes (the data is written separately, or not at all). */
  RawTar header(String name, char type, String link, long size) {
    byte[] h = new byte[512];
    put(h, 0, name.getBytes(StandardCharsets.UTF_8));
    put(h, 100, "0000644\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 108, "0000000\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 116, "0000000\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 124, String.format("%011o\0", size).getBytes(StandardCharsets.US_ASCII));
    put(h, 136, "00000000000\0".getBytes(StandardCharsets.US_ASCII));
    h[156] = (byte) type;
    put(h, 157, link.getBytes(StandardCharsets.UTF_8));
    put(h, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, "00".getBytes(StandardCharsets.US_ASCII));
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(h);
    return this;
  }

  RawTar data(byte[] content) {
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512]);
    return this;
  }

  RawTar raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  /** The tar with its end marker. */
  byte[] tar() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(new byte[1024]);
    return copy.toByteArray();
  }

  byte[] gzip() {
    return gzip(tar());
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  private static void put(byte[] h, int off, byte[] v) {
    System.arraycopy(v, 0, h, off, v.length);
  }
}
