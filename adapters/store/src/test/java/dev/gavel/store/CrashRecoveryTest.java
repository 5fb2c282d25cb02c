package dev.gavel.store;

import dev.gavel.core.InMemorySigner;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability under SIGKILL, with real processes and files: a child JVM appends from 16 threads and
 * is killed at a random moment; after each kill the ledger must reopen (its tail check passes),
 * pass the full audit (chain, leaf hashes, Merkle roots against every signed checkpoint,
 * signatures), and hold every entry the child acknowledged, byte for byte as acknowledged.
 */
class CrashRecoveryTest {
  static final int ROUNDS = 12;

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedEntrySurvivesSigkillAtRandomPoints() throws Exception {
    Path db = dir.resolve("ledger.db");
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    Random random = new Random(20261130L);
    long total = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), CrashAppender.class.getName(), db.toString(), "16")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      CountDownLatch firstAck = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            if (line.startsWith("ACK ")) {
              String[] f = line.split(" ");
              acknowledged.put(Long.parseLong(f[1]), f[2]);
              firstAck.countDown();
            }
          }
        } catch (java.io.IOException e) {
          // the child died: that is the point
        }
      });
      reader.start();
      assertThat(firstAck.await(60, TimeUnit.SECONDS)).as("child acknowledged an append in round " + round).isTrue();
      Thread.sleep(random.nextInt(400));
      child.destroyForcibly();  // SIGKILL on Unix: no shutdown hooks, no flush
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);

      try (JdbcLedgerStore store = StoreFiles.open(db, new dev.gavel.core.InMemorySigner(CrashAppender.signer()), 1)) {
        Map<Long, String> stored = new ConcurrentHashMap<>();
        store.entries(0, store.size(), e -> stored.put(e.index(), e.entryHash()));
        assertThat(dev.gavel.core.LedgerVerification.verify(store, CrashAppender.signer().verifier(), java.util.List.of(),
            dev.gavel.core.LedgerVerification.Progress.NONE).passed()).as("audit after kill in round " + round).isTrue();
        for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
          assertThat(stored.get(a.getKey())).as("acknowledged entry " + a.getKey() + " after round " + round).isEqualTo(a.getValue());
        }
        total = store.size();
      }
    }
    assertThat(acknowledged).isNotEmpty();
    assertThat(total).isGreaterThanOrEqualTo(acknowledged.size());
  }

}
