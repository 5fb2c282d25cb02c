package dev.gavel.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gavel.core.testing.LedgerFill;
import dev.gavel.core.testing.TestSigner;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.ConsistencyProof;
import dev.gavel.ledger.InclusionProof;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proofs from the kept subtree hashes of a ledger past 65,536 entries (so heights 8 and 16 are
 * both kept): equal to the proofs from all leaf hashes; still equal when the rows are gone (an
 * upgraded or copied ledger is filled in, a missing row is recomputed); and a damaged row gives a
 * proof whose root is not the signed checkpoint's, which is what proof verifiers compare.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoredSubtreesTest {
  static final int ENTRIES = 65_536 + 700;
  @TempDir
  static Path dir;
  static Path db;
  static final dev.gavel.core.InMemorySigner KEY = TestSigner.of(7);

  @BeforeAll
  static void fill() throws Exception {
    db = dir.resolve("ledger.db");
    try (JdbcLedgerStore s = StoreFiles.open(db, KEY, 1 << 20)) {
      LedgerFill.fill(s, ENTRIES, 32, (store, n) ->
          store.append("access", "2026-12-01T00:00:00.000Z", JsonNodeFactory.instance.objectNode().put("n", n)));
      assertThat(s.size()).isEqualTo(ENTRIES);
    }
  }

  static long rows(String where) throws Exception {
    try (Connection c = DriverManager.getConnection(SqliteDialect.url(db)); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM merkle_subtrees" + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(SqliteDialect.url(db)); Statement st = c.createStatement()) {
      st.executeUpdate(statement);
    }
  }

  static void assertProofsEqualTheLeafProofs(JdbcLedgerStore s) throws Exception {
    for (long size : new long[] {ENTRIES, 65_536, 65_537, 66_000, 4_096, 300}) {
      List<byte[]> leaves = s.leafHashes(size);
      for (long i : new long[] {0, 1, 255, 256, 40_000, 65_535, size - 1}) {
        if (i < size) {
          assertThat(s.inclusionProof(i, size).toJson()).as("inclusion of %d in %d", i, size)
              .isEqualTo(InclusionProof.of(i, leaves).toJson());
        }
      }
      for (long from : new long[] {1, 256, 65_536, 65_600}) {
        if (from <= size) {
          assertThat(s.consistencyProof(from, size).toJson()).isEqualTo(ConsistencyProof.of(from, leaves).toJson());
        }
      }
    }
  }

  @Test
  @Order(1)
  void everyCompletedSubtreeOfAKeptHeightIsWrittenWithItsBatch() throws Exception {
    assertThat(rows(" WHERE level = 8")).isEqualTo(ENTRIES / 256);
    assertThat(rows(" WHERE level = 16")).isEqualTo(1);
    assertThat(rows("")).isEqualTo(ENTRIES / 256 + 1);
  }

  @Test
  @Order(2)
  void proofsFromKeptSubtreesEqualTheProofsFromAllLeaves() throws Exception {
    try (JdbcLedgerStore s = JdbcLedgerStore.openReadOnly(SqliteDialect.url(db))) {
      assertProofsEqualTheLeafProofs(s);
    }
  }

  @Test
  @Order(3)
  void aDamagedSubtreeRowGivesAProofThatDoesNotMatchTheSignedCheckpoint() throws Exception {
    sql("UPDATE merkle_subtrees SET hash = zeroblob(32) WHERE level = 8 AND idx = 3");
    try (JdbcLedgerStore s = JdbcLedgerStore.openReadOnly(SqliteDialect.url(db))) {
      Checkpoint cp = Checkpoint.parse(KEY.key().verifier().open(s.latestCheckpoint().orElseThrow()));
      assertThat(cp.size()).isEqualTo(ENTRIES);
      InclusionProof damaged = s.inclusionProof(0, ENTRIES);
      assertThat(new InclusionProof(0, ENTRIES, damaged.leafHash(), cp.root(), damaged.proof()).verify())
          .as("leaf 0's path crosses the damaged subtree").isPresent();
      InclusionProof untouched = s.inclusionProof(ENTRIES - 1, ENTRIES);
      assertThat(new InclusionProof(ENTRIES - 1, ENTRIES, untouched.leafHash(), cp.root(), untouched.proof()).verify())
          .as("the last leaf's path does not cross it").isEmpty();
    }
  }

  @Test
  @Order(4)
  void missingRowsAreRecomputedFromTheRowsOrLeavesBelowThem() throws Exception {
    sql("DELETE FROM merkle_subtrees WHERE level = 16 OR (level = 8 AND idx IN (3, 7, 200))");
    try (JdbcLedgerStore s = JdbcLedgerStore.openReadOnly(SqliteDialect.url(db))) {
      Checkpoint cp = Checkpoint.parse(KEY.key().verifier().open(s.latestCheckpoint().orElseThrow()));
      assertThat(s.inclusionProof(0, ENTRIES).rootHash()).isEqualTo(cp.root());
      assertProofsEqualTheLeafProofs(s);
    }
  }

  @Test
  @Order(5)
  void aLedgerFromBeforeTheTableIsFilledInOnceWhenItIsOpened() throws Exception {
    sql("DROP TABLE merkle_subtrees");
    sql("DELETE FROM schema_version WHERE version = 6");
    try (JdbcLedgerStore s = StoreFiles.open(db, KEY, 1 << 20)) {
      assertThat(rows(" WHERE level = 8")).isEqualTo(ENTRIES / 256);
      assertThat(rows(" WHERE level = 16")).isEqualTo(1);
      assertProofsEqualTheLeafProofs(s);
    }
  }
}
