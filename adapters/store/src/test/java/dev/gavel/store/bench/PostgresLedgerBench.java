package dev.gavel.store.bench;

import dev.gavel.core.port.LedgerException;
import dev.gavel.core.InMemorySigner;
import dev.gavel.ledger.LedgerEntry;
import dev.gavel.store.JdbcLedgerStore;
import dev.gavel.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PostgreSQL ledger speed next to a baseline measured in the same run on the same server: durable
 * group-commit appends (a signed checkpoint per batch, the head row locked per batch) with 1, 8 and
 * 64 writers on one replica, and 64 writers spread over 2 and 3 replicas (store instances with
 * pools of their own, so their batches serialise on the head row in the database); versus a raw
 * batched INSERT of the same bytes (one thread, 64 rows per durable commit, no index, no hashing).
 * The server is {@code GAVEL_TEST_PG_URL} or a throwaway cluster ({@code bench/postgres.sh} starts
 * one for the run). Entries per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class PostgresLedgerBench {
  /** A ledger in a new database per iteration, opened by {@code replicas} store instances. */
  public abstract static class Ledger {
    List<JdbcLedgerStore> stores = new ArrayList<>();
    final AtomicInteger next = new AtomicInteger();

    void open(int replicas) throws Exception {
      String url = TestPostgres.freshDatabase();
      for (int i = 0; i < replicas; i++) {
        stores.add(JdbcLedgerStore.open(url, new InMemorySigner(LedgerBench.KEY), 1));
      }
    }

    void close() throws Exception {
      for (JdbcLedgerStore s : stores) {
        s.close();
      }
      stores.clear();
      next.set(0);
    }
  }

  /** One replica. */
  @State(Scope.Benchmark)
  public static class OneReplica extends Ledger {
    @Setup(Level.Iteration)
    public void setUp() throws Exception {
      open(1);
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
      close();
    }
  }

  /** Several replicas: each benchmark thread sticks to one of them (round robin). */
  @State(Scope.Benchmark)
  public static class Replicas extends Ledger {
    @Param({"2", "3"})
    int replicas;

    @Setup(Level.Iteration)
    public void setUp() throws Exception {
      open(replicas);
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
      close();
    }
  }

  /** Which store a benchmark thread appends through. */
  @State(Scope.Thread)
  public static class Writer {
    int slot = -1;

    JdbcLedgerStore store(Ledger l) {
      if (slot < 0) {
        slot = l.next.getAndIncrement();
      }
      return l.stores.get(slot % l.stores.size());
    }
  }

  static long append(Ledger l, Writer w) throws LedgerException {
    return w.store(l).append("access", "2026-11-30T00:00:00.000Z", LedgerBench.PAYLOAD).index();
  }

  @Benchmark
  @Threads(1)
  public long appendDurable1Writer(OneReplica l, Writer w) throws LedgerException {
    return append(l, w);
  }

  @Benchmark
  @Threads(8)
  public long appendDurable8Writers(OneReplica l, Writer w) throws LedgerException {
    return append(l, w);
  }

  @Benchmark
  @Threads(64)
  public long appendDurable64Writers(OneReplica l, Writer w) throws LedgerException {
    return append(l, w);
  }

  @Benchmark
  @Threads(64)
  public long appendDurable64WritersOnReplicas(Replicas l, Writer w) throws LedgerException {
    return append(l, w);
  }

  /** Baseline: the same canonical bytes, one thread, 64 rows per durable commit, nothing else. */
  @State(Scope.Thread)
  public static class RawTable {
    Connection c;
    PreparedStatement ins;
    long n;
    byte[] bytes;

    @Setup(Level.Iteration)
    public void open() throws Exception {
      Properties p = new Properties();
      p.setProperty("reWriteBatchedInserts", "true");
      c = DriverManager.getConnection(TestPostgres.freshDatabase(), p);
      try (Statement s = c.createStatement()) {
        s.execute("SET synchronous_commit = on");
        s.execute("CREATE TABLE raw (idx BIGINT PRIMARY KEY, bytes BYTEA NOT NULL)");
      }
      c.setAutoCommit(false);
      ins = c.prepareStatement("INSERT INTO raw (idx, bytes) VALUES (?, ?)");
      bytes = new LedgerEntry(0, "2026-11-30T00:00:00.000Z", "access", LedgerBench.PAYLOAD, LedgerEntry.GENESIS).canonicalBytes();
    }

    @TearDown(Level.Iteration)
    public void close() throws Exception {
      c.commit();
      c.close();
    }
  }

  @Benchmark
  @Threads(1)
  public long rawBatchedInsert(RawTable t) throws Exception {
    t.ins.setLong(1, t.n++);
    t.ins.setBytes(2, t.bytes);
    t.ins.addBatch();
    if (t.n % 64 == 0) {
      t.ins.executeBatch();
      t.c.commit();
    }
    return t.n;
  }
}
