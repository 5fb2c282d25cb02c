package dev.gavel.bundles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The files of an OPA bundle (a gzipped tar), each under its canonical name ({@link BundlePath}),
 * in archive order, and the SHA-256 of the archive's bytes. Reading enforces the limits, refuses
 * unsafe entries and duplicate names, and refuses a {@code .manifest} or signatures file anywhere
 * but the root: OPA takes any name ending in {@code .manifest} or {@code signatures.json} for one,
 * so such a file elsewhere would make two readers disagree about what the bundle says.
 * Writing is deterministic: entries sorted by name, fixed modes and times, a fixed gzip header.
 */
public final class BundleArchive {
  public static final String MANIFEST = ".manifest";
  public static final String SIGNATURES = ".signatures.json";

  /** One file: its canonical path (no leading slash) and its bytes. */
  public record File(String path, byte[] bytes) {
    public File {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  private final List<File> files;
  private final String digest;

  private BundleArchive(List<File> files, String digest) {
    this.files = List.copyOf(files);
    this.digest = digest;
  }

  /**
   * Reads a gzipped tar.
   *
   * @throws BundleException INVALID naming the problem (truncated gzip, unsafe entry, limit...)
   */
  public static BundleArchive read(byte[] gzipped, BundleLimits limits) throws BundleException {
    Objects.requireNonNull(gzipped, "gzipped");
    Objects.requireNonNull(limits, "limits");
    List<TarReader.Entry> entries;
    try (InputStream in = new Limited(new GZIPInputStream(new ByteArrayInputStream(gzipped), 65536), limits.maxTotalBytes())) {
      entries = new TarReader(in, limits).readAll();
    } catch (EOFException e) {
      throw BundleException.invalid("truncated gzip stream (the bundle file is cut short)");
    } catch (LimitExceeded e) {
      throw BundleException.invalid(e.getMessage());
    } catch (ZipException e) {
      throw BundleException.invalid("not a gzip file, or corrupt gzip data: " + e.getMessage());
    } catch (IOException e) {
      throw BundleException.invalid("cannot read the archive: " + e.getMessage());
    }
    List<File> files = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (TarReader.Entry e : entries) {
      String path = BundlePath.normalize(e.name(), e.directory());
      if (e.directory()) {
        continue;
      }
      if (!seen.add(path)) {
        throw BundleException.invalid("duplicate entry " + BundlePath.shown(path)
            + " in the archive (two files with one name: which one counts would depend on the reader)");
      }
      checkRole(path);
      files.add(new File(path, e.data()));
    }
    return new BundleArchive(files, sha256(gzipped));
  }

  private static void checkRole(String path) throws BundleException {
    if (path.endsWith(MANIFEST) && !path.equals(MANIFEST)) {
      throw BundleException.invalid(BundlePath.shown(path) + ": only the bundle root may hold the manifest (/.manifest); "
          + "OPA reads any file ending in .manifest as one");
    }
    if (path.endsWith("signatures.json") && !path.equals(SIGNATURES)) {
      throw BundleException.invalid(BundlePath.shown(path) + ": only the bundle root may hold the signatures (/.signatures.json); "
          + "OPA reads any file ending in signatures.json as them");
    }
  }

  /** The bytes of a bundle holding {@code files}: sorted by name, each written as {@code /name}. */
  public static byte[] write(Collection<File> files) {
    List<File> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(File::path, BundleArchive::compareUtf8));
    Set<String> seen = new HashSet<>();
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try {
      // GZIPOutputStream's header is fixed: no name, mtime 0, OS 0.
      try (GZIPOutputStream gz = new GZIPOutputStream(bos, 65536)) {
        TarWriter tw = new TarWriter(gz);
        for (File f : sorted) {
          if (!seen.add(f.path())) {
            throw new IllegalArgumentException("duplicate bundle file " + f.path());
          }
          tw.file("/" + f.path(), f.bytes());
        }
        tw.finish();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  /** Orders names by their UTF-8 bytes (Go's string order), not by UTF-16 units. */
  static int compareUtf8(String a, String b) {
    return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public List<File> files() {
    return files;
  }

  public Optional<File> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /** {@code sha256:<hex>} of the archive bytes as read. */
  public String digest() {
    return digest;
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counts inflated bytes and stops at the limit: a gzip bomb costs at most the limit. */
  private static final class Limited extends FilterInputStream {
    private final long max;
    private long count;

    Limited(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      // Ask for at most one byte past the limit, so crossing it is seen without reading much more.
      long room = max - count;
      int n = super.read(b, off, room < len ? (int) room + 1 : len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(long n) throws IOException {
      count += n;
      if (count > max) {
        throw new LimitExceeded("bundle inflates to more than " + max + " bytes (the configured total limit)");
      }
    }
  }

  private static final class LimitExceeded extends IOException {
    LimitExceeded(String m) {
      super(m);
    }
  }
}
