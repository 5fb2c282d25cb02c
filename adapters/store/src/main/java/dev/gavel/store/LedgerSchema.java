package dev.gavel.store;

import dev.gavel.core.port.LedgerException;
import dev.gavel.ledger.LedgerEntry;
import dev.gavel.ledger.MerkleFrontier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * The ledger's tables, created and upgraded by numbered migrations applied on open inside one
 * schema-change transaction (so two processes, or two replicas, opening a new ledger at once do
 * not race); {@code schema_version} gets one row per migration applied:
 * <ol>
 *   <li>{@code entries} (the exact bytes and hash of every entry, and the index columns auditors'
 *       queries use: type, time, model, outcome, decision id) and {@code checkpoints} (every
 *       signed checkpoint, written in the same transaction as its batch);
 *   <li>the lookup key of an entry ({@code entry_key}, by which policy activations are found);
 *   <li>{@code ledger_head}: one row with the tree size, the head hash, the Merkle frontier
 *       (O(log n) hashes), the checkpoint cadence and the key in force, so that opening a ledger
 *       costs the same at any size (rebuilt once from the stored hashes when upgrading);
 *   <li>the index on entry time dropped: time bounds are compared as instants in Java (RFC 3339
 *       text does not sort by time), so no query used it, and every append paid for it;
 *   <li>{@code entry_digests}: one row per artifact digest a decision names or a revocation
 *       revokes ({@link dev.gavel.core.port.EntryIndex#digests()}), indexed by digest, so an
 *       artifact's status is one indexed read at any ledger size (filled in from the existing
 *       entries once);
 *   <li>{@code merkle_subtrees}: the hashes of perfect subtrees of 256, 65,536, ... leaves
 *       ({@link StoredSubtrees}), so proofs cost O(log n) reads (filled in from the entry hashes once).
 * </ol>
 * Every step is written so that it also completes a ledger an earlier Gavel left half-described
 * (SQLite ledgers from before these migrations recorded a single version row, or none).
 */
final class LedgerSchema {
  /** One numbered step of the schema. */
  private record Migration(int version, String description, Step step) {}

  @FunctionalInterface
  private interface Step {
    void apply(Connection c, SqlDialect d) throws SQLException;
  }

  private static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "entries and checkpoints", LedgerSchema::entriesAndCheckpoints),
      new Migration(2, "entry lookup key", LedgerSchema::entryKey),
      new Migration(3, "head row with the Merkle frontier", LedgerSchema::headRow),
      new Migration(4, "no index on entry time", LedgerSchema::noTimeIndex),
      new Migration(5, "artifact digest index", LedgerSchema::digestIndex),
      new Migration(6, "Merkle subtree hashes", LedgerSchema::subtrees));

  /** The version this code creates and reads. */
  static final int VERSION = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

  private LedgerSchema() {}

  /** Brings the schema to {@link #VERSION}; refuses a ledger written by a newer Gavel. */
  static void migrate(Connection c, SqlDialect d, String where) throws SQLException, LedgerException {
    d.beginSchemaChange(c);
    try {
      int current = currentVersion(c, d);
      if (current > VERSION) {
        throw new LedgerException("the ledger " + where + " has schema version " + current + ", newer than this Gavel knows ("
            + VERSION + "); use the Gavel that wrote it or a newer one", null);
      }
      for (Migration m : MIGRATIONS) {
        if (m.version() > current) {
          m.step().apply(c, d);
          try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version) VALUES (?)")) {
            p.setInt(1, m.version());
            p.executeUpdate();
          }
        }
      }
      d.commitWrite(c);
    } catch (SQLException | RuntimeException | LedgerException e) {
      try {
        d.rollbackWrite(c);
      } catch (SQLException ignored) {
        // the first failure is the one to report
      }
      throw e;
    }
  }

  /** The highest version applied; 0 for an empty database (the version table is created here). */
  static int currentVersion(Connection c, SqlDialect d) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version " + d.bigintType() + " NOT NULL)");
      try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
        rs.next();
        int recorded = rs.getInt(1);
        // An early ledger may have tables but no version row; what it holds says how far it got.
        if (recorded == 0 && hasTable(c, "entries")) {
          return hasTable(c, "ledger_head") ? 3 : hasColumn(c, "entries", "entry_key") ? 2 : 1;  // 4 came with version rows
        }
        return recorded;
      }
    }
  }

  private static void entriesAndCheckpoints(Connection c, SqlDialect d) throws SQLException {
    String big = d.bigintType();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS entries ("
          + " idx " + big + " PRIMARY KEY,"
          + " timestamp TEXT NOT NULL,"
          + " type TEXT NOT NULL,"
          + " entry_hash TEXT NOT NULL,"
          + " prev_hash TEXT NOT NULL,"
          + " canonical " + d.blobType() + " NOT NULL,"
          + " model TEXT, outcome TEXT, decision_id TEXT)");
      s.execute("CREATE INDEX IF NOT EXISTS entries_model ON entries (model)");
      s.execute("CREATE INDEX IF NOT EXISTS entries_outcome ON entries (outcome)");
      s.execute("CREATE UNIQUE INDEX IF NOT EXISTS entries_decision_id ON entries (decision_id)");
      s.execute("CREATE TABLE IF NOT EXISTS checkpoints ("
          + " size " + big + " PRIMARY KEY, root TEXT NOT NULL, note TEXT NOT NULL, created TEXT NOT NULL)");
    }
  }

  /** The key column, filled in from each existing entry's bytes (once), so lookups and the audit see every entry's key. */
  private static void entryKey(Connection c, SqlDialect d) throws SQLException {
    try (Statement s = c.createStatement()) {
      if (!hasColumn(c, "entries", "entry_key")) {
        s.execute("ALTER TABLE entries ADD COLUMN entry_key TEXT");
      }
      s.execute("CREATE INDEX IF NOT EXISTS entries_type_key ON entries (type, entry_key)");
    }
    java.util.Map<Long, String> keys = new java.util.LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT idx, canonical FROM entries WHERE entry_key IS NULL ORDER BY idx")) {
      while (rs.next()) {
        String key;
        try {
          key = dev.gavel.core.port.EntryIndex.of(dev.gavel.json.Json.read(rs.getBytes(2))).key();
        } catch (dev.gavel.json.Json.ParseException | RuntimeException e) {
          key = null;  // an entry that is not readable stays as it is: the audit names it
        }
        if (key != null) {
          keys.put(rs.getLong(1), key);
        }
      }
    }
    try (PreparedStatement p = c.prepareStatement("UPDATE entries SET entry_key = ? WHERE idx = ?")) {
      for (java.util.Map.Entry<Long, String> k : keys.entrySet()) {
        p.setString(1, k.getValue());
        p.setLong(2, k.getKey());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  private static void headRow(Connection c, SqlDialect d) throws SQLException {
    String big = d.bigintType();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS ledger_head ("
          + " id " + big + " PRIMARY KEY CHECK (id = 1), size " + big + " NOT NULL, head_hash TEXT NOT NULL,"
          + " frontier " + d.blobType() + " NOT NULL, checkpoint_every " + big + " NOT NULL, signer_key TEXT)");
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ledger_head")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return;
        }
      }
    }
    rebuildHead(c);
  }

  private static void noTimeIndex(Connection c, SqlDialect d) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP INDEX IF EXISTS entries_timestamp");
    }
  }

  /** The digest rows, filled in from each existing entry's bytes (once), so lookups and the audit see every digest. */
  private static void digestIndex(Connection c, SqlDialect d) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS entry_digests (idx " + d.bigintType() + " NOT NULL, digest TEXT NOT NULL,"
          + " PRIMARY KEY (idx, digest))");
      s.execute("CREATE INDEX IF NOT EXISTS entry_digests_digest ON entry_digests (digest, idx)");
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT idx, canonical FROM entries WHERE type IN ('decision', 'revocation') ORDER BY idx");
        PreparedStatement p = c.prepareStatement("INSERT INTO entry_digests (idx, digest) VALUES (?, ?)")) {
      int pending = 0;
      while (rs.next()) {
        List<String> digests;
        try {
          digests = dev.gavel.core.port.EntryIndex.of(dev.gavel.json.Json.read(rs.getBytes(2))).digests();
        } catch (dev.gavel.json.Json.ParseException | RuntimeException e) {
          continue;  // an entry that is not readable stays as it is: the audit names it
        }
        for (String digest : digests) {
          p.setLong(1, rs.getLong(1));
          p.setString(2, digest);
          p.addBatch();
          if (++pending == 1000) {
            p.executeBatch();
            pending = 0;
          }
        }
      }
      if (pending > 0) {
        p.executeBatch();
      }
    }
  }

  private static void subtrees(Connection c, SqlDialect d) throws SQLException {
    StoredSubtrees.create(c, d);
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM merkle_subtrees")) {
      rs.next();
      if (rs.getLong(1) > 0) {
        return;
      }
    }
    StoredSubtrees.backfill(c);
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

  /** Whether {@code table} exists in the connection's current schema (PostgreSQL: not in some other schema). */
  static boolean hasTable(Connection c, String table) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(null, schema(c), table, null)) {
      return rs.next();
    }
  }

  private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
    try (ResultSet rs = c.getMetaData().getColumns(null, schema(c), table, column)) {
      return rs.next();
    }
  }

  private static String schema(Connection c) {
    try {
      return c.getSchema();
    } catch (SQLException | RuntimeException e) {
      return null;  // a driver without schemas (SQLite): any
    }
  }
}
