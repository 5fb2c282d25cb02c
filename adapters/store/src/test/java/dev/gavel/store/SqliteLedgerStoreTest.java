package dev.gavel.store;

import dev.gavel.core.InMemorySigner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.testing.TestSigner;
import dev.gavel.ledger.ChainFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite ledger file: tampering found by the audit, the head row checked on open, cadence, modes, keys. */
class SqliteLedgerStoreTest {
  static final InMemorySigner KEY = TestSigner.of(5);

  @TempDir
  Path dir;

  static ObjectNode payload(int n) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("who", "admin-" + n);
    o.put("action", "token.created");
    return o;
  }

  Path db() {
    return dir.resolve("ledger.db");
  }

  void fill(int n) throws Exception {
    try (JdbcLedgerStore s = StoreFiles.open(db(), KEY, 1)) {
      for (int i = 0; i < n; i++) {
        s.append("access", "2026-01-01T00:00:00Z", payload(i));
      }
    }
  }

  void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  ChainFailure failure() throws Exception {
    return StoreFiles.audit(db(), KEY.key().verifier());
  }

  /** A decision entry naming {@code digests}, with an attestation signed by {@code KEY} (as the gate writes it). */
  static ObjectNode signedDecision(int n, String... digests) {
    List<dev.gavel.ledger.DecisionAttestation.Subject> subjects = new ArrayList<>();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("decisionId", "d-" + n).put("evaluatedAt", "2026-01-01T00:00:00Z").put("allow", true);
    var arts = o.putObject("request").put("digest", "sha256:" + "0".repeat(64)).put("model", "m").putArray("artifacts");
    for (String d : digests) {
      arts.addObject().put("name", "f-" + d.charAt(0)).put("sha256", d);
      subjects.add(new dev.gavel.ledger.DecisionAttestation.Subject("f-" + d.charAt(0), d));
    }
    o.putObject("policy").put("revision", "sha256:" + "1".repeat(64)).put("source", "test").put("activation", -1);
    o.set("attestation", new dev.gavel.ledger.DecisionAttestation("d-" + n, subjects, "test", "0", "2026-01-01T00:00:00Z", "test",
        "sha256:" + "1".repeat(64), true).envelope(KEY.key()));
    return o;
  }

  @Test
  void aDigestRowDeletedOrAddedBehindTheStoresBackIsFoundByTheAudit() throws Exception {
    String a = "a".repeat(64);
    String b = "b".repeat(64);
    try (JdbcLedgerStore s = StoreFiles.open(db(), KEY, 1)) {
      s.append("decision", "2026-01-01T00:00:00Z", signedDecision(0, a));
      s.append("decision", "2026-01-01T00:00:01Z", signedDecision(1, a, b));
      s.append("decision", "2026-01-01T00:00:02Z", signedDecision(2, b));
    }
    assertThat(failure()).isNull();
    // Hiding an artifact from the status lookup (say, to hide a revocation) is an index column the audit checks.
    sql("DELETE FROM entry_digests WHERE idx = 1 AND digest = '" + b + "'");
    ChainFailure f = failure();
    assertThat(f.code()).isEqualTo("index.column_mismatch");
    assertThat(f.index()).isEqualTo(1);
    assertThat(f.message()).contains("digests");
    sql("INSERT INTO entry_digests (idx, digest) VALUES (1, '" + b + "')");
    assertThat(failure()).isNull();
    sql("INSERT INTO entry_digests (idx, digest) VALUES (2, '" + "c".repeat(64) + "')");
    assertThat(failure().index()).isEqualTo(2);
  }

  @Test
  void anIntactLedgerPassesTheAudit() throws Exception {
    fill(7);
    assertThat(failure()).isNull();
  }

  @Test
  void alteredPayloadByteIsReportedAtItsIndex() throws Exception {
    fill(10);
    byte[] bytes;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        PreparedStatement p = c.prepareStatement("SELECT canonical FROM entries WHERE idx = 4")) {
      var rs = p.executeQuery();
      rs.next();
      bytes = new String(rs.getBytes(1), StandardCharsets.UTF_8).replace("admin-4", "admin-X").getBytes(StandardCharsets.UTF_8);
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
  void damagedTailIsReportedOnOpenNotSkipped() throws Exception {
    fill(3);
    sql("UPDATE entries SET entry_hash = 'sha256:" + "0".repeat(64) + "' WHERE idx = 2");
    assertThatThrownBy(() -> StoreFiles.open(db(), KEY, 1)).isInstanceOf(LedgerException.class)
        .hasMessageContaining("does not match the head row");
  }

  @Test
  void anEntryAppendedBehindTheStoresBackIsRefusedOnOpen() throws Exception {
    fill(3);
    sql("INSERT INTO entries (idx, timestamp, type, entry_hash, prev_hash, canonical) SELECT 3, timestamp, type, entry_hash,"
        + " prev_hash, canonical FROM entries WHERE idx = 2");
    assertThatThrownBy(() -> StoreFiles.open(db(), KEY, 1)).isInstanceOf(LedgerException.class)
        .hasMessageContaining("the stored tail (entry 3");
  }

  @Test
  void checkpointsCanBeSparserThanBatchesAndCloseCoversTheTail() throws Exception {
    try (JdbcLedgerStore s = StoreFiles.open(db(), KEY, 5)) {
      for (int i = 0; i < 12; i++) {
        s.append("access", "2026-01-01T00:00:00Z", payload(i));
      }
    }
    try (JdbcLedgerStore s = JdbcLedgerStore.openReadOnly(SqliteDialect.url(db()))) {
      assertThat(s.checkpoints()).extracting(n -> n.split("\n")[1]).containsExactly("5", "10", "12");
      assertThat(s.head().orElseThrow().checkpointEvery()).isEqualTo(5);
    }
    assertThat(failure()).isNull();
  }

  @Test
  void aTailLeftUnsignedByACrashIsNamedWithItsCadence() throws Exception {
    try (JdbcLedgerStore s = StoreFiles.open(db(), KEY, 5)) {
      for (int i = 0; i < 7; i++) {
        s.append("access", "2026-01-01T00:00:00Z", payload(i));
      }
    }
    // As if the writer died before its closing checkpoint: the last 2 entries were never signed.
    sql("DELETE FROM checkpoints WHERE size = 7");
    ChainFailure f = failure();
    assertThat(f.code()).isEqualTo("checkpoint.tail_uncovered");
    assertThat(f.index()).isEqualTo(5);
    assertThat(f.message()).contains("entries 5 to 6 are covered by no signed checkpoint").contains("one checkpoint per 5 entries");
  }

  @Test
  void theDatabaseFilesArePrivate() throws Exception {
    fill(2);
    try (JdbcLedgerStore s = StoreFiles.open(db(), KEY, 1)) {
      s.append("access", "2026-01-01T00:00:00Z", payload(9));
      List<Path> files = new ArrayList<>(List.of(db()));
      for (String side : new String[] {"-wal", "-shm"}) {
        if (Files.exists(Path.of(db() + side))) {
          files.add(Path.of(db() + side));
        }
      }
      for (Path f : files) {
        assertThat(Files.getPosixFilePermissions(f)).as(f.toString())
            .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      }
    }
  }

  @Test
  void aLedgerWithEntriesRefusesAnotherKey() throws Exception {
    fill(2);
    assertThatThrownBy(() -> StoreFiles.open(db(), TestSigner.of(6), 1)).isInstanceOf(LedgerException.class)
        .satisfies(e -> assertThat(((LedgerException) e).kind()).isEqualTo(LedgerException.Kind.KEY_MISMATCH))
        .hasMessageContaining("never takes a new key except through `gavel keys rotate`");
  }

  @Test
  void aReadOnlyOpenWritesNothing() throws Exception {
    fill(3);
    byte[] before = Files.readAllBytes(db());
    try (JdbcLedgerStore s = JdbcLedgerStore.openReadOnly(SqliteDialect.url(db()))) {
      assertThat(s.size()).isEqualTo(3);
      assertThatThrownBy(() -> s.append("access", "2026-01-01T00:00:00Z", payload(1))).hasMessageContaining("reading only");
    }
    assertThat(Files.readAllBytes(db())).isEqualTo(before);
    assertThatThrownBy(() -> JdbcLedgerStore.openReadOnly(SqliteDialect.url(dir.resolve("missing.db"))))
        .hasMessageContaining("no ledger database");
    assertThat(Files.exists(dir.resolve("missing.db"))).isFalse();
  }
}
