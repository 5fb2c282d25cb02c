package dev.gavel.http.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per identity key: {@code perSecond} requests refill continuously up to
 * {@code burst}. {@link #acquire} answers 0 when the request may go, otherwise the whole seconds
 * to wait (for Retry-After). Keys idle long enough to be full again are dropped when the table
 * grows, so memory stays bounded by the number of active callers.
 */
public final class RateLimiter {
  private static final int MAX_KEYS = 100_000;
  private final double perSecond;
  private final int burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }

  public RateLimiter(double perSecond, int burst) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** 0 when allowed (one token taken), else the seconds until a token is available (at least 1). */
  public long acquire(String key, long nowNanos) {
    if (buckets.size() > MAX_KEYS) {
      buckets.entrySet().removeIf(e -> refill(e.getValue(), nowNanos) >= burst);
    }
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, nowNanos));
    synchronized (b) {
      double t = refill(b, nowNanos);
      b.updated = nowNanos;
      if (t >= 1) {
        b.tokens = t - 1;
        return 0;
      }
      b.tokens = t;
      return Math.max(1, (long) Math.ceil((1 - t) / perSecond));
    }
  }

  private double refill(Bucket b, long nowNanos) {
    synchronized (b) {
      return Math.min(burst, b.tokens + (nowNanos - b.updated) / 1e9 * perSecond);
    }
  }
}
