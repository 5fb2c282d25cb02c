package dev.gavel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.InMemorySigner;
import dev.gavel.testkit.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versioned schema migrations applied on open: ledgers written by earlier Gavels (a single
 * version row, or none, and older tables) upgrade in place and keep their chain; a ledger from a
 * newer Gavel is refused; replicas opening a new PostgreSQL database at the same moment apply each
 * migration once.
 */
class LedgerSchemaMigrationTest {
  static final InMemorySigner KEY = new InMemorySigner(CrashAppender.signer());

  @TempDir
  Path dir;

  @Test
  void aVersion3SqliteLedgerUpgradesInPlaceAndContinuesItsChain() throws Exception {
    Path db = dir.resolve("ledger.db");
    String head;
    try (JdbcLedgerStore s = StoreFiles.open(db, KEY, 1)) {
      s.append("access", "2026-11-30T00:00:00Z", decision(0));
      head = s.append("access", "2026-11-30T00:00:01Z", decision(1)).entryHash();
    }
    // As the Gavel before versioned migrations left it: one row saying 3, and the time index.
    sql(SqliteDialect.url(db), "DELETE FROM schema_version", "INSERT INTO schema_version (version) VALUES (3)",
        "CREATE INDEX entries_timestamp ON entries (timestamp)");
    try (JdbcLedgerStore s = StoreFiles.open(db, KEY, 1)) {
      assertThat(s.append("access", "2026-11-30T00:00:02Z", decision(2)).index()).isEqualTo(2);
      assertThat(s.entry(1).orElseThrow().entryHash()).isEqualTo(head);
    }
    assertThat(versions(SqliteDialect.url(db))).containsExactly(3, 4, 5, 6);
    assertThat(indexes(SqliteDialect.url(db))).doesNotContain("entries_timestamp").contains("entries_type_key");
    assertThat(StoreFiles.audit(db, CrashAppender.signer().verifier())).isNull();
  }

  @Test
  void aVersion1SqliteLedgerWithoutVersionRowsGetsItsKeyColumnAndHeadRow() throws Exception {
    Path db = dir.resolve("ledger.db");
    try (JdbcLedgerStore s = StoreFiles.open(db, KEY, 1)) {
      for (int i = 0; i < 5; i++) {
        s.append("policy-activation", "2026-11-30T00:00:0" + i + "Z", activation(i));
      }
    }
    sql(SqliteDialect.url(db), "DROP TABLE schema_version", "DROP TABLE ledger_head", "DROP INDEX entries_type_key",
        "ALTER TABLE entries DROP COLUMN entry_key");
    try (JdbcLedgerStore s = StoreFiles.open(db, KEY, 1)) {
      assertThat(s.head().orElseThrow().size()).as("head row rebuilt from the stored hashes").isEqualTo(5);
      assertThat(s.append("policy-activation", "2026-11-30T00:00:09Z", activation(5)).index()).isEqualTo(5);
      assertThat(s.find("policy-activation", "r-5")).as("found by the key column added").isPresent();
    }
    assertThat(versions(SqliteDialect.url(db))).containsExactly(2, 3, 4, 5, 6);
    assertThat(StoreFiles.audit(db, CrashAppender.signer().verifier())).isNull();
  }

  @Test
  void aVersion4LedgerGetsTheDigestRowsOfItsDecisionsAndIsReadableBeforeIt() throws Exception {
    Path db = dir.resolve("ledger.db");
    String a = "a".repeat(64);
    try (JdbcLedgerStore s = StoreFiles.open(db, KEY, 1)) {
      s.append("decision", "2026-11-30T00:00:00Z", decisionNaming(0, a));
      s.append("decision", "2026-11-30T00:00:01Z", decisionNaming(1, "b".repeat(64)));
    }
    // As Gavel left it before migration 5.
    sql(SqliteDialect.url(db), "DROP TABLE entry_digests", "DROP TABLE merkle_subtrees", "DELETE FROM schema_version WHERE version >= 5");
    try (JdbcLedgerStore ro = JdbcLedgerStore.openReadOnly(SqliteDialect.url(db))) {
      List<Long> found = new ArrayList<>();
      ro.byArtifact(a, r -> found.add(r.index()));
      assertThat(found).as("read-only, without the index: every entry is read").containsExactly(0L);
      assertThat(ro.entry(0).orElseThrow().columns().digests()).as("not kept, so not compared").isNull();
    }
    try (JdbcLedgerStore s = StoreFiles.open(db, KEY, 1)) {
      List<Long> found = new ArrayList<>();
      s.byArtifact(a, r -> found.add(r.index()));
      assertThat(found).containsExactly(0L);
      assertThat(s.entry(0).orElseThrow().columns().digests()).containsExactly(a);
    }
    assertThat(versions(SqliteDialect.url(db))).containsExactly(1, 2, 3, 4, 5, 6);
  }

  static com.fasterxml.jackson.databind.node.ObjectNode decisionNaming(int n, String digest) {
    var o = decision(n);
    o.putObject("request").put("digest", "sha256:" + "0".repeat(64)).putArray("artifacts").addObject().put("name", "f")
        .put("sha256", digest);
    return o;
  }

  @Test
  void aLedgerFromANewerGavelIsRefused() throws Exception {
    Path db = dir.resolve("ledger.db");
    StoreFiles.open(db).close();
    sql(SqliteDialect.url(db), "INSERT INTO schema_version (version) VALUES (99)");
    assertThatThrownBy(() -> StoreFiles.open(db)).isInstanceOf(LedgerException.class)
        .hasMessageContaining("schema version 99, newer than this Gavel knows (" + LedgerSchema.VERSION + ")");
  }

  @Test
  void replicasOpeningANewPostgresDatabaseAtOnceApplyEachMigrationOnce() throws Exception {
    String url = TestPostgres.freshDatabase();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<JdbcLedgerStore>> opened = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      opened.add(pool.submit(() -> {
        go.await();
        return JdbcLedgerStore.open(url, KEY, 1);
      }));
    }
    go.countDown();
    for (Future<JdbcLedgerStore> f : opened) {
      try (JdbcLedgerStore s = f.get()) {
        s.append("access", "2026-11-30T00:00:00Z", JsonNodeFactory.instance.objectNode().put("n", 1));
      }
    }
    pool.shutdown();
    assertThat(versions(url)).containsExactly(1, 2, 3, 4, 5, 6);
    try (JdbcLedgerStore s = JdbcLedgerStore.openReadOnly(url)) {
      assertThat(s.size()).isEqualTo(6);
      PostgresReplicasTest.assertAudits(s);
    }
  }

  static com.fasterxml.jackson.databind.node.ObjectNode decision(int n) {
    return JsonNodeFactory.instance.objectNode().put("decisionId", "d-" + n).put("allow", true);
  }

  static com.fasterxml.jackson.databind.node.ObjectNode activation(int n) {
    return JsonNodeFactory.instance.objectNode().put("revision", "r-" + n);
  }

  static void sql(String url, String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String q : statements) {
        s.execute(q);
      }
    }
  }

  static List<Integer> versions(String url) throws Exception {
    List<Integer> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  static List<String> indexes(String url) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
