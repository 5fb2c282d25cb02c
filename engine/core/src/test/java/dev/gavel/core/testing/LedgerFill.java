package dev.gavel.core.testing;

import dev.gavel.core.port.LedgerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fills a ledger with many entries quickly for tests and benchmarks: {@code threads} appenders
 * share the numbers {@code 0..count-1} (so the store's group commit batches them), each appending
 * what {@code entry} makes of its number. The first failure ends the fill and is thrown.
 */
public final class LedgerFill {
  /** Appends the entry numbered {@code n}. */
  @FunctionalInterface
  public interface Entry {
    void append(LedgerStore store, long n) throws Exception;
  }

  private LedgerFill() {}

  public static void fill(LedgerStore store, long count, int threads, Entry entry) throws Exception {
    if (count < 0 || threads < 1) {
      throw new IllegalArgumentException("need count >= 0 and threads >= 1 but got " + count + " and " + threads);
    }
    AtomicLong next = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    Exception[] failure = {null};
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        for (long n = next.getAndIncrement(); n < count && failure[0] == null; n = next.getAndIncrement()) {
          try {
            entry.append(store, n);
          } catch (Exception e) {
            synchronized (failure) {
              failure[0] = failure[0] == null ? e : failure[0];
            }
          }
        }
      });
      writers.add(th);
      th.start();
    }
    for (Thread th : writers) {
      th.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }
}
