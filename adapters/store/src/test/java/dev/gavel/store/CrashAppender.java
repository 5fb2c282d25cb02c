package dev.gavel.store;

import dev.gavel.core.InMemorySigner;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.ledger.NoteSigner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link CrashRecoveryTest}: appends from many threads as fast as it can and
 * prints {@code ACK index entryHash writer n} for every append the store acknowledged, until it is
 * killed. Usage: {@code CrashAppender DB THREADS}.
 */
public final class CrashAppender {
  static final byte[] SEED = "gavel crash-test checkpoint key!".getBytes(StandardCharsets.US_ASCII);

  private CrashAppender() {}

  static NoteSigner signer() {
    return new NoteSigner("gavel.test/crash", SEED);
  }

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
    JdbcLedgerStore store = StoreFiles.open(db, new dev.gavel.core.InMemorySigner(signer()), 1);
    out.println("READY");
    out.flush();
    for (int t = 0; t < threads; t++) {
      int writer = t;
      Thread th = new Thread(() -> {
        for (long n = 0; ; n++) {
          ObjectNode p = JsonNodeFactory.instance.objectNode();
          p.put("writer", writer);
          p.put("n", n);
          p.put("pid", ProcessHandle.current().pid());
          try {
            LedgerReceipt r = store.append("access", "2026-11-30T00:00:00Z", p);
            synchronized (out) {
              out.println("ACK " + r.index() + " " + r.entryHash() + " " + writer + " " + n);
              out.flush();
            }
          } catch (Exception e) {
            synchronized (out) {
              out.println("ERR " + e.getMessage());
              out.flush();
            }
            return;
          }
        }
      });
      th.start();
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
