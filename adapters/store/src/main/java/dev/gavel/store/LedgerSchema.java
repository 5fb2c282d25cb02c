package dev.gavel.store;

import dev.gavel.ledger.LedgerEntry;
import dev.gavel.ledger.MerkleFrontier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The ledger's tables, created and migrated on open inside a write transaction (so two processes
 * opening a new ledger at once do not race):
 * <ul>
 *   <li>{@code entries}: the exact bytes and hash of every entry, and the index columns auditors'
 *       queries use (type, time, model, outcome, decision id, lookup key), checked by verify;
 *   <li>{@code checkpoints}: every signed checkpoint, written in the same transaction as its batch;
 *   <li>{@code ledger_head}: one row with the tree size, the head hash, the Merkle frontier (O(log n)
 *       hashes), the checkpoint cadence and the key in force, so that opening a ledger costs the
 *       same at any size.
 * </ul>
 * Version 1 lacked entry_key, version 2 lacked ledger_head; both are upgraded in place.
 */
final class LedgerSchema {
  static final int VERSION = 3;

  private LedgerSchema() {}

  static void migrate(Connection c, SqlDialect d) throws SQLException {
    d.beginWrite(c);
    try {
      create(c, d);
      d.commitWrite(c);
    } catch (SQLException | RuntimeException e) {
      d.rollbackWrite(c);
      throw e;
    }
  }

  private static void create(Connection c, SqlDialect d) throws SQLException {
    String big = d.bigintType();
    String blob = d.blobType();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version " + big + " NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS entries ("
          + " idx " + big + " PRIMARY KEY,"
          + " timestamp TEXT NOT NULL,"
          + " type TEXT NOT NULL,"
          + " entry_hash TEXT NOT NULL,"
          + " prev_hash TEXT NOT NULL,"
          + " canonical " + blob + " NOT NULL,"
          + " model TEXT, outcome TEXT, decision_id TEXT, entry_key TEXT)");
      if (!hasColumn(c, "entries", "entry_key")) {
        s.execute("ALTER TABLE entries ADD COLUMN entry_key TEXT");
      }
      s.execute("CREATE INDEX IF NOT EXISTS entries_type_key ON entries (type, entry_key)");
      s.execute("CREATE INDEX IF NOT EXISTS entries_timestamp ON entries (timestamp)");
      s.execute("CREATE INDEX IF NOT EXISTS entries_model ON entries (model)");
      s.execute("CREATE INDEX IF NOT EXISTS entries_outcome ON entries (outcome)");
      s.execute("CREATE UNIQUE INDEX IF NOT EXISTS entries_decision_id ON entries (decision_id)");
      s.execute("CREATE TABLE IF NOT EXISTS checkpoints ("
          + " size " + big + " PRIMARY KEY, root TEXT NOT NULL, note TEXT NOT NULL, created TEXT NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS ledger_head ("
          + " id " + big + " PRIMARY KEY CHECK (id = 1), size " + big + " NOT NULL, head_hash TEXT NOT NULL,"
          + " frontier " + blob + " NOT NULL, checkpoint_every " + big + " NOT NULL, signer_key TEXT)");
      boolean hasHead;
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ledger_head")) {
        rs.next();
        hasHead = rs.getLong(1) > 0;
      }
      if (!hasHead) {
        rebuildHead(c);
      }
      int version = 0;
      try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
        if (rs.next()) {
          version = rs.getInt(1);
        }
      }
      if (version == 0) {
        s.execute("INSERT INTO schema_version (version) VALUES (" + VERSION + ")");
      } else if (version < VERSION) {
        s.execute("UPDATE schema_version SET version = " + VERSION);
      }
    }
  }

  /**
   * The one-time upgrade of a ledger without a head row: the frontier from every stored hash (an
   * O(n) read, once). A new ledger gets the empty head.
   */
  private static void rebuildHead(Connection c) throws SQLException {
    MerkleFrontier f = new MerkleFrontier();
    String head = LedgerEntry.GENESIS;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT entry_hash FROM entries ORDER BY idx")) {
      while (rs.next()) {
        head = rs.getString(1);
        f.append(HexFormat.of().parseHex(head.substring("sha256:".length())));
      }
    }
    try (PreparedStatement p = c.prepareStatement(
        "INSERT INTO ledger_head (id, size, head_hash, frontier, checkpoint_every, signer_key) VALUES (1, ?, ?, ?, 1, NULL)")) {
      p.setLong(1, f.size());
      p.setString(2, head);
      p.setBytes(3, f.encode());
      p.executeUpdate();
    }
  }

  static boolean hasTable(Connection c, String table) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
      return rs.next();
    }
  }

  private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
    try (ResultSet rs = c.getMetaData().getColumns(null, null, table, column)) {
      return rs.next();
    }
  }
}
