package dev.gavel.cli.bench;

import dev.gavel.core.InMemorySigner;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.cli.Main;
import dev.gavel.ledger.NoteSigner;
import dev.gavel.runtime.KeyCustody;
import dev.gavel.store.JdbcLedgerStore;
import dev.gavel.store.SqliteDialect;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one `gavel evaluate` costs (open the ledger, decide, append durably, close) on an empty
 * ledger and on one of 1,000,000 entries, in the same run: opening must not read the ledger, so
 * the two should cost the same. The big ledger is built once per trial with the store's API (64
 * appending threads, sparse checkpoints). Run with {@code bench/open.sh}. Milliseconds per evaluate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class BigLedgerBench {
  @State(Scope.Benchmark)
  public static class Home {
    @Param({"0", "1000000"})
    int entries;
    Path home;
    String[] args;
    Map<String, String> env;
    final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    @Setup(Level.Trial)
    public void build() throws Exception {
      Path repo = dev.gavel.testkit.SharedFiles.repo();
      home = Files.createTempDirectory("gavel-big-ledger");
      dev.gavel.ledger.NoteKey key = new KeyCustody(home).forAppending(0);
      if (entries > 0) {
        try (JdbcLedgerStore s = JdbcLedgerStore.open(SqliteDialect.url(home.resolve("ledger.db")), new dev.gavel.core.NoteKeySigner(key), 65_536)) {
          AtomicLong next = new AtomicLong();
          List<Thread> writers = new ArrayList<>();
          for (int t = 0; t < 64; t++) {
            Thread th = new Thread(() -> {
              for (long n = next.getAndIncrement(); n < entries; n = next.getAndIncrement()) {
                ObjectNode p = JsonNodeFactory.instance.objectNode().put("action", "bench.filler").put("n", n);
                try {
                  s.append("access", "2026-11-30T00:00:00.000Z", p);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }
            });
            writers.add(th);
            th.start();
          }
          for (Thread th : writers) {
            th.join();
          }
        }
      }
      env = Map.of("GAVEL_HOME", home.toString(), "GAVEL_POLICIES", repo.resolve("policies").toString());
      args = new String[] {"evaluate", "--at", "2026-12-01T12:00:00Z", "--data", repo.resolve("test-fixtures/trust.json").toString(),
          repo.resolve("test-fixtures/requests/allow-minimal-classifier.json").toString()};
    }

    @org.openjdk.jmh.annotations.TearDown(Level.Trial)
    public void removeHome() throws Exception {
      dev.gavel.testkit.Trees.delete(home);
    }
  }

  @Benchmark
  public int evaluate(Home h) {
    int code = Main.run(h.args, h.quiet, h.quiet, h.env);
    if (code != 0) {
      throw new IllegalStateException("gavel evaluate exited " + code);
    }
    return code;
  }
}
