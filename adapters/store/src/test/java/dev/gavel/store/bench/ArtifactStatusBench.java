package dev.gavel.store.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.ArtifactStatus;
import dev.gavel.core.InMemorySigner;
import dev.gavel.core.testing.LedgerFill;
import dev.gavel.json.Json;
import dev.gavel.store.JdbcLedgerStore;
import dev.gavel.store.SqliteDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * The deployer's admission check: {@code ArtifactStatus.lookup} (the store's digest index, each
 * entry read and checked to name the digest, the answer built) on a ledger of 1,000,000 entries
 * (decisions naming two artifacts each, and a revocation every 1,000), next to a plain indexed
 * {@code SELECT} of one entry by decision id on the same database (the baseline), in the same run.
 * {@code firstUseScan} is what the in-memory index the server used before had to do once per
 * process before its first answer: read and parse every entry (single shot, seconds). Run with
 * {@code bench/artifacts.sh}; lookups per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class ArtifactStatusBench {
  @State(Scope.Benchmark)
  public static class Ledger {
    @Param({"1000000"})
    int entries;
    Path dir;
    JdbcLedgerStore store;
    Connection raw;
    PreparedStatement byDecisionId;
    final SplittableRandom random = new SplittableRandom(7);

    @Setup(Level.Trial)
    public void build() throws Exception {
      // Built once and kept for the other benchmarks of the run (each runs in its own fork): building
      // a million entries takes minutes. Delete the directory to rebuild (bench/artifacts.sh does, first).
      dir = Path.of(System.getProperty("java.io.tmpdir"), "gavel-artifact-bench-" + entries);
      String url = SqliteDialect.url(dir.resolve("ledger.db"));
      if (Files.exists(dir.resolve("complete"))) {
        open(url);
        return;
      }
      dev.gavel.testkit.Trees.delete(dir);
      Files.createDirectories(dir);
      try (JdbcLedgerStore s = JdbcLedgerStore.open(url, new InMemorySigner(LedgerBench.KEY), 65_536)) {
        LedgerFill.fill(s, entries, 64, (store, n) -> {
          if (n % 1000 == 999) {
            store.append("revocation", "2026-11-30T00:00:00.000Z", revocation(n));
          } else {
            store.append("decision", "2026-11-30T00:00:00.000Z", decision(n));
          }
        });
      }
      Files.createFile(dir.resolve("complete"));
      open(url);
    }

    private void open(String url) throws Exception {
      store = JdbcLedgerStore.openReadOnly(url);
      raw = DriverManager.getConnection(url);
      byDecisionId = raw.prepareStatement("SELECT idx, canonical FROM entries WHERE decision_id = ?");
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      byDecisionId.close();
      raw.close();
      store.close();
    }

    long someDecision() {
      long n = random.nextLong(entries);
      return n % 1000 == 999 ? n - 1 : n;
    }
  }

  static String digest(long n, int artifact) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest((n + "/" + artifact).getBytes()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode decision(long n) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("decisionId", "d-" + n);
    p.put("evaluatedAt", "2026-11-30T00:00:00Z");
    p.put("allow", n % 3 != 0);
    p.putArray("reasons");
    p.putArray("warnings");
    p.putArray("obligations");
    ObjectNode req = p.putObject("request");
    req.put("digest", "sha256:" + "ab".repeat(32)).put("model", "credit-risk-scorer").put("version", "7.0." + (n % 100))
        .put("environment", "production");
    var arts = req.putArray("artifacts");
    arts.addObject().put("name", "model.onnx").put("sha256", digest(n, 0));
    arts.addObject().put("name", "features.json").put("sha256", digest(n, 1));
    p.putObject("policy").put("revision", "sha256:" + "cd".repeat(32)).put("source", "bench").put("activation", -1);
    p.put("note", "x".repeat(600));
    return p;
  }

  static ObjectNode revocation(long n) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("revocationId", "r-" + n).put("revokedAt", "2026-11-30T00:00:00.000Z");
    p.putArray("artifacts").add(digest(n - 1, 0));
    p.put("reason", "bench");
    p.putObject("revokedBy").put("identity", "risk").put("via", "cli");
    return p;
  }

  @Benchmark
  public byte[] plainIndexedSelect(Ledger l) throws Exception {
    l.byDecisionId.setString(1, "d-" + l.someDecision());
    try (ResultSet rs = l.byDecisionId.executeQuery()) {
      rs.next();
      return rs.getBytes(2);
    }
  }

  @Benchmark
  public String artifactStatus(Ledger l) throws Exception {
    return ArtifactStatus.lookup(l.store, digest(l.someDecision(), 0)).status().json();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public int firstUseScan(Ledger l) throws Exception {
    Map<String, List<Long>> index = new HashMap<>();
    try (PreparedStatement p = l.raw.prepareStatement("SELECT idx, canonical FROM entries ORDER BY idx")) {
      p.setFetchSize(1000);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          JsonNode e = Json.read(rs.getBytes(2));
          for (JsonNode a : e.path("payload").path("request").path("artifacts")) {
            index.computeIfAbsent(a.path("sha256").asText(), k -> new ArrayList<>()).add(rs.getLong(1));
          }
        }
      }
    }
    return index.size();
  }
}
