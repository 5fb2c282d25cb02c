package dev.gavel.core;

import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** RFC 9562 version 7 UUIDs: 48-bit Unix milliseconds, then random bits; sortable by time. */
public final class UuidV7 {
  private UuidV7() {}

  public static UUID at(Instant time, RandomGenerator random) {
    long ms = time.toEpochMilli();
    long randA = random.nextLong() & 0x0FFFL;
    long msb = (ms & 0xFFFFFFFFFFFFL) << 16 | 0x7000L | randA;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
