package dev.gavel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.ledger.ChainFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerStoreTest {
  @TempDir
  Path dir;

  static ObjectNode payload(int n) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("decisionId", "d-" + n);
    o.put("allow", n % 2 == 0);
    o.putObject("request").put("model", "m" + (n % 3));
    return o;
  }

  Path db() {
    return dir.resolve("ledger.db");
  }

  void fill(int n) throws Exception {
    try (SqliteLedgerStore s = SqliteLedgerStore.open(db())) {
      for (int i = 0; i < n; i++) {
        s.append("decision", "2026-01-01T00:00:00Z", payload(i));
      }
    }
  }

  void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  ChainFailure failure() throws Exception {
    try (SqliteLedgerStore s = SqliteLedgerStore.openForAudit(db())) {
      return s.verify().orElse(null);
    } catch (LedgerException e) {
      return new ChainFailure(-1, "open", e.getMessage());
    }
  }

  @Test
  void appendsAreChainedAndSurviveReopen() throws Exception {
    fill(5);
    try (SqliteLedgerStore s = SqliteLedgerStore.open(db())) {
      assertThat(s.size()).isEqualTo(5);
      LedgerReceipt r = s.append("decision", "2026-01-01T00:00:01Z", payload(5));
      assertThat(r.index()).isEqualTo(5);
      assertThat(r.treeSize()).isEqualTo(6);
      assertThat(s.verify()).isEmpty();
      assertThat(s.entryText(0)).get().asString().startsWith("{\"index\":0,");
    }
  }

  @Test
  void concurrentAppendsAreAllAcknowledgedOnceAndChained() throws Exception {
    try (SqliteLedgerStore s = SqliteLedgerStore.open(db())) {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<LedgerReceipt>> fs = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        fs.add(pool.submit(() -> s.append("decision", "2026-01-01T00:00:00Z", payload(n))));
      }
      Set<Long> indexes = new HashSet<>();
      for (Future<LedgerReceipt> f : fs) {
        indexes.add(f.get().index());
      }
      pool.shutdown();
      assertThat(indexes).hasSize(400);
      assertThat(s.size()).isEqualTo(400);
      assertThat(s.verify()).isEmpty();
    }
  }

  @Test
  void alteredPayloadByteIsReportedAtItsIndex() throws Exception {
    fill(10);
    byte[] bytes;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        PreparedStatement p = c.prepareStatement("SELECT canonical FROM entries WHERE idx = 4")) {
      var rs = p.executeQuery();
      rs.next();
      bytes = new String(rs.getBytes(1), StandardCharsets.UTF_8).replace("d-4", "d-X").getBytes(StandardCharsets.UTF_8);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        PreparedStatement p = c.prepareStatement("UPDATE entries SET canonical = ? WHERE idx = 4")) {
      p.setBytes(1, bytes);
      p.executeUpdate();
    }
    assertThat(failure()).extracting(ChainFailure::index, ChainFailure::code).containsExactly(4L, "chain.leaf_hash_mismatch");
  }

  @Test
  void deletedEntryIsReported() throws Exception {
    fill(6);
    sql("DELETE FROM entries WHERE idx = 2");
    assertThat(failure()).extracting(ChainFailure::index, ChainFailure::code).containsExactly(2L, "chain.index_gap");
  }

  @Test
  void swappedEntriesAreReported() throws Exception {
    fill(6);
    sql("UPDATE entries SET idx = -1 WHERE idx = 1");
    sql("UPDATE entries SET idx = 1 WHERE idx = 2");
    sql("UPDATE entries SET idx = 2 WHERE idx = -1");
    assertThat(failure().index()).isEqualTo(1L);
  }

  @Test
  void damagedTailIsReportedOnOpenNotSkipped() throws Exception {
    fill(3);
    sql("UPDATE entries SET entry_hash = 'sha256:" + "0".repeat(64) + "' WHERE idx = 2");
    assertThatThrownBy(() -> SqliteLedgerStore.open(db()))
        .isInstanceOf(LedgerException.class).hasMessageContaining("tail entry 2 is damaged");
  }

  @Test
  void checkpointsCanBeSparserThanBatchesAndCloseCoversTheTail() throws Exception {
    dev.gavel.ledger.NoteSigner key = new dev.gavel.ledger.NoteSigner("gavel.test/sparse", new byte[32]);
    try (SqliteLedgerStore s = SqliteLedgerStore.open(db(), key, 5)) {
      for (int i = 0; i < 12; i++) {
        s.append("decision", "2026-01-01T00:00:00Z", payload(i));
      }
    }
    try (SqliteLedgerStore s = SqliteLedgerStore.openForAudit(db())) {
      assertThat(s.checkpoints()).extracting(n -> n.split("\n")[1]).containsExactly("5", "10", "12");
      dev.gavel.ledger.LedgerAudit audit = new dev.gavel.ledger.LedgerAudit(s.checkpoints(), key.verifier());
      s.forEach(audit::accept);
      assertThat(audit.finish()).isEmpty();
    }
  }
}
