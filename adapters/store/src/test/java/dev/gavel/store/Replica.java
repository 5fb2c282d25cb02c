package dev.gavel.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ReplicaAppender} child JVM and what it said: every acknowledged (index, hash), shared
 * between replicas so that an index acknowledged twice, by anyone, is caught as it happens.
 */
final class Replica {
  final Process process;
  final AtomicLong acks = new AtomicLong();
  final List<String> errors = new CopyOnWriteArrayList<>();
  final List<String> conflicts;
  final CountDownLatch firstAck = new CountDownLatch(1);
  final CountDownLatch done = new CountDownLatch(1);
  private final Thread reader;

  private Replica(Process process, Map<Long, String> acknowledged, List<String> conflicts) {
    this.process = process;
    this.conflicts = conflicts;
    this.reader = new Thread(() -> read(acknowledged));
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code name} appending from {@code threads} threads, {@code count} each (0: until killed). */
  static Replica start(String url, String name, int threads, long count, Map<Long, String> acknowledged, List<String> conflicts)
      throws java.io.IOException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), ReplicaAppender.class.getName(), url, name, String.valueOf(threads),
        String.valueOf(count)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    return new Replica(p, acknowledged, conflicts);
  }

  private void read(Map<Long, String> acknowledged) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          String[] f = line.split(" ");
          String before = acknowledged.putIfAbsent(Long.parseLong(f[1]), f[2]);
          if (before != null) {
            conflicts.add("index " + f[1] + " acknowledged twice: " + before + " and " + f[2] + " (" + line + ")");
          }
          acks.incrementAndGet();
          firstAck.countDown();
        } else if (line.startsWith("ERR ")) {
          errors.add(line);
        } else if (line.equals("DONE")) {
          done.countDown();
        }
      }
    } catch (java.io.IOException e) {
      // the process died (killed by the test): what it printed before is what counts
    }
  }

  /** SIGKILL: no shutdown hook, no closing checkpoint, a batch possibly in flight. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    reader.join(10_000);
  }

  /** Waits for a clean end; false when it did not come in time. */
  boolean awaitDone(long seconds) throws InterruptedException {
    boolean ok = done.await(seconds, TimeUnit.SECONDS) && process.waitFor(30, TimeUnit.SECONDS);
    reader.join(10_000);
    return ok;
  }

  static Map<Long, String> ledger() {
    return new ConcurrentHashMap<>();
  }
}
