package dev.gavel.bundles;

/**
 * What reading one bundle may cost: how many tar entries, how large one file may be, and how many
 * bytes the whole archive may inflate to. They stop gzip and tar bombs before memory is spent:
 * an entry's size is checked from its header before its data is read, and inflation is counted
 * as it happens. OPA itself limits only the size of each file (1 GiB by default); these defaults
 * are tighter because Gavel holds the whole bundle in memory.
 */
public record BundleLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes) {
  /** 10,000 entries, 64 MiB per file, 256 MiB inflated in all. */
  public static final BundleLimits DEFAULT = new BundleLimits(10_000, 64L << 20, 256L << 20);

  public BundleLimits {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("bundle entry limit must be at least 1 but got " + maxEntries);
    }
    if (maxEntryBytes < 1 || maxEntryBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("bundle file size limit must be between 1 byte and 2 GiB but got " + maxEntryBytes);
    }
    if (maxTotalBytes < 1) {
      throw new IllegalArgumentException("bundle total size limit must be at least 1 byte but got " + maxTotalBytes);
    }
  }

  public BundleLimits withMaxEntries(int n) {
    return new BundleLimits(n, maxEntryBytes, maxTotalBytes);
  }

  public BundleLimits withMaxEntryBytes(long n) {
    return new BundleLimits(maxEntries, n, maxTotalBytes);
  }

  public BundleLimits withMaxTotalBytes(long n) {
    return new BundleLimits(maxEntries, maxEntryBytes, n);
  }
}
