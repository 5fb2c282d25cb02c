package dev.gavel.http;

import dev.gavel.core.alert.AlertRules;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Alerting of {@code gavel serve} (gavel.yaml {@code serve.alerts}): the anomaly rules and where
 * alerts go. Each webhook receives every alert as a CloudEvents 1.0 JSON event; a failed delivery
 * is retried {@code retries} times, waiting {@code backoff}, then twice as long each time up to
 * {@code maxBackoff}; each attempt may take {@code timeout}; an alert that could not be delivered
 * (retries exhausted, refused, or its webhook's queue of {@code queue} alerts full) is appended to
 * {@code deadLetter} as a JSON line.
 */
public record AlertConfig(AlertRules rules, List<URI> webhooks, String source, int retries, Duration backoff,
    Duration maxBackoff, Duration timeout, int queue, Path deadLetter) {
  public static final String DEFAULT_SOURCE = "urn:gavel:serve";

  public AlertConfig {
    Objects.requireNonNull(rules, "rules");
    webhooks = List.copyOf(webhooks);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(deadLetter, "deadLetter");
    if (source.isBlank()) {
      throw new IllegalArgumentException("alerts.source must be a non-empty URI reference");
    }
    if (retries < 0 || retries > 100) {
      throw new IllegalArgumentException("alerts.retries must be 0..100 but got " + retries);
    }
    if (queue < 1) {
      throw new IllegalArgumentException("alerts.queue must be at least 1 but got " + queue);
    }
    if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
      throw new IllegalArgumentException("alerts.backoff must be >= 0 and alerts.max-backoff at least backoff but got "
          + backoff + " and " + maxBackoff);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("alerts.timeout must be positive but got " + timeout);
    }
    for (URI u : webhooks) {
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new IllegalArgumentException("alerts.webhooks: " + u + " is not an http(s) URL with a host");
      }
    }
  }

  /** No rules, no webhooks: nothing is observed or sent. */
  public static AlertConfig off(Path home) {
    return new AlertConfig(AlertRules.NONE, List.of(), DEFAULT_SOURCE, 5, Duration.ofSeconds(1), Duration.ofMinutes(1),
        Duration.ofSeconds(10), 1000, home.resolve("alerts-dead-letter.jsonl"));
  }

  /** The delay before retry {@code n} (1-based): backoff doubled each time, at most maxBackoff. */
  Duration delayBefore(int n) {
    Duration d = backoff;
    for (int i = 1; i < n && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
