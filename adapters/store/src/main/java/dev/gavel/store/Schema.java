package dev.gavel.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The ledger's tables and the indexes auditors' queries use (time, model, outcome, decision id,
 * and type + key for policy activations and key rotations).
 */
final class Schema {
  static final int VERSION = 2;

  private Schema() {}

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS entries ("
          + " idx INTEGER PRIMARY KEY,"
          + " timestamp TEXT NOT NULL,"
          + " type TEXT NOT NULL,"
          + " entry_hash TEXT NOT NULL,"
          + " prev_hash TEXT NOT NULL,"
          + " canonical BLOB NOT NULL,"
          + " model TEXT, outcome TEXT, decision_id TEXT, entry_key TEXT)");
      // Version 1 ledgers lack entry_key (the lookup key of policy activations and key rotations).
      boolean hasKey = false;
      try (java.sql.ResultSet rs = s.executeQuery("PRAGMA table_info(entries)")) {
        while (rs.next()) {
          hasKey |= rs.getString("name").equals("entry_key");
        }
      }
      if (!hasKey) {
        s.execute("ALTER TABLE entries ADD COLUMN entry_key TEXT");
      }
      s.execute("CREATE INDEX IF NOT EXISTS entries_type_key ON entries (type, entry_key)");
      s.execute("CREATE INDEX IF NOT EXISTS entries_timestamp ON entries (timestamp)");
      s.execute("CREATE INDEX IF NOT EXISTS entries_model ON entries (model)");
      s.execute("CREATE INDEX IF NOT EXISTS entries_outcome ON entries (outcome)");
      s.execute("CREATE UNIQUE INDEX IF NOT EXISTS entries_decision_id ON entries (decision_id)");
      s.execute("CREATE TABLE IF NOT EXISTS checkpoints ("
          + " size INTEGER PRIMARY KEY, root TEXT NOT NULL, note TEXT NOT NULL, created TEXT NOT NULL)");
      s.execute("INSERT INTO schema_version (version) SELECT " + VERSION
          + " WHERE NOT EXISTS (SELECT 1 FROM schema_version)");
      s.execute("UPDATE schema_version SET version = " + VERSION + " WHERE version < " + VERSION);
    }
  }
}
