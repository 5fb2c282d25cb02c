package dev.gavel.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Delivery of alerts to one webhook on a thread of its own, so neither a slow or hanging
 * receiver nor an outage can hold up a decision: {@link #offer} only puts the event in a bounded
 * queue (when it is full the event goes straight to the dead letter, counted). The thread posts
 * each event (JDK HttpClient, {@code timeout} per attempt), retries a connection failure, a
 * timeout, a 5xx, 408 or 429 with exponential backoff, and after the last retry, or on any
 * other non-2xx answer, writes the dead letter.
 */
final class WebhookDelivery implements AutoCloseable {
  private final URI url;
  private final AlertConfig config;
  private final DeadLetters dead;
  private final ServerMetrics metrics;
  private final BlockingQueue<ObjectNode> queue;
  private final HttpClient http;
  private final Thread thread;
  private volatile boolean stopping;

  WebhookDelivery(URI url, AlertConfig config, DeadLetters dead, ServerMetrics metrics) {
    this.url = url;
    this.config = config;
    this.dead = dead;
    this.metrics = metrics;
    this.queue = new ArrayBlockingQueue<>(config.queue());
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    this.thread = new Thread(this::run, "gavel-webhook-" + url.getHost() + ":" + url.getPort());
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues the event without waiting; when the queue is full it is dead-lettered at once. */
  void offer(ObjectNode event) {
    if (stopping || !queue.offer(event)) {
      dead.add(url.toString(), stopping ? "stopped" : "queue-full", 0, null, event);
    }
  }

  private void run() {
    while (!stopping) {
      ObjectNode e;
      try {
        e = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException x) {
        break;
      }
      if (e != null) {
        deliver(e);
      }
    }
  }

  private void deliver(ObjectNode event) {
    byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);
    String last = null;
    int attempts = 0;
    for (int attempt = 0; attempt <= config.retries(); attempt++) {
      if (attempt > 0 && !pause(config.delayBefore(attempt))) {
        break;
      }
      attempts++;
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(config.timeout())
            .header("Content-Type", CloudEvent.CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.discarding());
        int s = r.statusCode();
        if (s >= 200 && s < 300) {
          metrics.alertDelivered();
          return;
        }
        last = "HTTP " + s;
        if (s < 500 && s != 408 && s != 429) {
          dead.add(url.toString(), "rejected", attempts, last, event);
          return;
        }
      } catch (IOException x) {
        String why = x.getMessage() != null ? x.getMessage() : x.getCause() != null ? x.getCause().toString() : null;
        last = x.getClass().getSimpleName() + (why == null ? "" : ": " + why);
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        last = "interrupted while sending (server stopping)";
        break;
      }
    }
    dead.add(url.toString(), stopping ? "stopped" : "retries-exhausted", attempts, last, event);
  }

  private boolean pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return !stopping;
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops the thread (an attempt in flight is interrupted); what is still queued goes to the dead letter. */
  @Override
  public void close() {
    stopping = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    }
    List<ObjectNode> left = new ArrayList<>();
    queue.drainTo(left);
    for (ObjectNode e : left) {
      dead.add(url.toString(), "stopped", 0, null, e);
    }
  }
}
