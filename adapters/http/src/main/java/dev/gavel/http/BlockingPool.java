package dev.gavel.http;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that do blocking work off the event loop (evaluation, ledger appends and reads),
 * with a bounded queue: when every thread is busy and {@code queue} requests already wait, a new
 * one is refused at once ({@link Busy}, answered 503 with Retry-After) instead of piling up; a
 * request that waited longer than {@code queueTimeout} is refused when its turn comes, before any
 * work is done. Shutdown lets queued and running work finish.
 */
final class BlockingPool implements AutoCloseable {
  private final ThreadPoolExecutor executor;
  private final long queueTimeoutNanos;

  /** The pool is full or the work waited too long; nothing was done. */
  static final class Busy extends Exception {
    Busy(String message) {
      super(message);
    }
  }

  BlockingPool(String name, int threads, int queue, Duration queueTimeout) {
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
    this.queueTimeoutNanos = queueTimeout.toNanos();
  }

  /** Runs {@code work} on a pool thread; the future fails with {@link Busy} when it was refused. */
  <T> CompletableFuture<T> submit(Callable<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    long queued = System.nanoTime();
    try {
      executor.execute(() -> {
        if (System.nanoTime() - queued > queueTimeoutNanos) {
          f.completeExceptionally(new Busy("the request waited longer than the queue timeout; nothing was done"));
          return;
        }
        try {
          f.complete(work.call());
        } catch (Throwable t) {
          f.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(new Busy(executor.isShutdown() ? "the server is shutting down"
          : "all " + executor.getMaximumPoolSize() + " workers are busy and " + executor.getQueue().size()
              + " requests are waiting"));
    }
    return f;
  }

  /** Work running or waiting now. */
  int load() {
    return executor.getActiveCount() + executor.getQueue().size();
  }

  /** Stops taking work and waits up to {@code grace} for what was taken to finish. */
  boolean drain(Duration grace) throws InterruptedException {
    executor.shutdown();
    return executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
