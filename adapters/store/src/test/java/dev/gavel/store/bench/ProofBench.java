package dev.gavel.store.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gavel.core.InMemorySigner;
import dev.gavel.core.testing.LedgerFill;
import dev.gavel.ledger.ConsistencyProof;
import dev.gavel.ledger.InclusionProof;
import dev.gavel.store.JdbcLedgerStore;
import dev.gavel.store.SqliteDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * An auditor's proof on a ledger of 1,000,000 entries: {@code inclusionProof} and {@code
 * consistencyProof} from the store's kept subtree hashes, next to the same proofs built as before
 * them (read every leaf hash, then hash the tree: {@code ...FromAllLeaves}) and to reading one
 * entry by index (the baseline: one indexed read), in the same run. Run with {@code bench/proofs.sh};
 * operations per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 5)
@Fork(1)
public class ProofBench {
  @State(Scope.Benchmark)
  public static class Ledger {
    @Param({"1000000"})
    int entries;
    Path dir;
    JdbcLedgerStore store;
    Connection raw;
    PreparedStatement byIndex;
    final SplittableRandom random = new SplittableRandom(11);

    @Setup(Level.Trial)
    public void build() throws Exception {
      // Built once and kept for the other benchmarks of the run (each in its own fork); bench/proofs.sh deletes it first.
      dir = Path.of(System.getProperty("java.io.tmpdir"), "gavel-proof-bench-" + entries);
      String url = SqliteDialect.url(dir.resolve("ledger.db"));
      if (!Files.exists(dir.resolve("complete"))) {
        dev.gavel.testkit.Trees.delete(dir);
        Files.createDirectories(dir);
        try (JdbcLedgerStore s = JdbcLedgerStore.open(url, new InMemorySigner(LedgerBench.KEY), 65_536)) {
          LedgerFill.fill(s, entries, 64, (store, n) -> store.append("access", "2026-12-01T00:00:00.000Z",
              JsonNodeFactory.instance.objectNode().put("action", "bench").put("n", n)));
        }
        Files.createFile(dir.resolve("complete"));
      }
      store = JdbcLedgerStore.openReadOnly(url);
      raw = DriverManager.getConnection(url);
      byIndex = raw.prepareStatement("SELECT canonical FROM entries WHERE idx = ?");
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      byIndex.close();
      raw.close();
      store.close();
    }

    long some() {
      return random.nextLong(entries);
    }
  }

  @Benchmark
  public byte[] readOneEntryByIndex(Ledger l) throws Exception {
    l.byIndex.setLong(1, l.some());
    try (ResultSet rs = l.byIndex.executeQuery()) {
      rs.next();
      return rs.getBytes(1);
    }
  }

  @Benchmark
  public InclusionProof inclusionProof(Ledger l) throws Exception {
    return l.store.inclusionProof(l.some(), l.entries);
  }

  @Benchmark
  public InclusionProof inclusionProofFromAllLeaves(Ledger l) throws Exception {
    return InclusionProof.of(l.some(), l.store.leafHashes(l.entries));
  }

  @Benchmark
  public ConsistencyProof consistencyProof(Ledger l) throws Exception {
    return l.store.consistencyProof(1 + l.some(), l.entries);
  }

  @Benchmark
  public ConsistencyProof consistencyProofFromAllLeaves(Ledger l) throws Exception {
    return ConsistencyProof.of(1 + l.some(), l.store.leafHashes(l.entries));
  }
}
