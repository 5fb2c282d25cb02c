package dev.gavel.store.bench;

import dev.gavel.core.InMemorySigner;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerException;
import dev.gavel.ledger.LedgerAudit;
import dev.gavel.ledger.LedgerEntry;
import dev.gavel.ledger.NoteSigner;
import dev.gavel.ledger.StoredEntry;
import dev.gavel.store.JdbcLedgerStore;
import dev.gavel.store.SqliteDialect;
import dev.gavel.core.testing.TestSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ledger speed, each figure next to a baseline measured in the same run: durable group-commit
 * appends with 1, 8 and 64 concurrent writers versus a raw batched SQLite insert of the same bytes
 * (same pragmas: WAL, synchronous=FULL; 64 rows per commit); and a full audit (chain links, leaf
 * hashes, Merkle frontier, checkpoint roots) versus plain SHA-256 over the same bytes. Run with
 * {@code bench/ledger.sh}. All figures are operations (entries) per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class LedgerBench {
  public static final NoteSigner KEY = new NoteSigner("gavel.bench/ledger", new byte[32]);

  /** A decision-sized payload (~1 KB of canonical JSON). */
  static ObjectNode payload(long n) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("decisionId", "01a2" + Long.toHexString(n));
    p.put("allow", n % 3 != 0);
    ObjectNode req = p.putObject("request");
    req.put("model", "credit-risk-scorer");
    req.put("version", "7.0." + (n % 100));
    req.put("digest", "sha256:" + "ab".repeat(32));
    var reasons = p.putArray("reasons");
    for (int i = 0; i < 4; i++) {
      reasons.addObject().put("code", "scan.high_findings").put("message", "3 high findings; tier limited allows 3 -- padding " + i)
          .put("policy", "gavel.release/scans");
    }
    p.put("note", "x".repeat(600));
    return p;
  }

  static Path tempDir() throws Exception {
    return Files.createTempDirectory("gavel-bench");
  }

  static void delete(Path dir) throws Exception {
    dev.gavel.testkit.Trees.delete(dir);
  }

  /** A ledger with durable group commit and a signed checkpoint per batch, as Gavel runs it. */
  @State(Scope.Benchmark)
  public static class Ledger {
    /** 1: a signed checkpoint in every batch (the default); 1024: one per 1024 entries. */
    @Param({"1", "1024"})
    int checkpointEvery;
    Path dir;
    JdbcLedgerStore store;
    final java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();

    @Setup(Level.Iteration)
    public void open() throws Exception {
      dir = tempDir();
      store = JdbcLedgerStore.open(SqliteDialect.url(dir.resolve("ledger.db")), new InMemorySigner(KEY), checkpointEvery);
    }

    @TearDown(Level.Iteration)
    public void close() throws Exception {
      store.close();
      delete(dir);
    }
  }

  /** The same payload for every append (built once), so both sides of the comparison store the same bytes. */
  static final ObjectNode PAYLOAD = payload(7);

  long append(Ledger l) throws LedgerException {
    return l.store.append("access", "2026-11-30T00:00:00.000Z", PAYLOAD).index();
  }

  @Benchmark
  @Threads(1)
  public long appendDurable1Writer(Ledger l) throws LedgerException {
    return append(l);
  }

  @Benchmark
  @Threads(8)
  public long appendDurable8Writers(Ledger l) throws LedgerException {
    return append(l);
  }

  @Benchmark
  @Threads(64)
  public long appendDurable64Writers(Ledger l) throws LedgerException {
    return append(l);
  }

  /** Baseline: the same canonical bytes inserted by one thread, 64 rows per durable commit, nothing else. */
  @State(Scope.Thread)
  public static class RawTable {
    Path dir;
    Connection c;
    PreparedStatement ins;
    long n;
    byte[] bytes;

    @Setup(Level.Iteration)
    public void open() throws Exception {
      dir = tempDir();
      c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("CREATE TABLE raw (idx INTEGER PRIMARY KEY, bytes BLOB NOT NULL)");
      }
      c.setAutoCommit(false);
      ins = c.prepareStatement("INSERT INTO raw (idx, bytes) VALUES (?, ?)");
      bytes = new LedgerEntry(0, "2026-11-30T00:00:00.000Z", "access", PAYLOAD, LedgerEntry.GENESIS).canonicalBytes();
    }

    @TearDown(Level.Iteration)
    public void close() throws Exception {
      c.commit();
      c.close();
      delete(dir);
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

  /** 10,000 entries as a ledger stores them, with a checkpoint every 64 entries. */
  @State(Scope.Benchmark)
  public static class Stored {
    static final int N = 10_000;
    /** 1: a checkpoint per batch (each costs an Ed25519 verification); 1024: one per 1024 entries. */
    @Param({"1", "1024"})
    int checkpointEvery;
    List<StoredEntry> entries = new ArrayList<>();
    List<String> checkpoints = new ArrayList<>();

    @Setup(Level.Trial)
    public void build() throws Exception {
      Path dir = tempDir();
      try (JdbcLedgerStore s = JdbcLedgerStore.open(SqliteDialect.url(dir.resolve("l.db")), new InMemorySigner(KEY), checkpointEvery)) {
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
          int w = t;
          Thread th = new Thread(() -> {
            for (int i = w; i < N; i += 64) {
              try {
                s.append("access", "2026-11-30T00:00:00.000Z", payload(i));
              } catch (LedgerException e) {
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
      try (JdbcLedgerStore s = JdbcLedgerStore.openReadOnly(SqliteDialect.url(dir.resolve("l.db")))) {
        s.entries(0, s.size(), r -> entries.add(r.stored()));
        checkpoints.addAll(s.checkpoints());
      }
      delete(dir);
    }
  }

  /** Entries per op: {@link Stored#N}. */
  @Benchmark
  @OperationsPerInvocation(Stored.N)
  public Object auditEntries(Stored s) {
    LedgerAudit audit = new LedgerAudit(s.checkpoints, KEY.verifier());
    for (StoredEntry e : s.entries) {
      audit.accept(e);
    }
    return audit.finish();
  }

  /** Baseline: SHA-256 over the same entry bytes. */
  @Benchmark
  @OperationsPerInvocation(Stored.N)
  public byte[] sha256Entries(Stored s) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] last = null;
    for (StoredEntry e : s.entries) {
      md.update((byte) 0);
      last = md.digest(e.canonical());
    }
    return last;
  }
}
