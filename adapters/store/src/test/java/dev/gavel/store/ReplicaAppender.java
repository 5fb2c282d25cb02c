package dev.gavel.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.InMemorySigner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica in a test of several processes sharing one PostgreSQL ledger: opens its own store
 * (its own connection pools) and appends from THREADS threads, COUNT appends each (0: until
 * killed), printing {@code ACK index entryHash replica writer n} for every acknowledged append and
 * {@code ERR message} for every failed one, then {@code DONE} after a clean close.
 * Usage: {@code ReplicaAppender URL NAME THREADS COUNT}.
 */
public final class ReplicaAppender {
  private ReplicaAppender() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String name = args[1];
    int threads = Integer.parseInt(args[2]);
    long count = Long.parseLong(args[3]);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
    JdbcLedgerStore store = JdbcLedgerStore.open(url, new InMemorySigner(CrashAppender.signer()), 1);
    say(out, "READY");
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int writer = t;
      Thread th = new Thread(() -> {
        for (long n = 0; count == 0 || n < count; n++) {
          ObjectNode p = JsonNodeFactory.instance.objectNode();
          p.put("replica", name);
          p.put("writer", writer);
          p.put("n", n);
          try {
            LedgerReceipt r = store.append("access", "2026-11-30T00:00:00Z", p);
            say(out, "ACK " + r.index() + " " + r.entryHash() + " " + name + " " + writer + " " + n);
          } catch (Exception e) {
            say(out, "ERR " + e.getMessage());
          }
        }
      });
      all.add(th);
      th.start();
    }
    for (Thread th : all) {
      th.join();
    }
    store.close();
    say(out, "DONE");
  }

  private static void say(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
