package dev.gavel.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The alerts that could not be delivered, one JSON line each, appended and flushed to disk:
 * {@code {failedAt, webhook, reason, attempts, lastError, event}} where {@code event} is the
 * CloudEvent as it would have been sent, so an operator can replay it. Reasons:
 * {@code retries-exhausted}, {@code rejected} (a 4xx other than 408/429), {@code queue-full},
 * {@code stopped} (still queued when the server shut down).
 */
final class DeadLetters {
  private final Path file;
  private final ServerMetrics metrics;

  DeadLetters(Path file, ServerMetrics metrics) {
    this.file = file;
    this.metrics = metrics;
  }

  Path file() {
    return file;
  }

  synchronized void add(String webhook, String reason, int attempts, String lastError, ObjectNode event) {
    metrics.alertUndelivered(reason);
    ObjectNode line = JsonNodeFactory.instance.objectNode();
    line.put("failedAt", Instant.now().toString());
    line.put("webhook", webhook);
    line.put("reason", reason);
    line.put("attempts", attempts);
    if (lastError != null) {
      line.put("lastError", lastError);
    }
    line.set("event", event);
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
    } catch (IOException e) {
      // Nowhere left to put it: counted, and said on stderr so the operator sees the dead letter itself failed.
      metrics.alertUndelivered("dead-letter-failed");
      System.err.println("gavel serve: cannot append to the alert dead-letter file " + file + ": " + e.getMessage());
    }
  }
}
