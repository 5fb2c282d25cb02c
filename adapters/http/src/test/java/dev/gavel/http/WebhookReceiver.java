package dev.gavel.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver on a loopback port (the JDK's HttpServer): keeps what it was sent and
 * answers {@code status}; with {@link #hang()} it holds every request open until {@link #release()}.
 */
final class WebhookReceiver implements AutoCloseable {
  record Received(String contentType, String body) {}

  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final AtomicInteger attempts = new AtomicInteger();
  final CountDownLatch arrived = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private volatile boolean hang;

  WebhookReceiver(int status) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/hook", ex -> {
      attempts.incrementAndGet();
      byte[] body = ex.getRequestBody().readAllBytes();
      received.add(new Received(ex.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8)));
      arrived.countDown();
      if (hang) {
        try {
          released.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.setExecutor(threads);
    server.start();
  }

  WebhookReceiver hang() {
    hang = true;
    return this;
  }

  void release() {
    released.countDown();
  }

  boolean stalled() {
    return hang && released.getCount() == 1;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  /** The next event sent, waiting up to 20 s for it. */
  Received next() throws InterruptedException {
    Received r = received.poll(20, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("the webhook received nothing within 20 s");
    }
    return r;
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    threads.shutdownNow();
  }
}
