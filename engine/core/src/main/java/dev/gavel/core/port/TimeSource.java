package dev.gavel.core.port;

import java.time.Instant;

/** The clock, injected so the core stays deterministic under test. */
@FunctionalInterface
public interface TimeSource {
  Instant now();
}
