package dev.gavel.store;

import dev.gavel.ledger.MerkleFrontier;
import dev.gavel.ledger.SubtreeHashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code merkle_subtrees} table: the hash of every perfect subtree of 256, 65,536, 2^24 ...
 * leaves (heights that are multiples of {@link #STRIDE}), written with the batch that completes
 * it, so that a proof costs O(log n) small indexed reads at any ledger size instead of reading
 * every leaf hash (about n/255 rows beside n entries). The table is derived data: a proof built
 * from a damaged row does not verify against the signed checkpoint (auditors and the console check
 * that), and a missing row is recomputed from the rows or leaves below it, never assumed.
 */
final class StoredSubtrees {
  /** The heights kept are the multiples of this (8: subtrees of 256 leaves, 256 of those, ...). */
  static final int STRIDE = 8;
  static final String INSERT = "INSERT INTO merkle_subtrees (level, idx, hash) VALUES (?, ?, ?)";

  private StoredSubtrees() {}

  static void create(Connection c, SqlDialect d) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS merkle_subtrees (level " + d.bigintType() + " NOT NULL, idx " + d.bigintType()
          + " NOT NULL, hash " + d.blobType() + " NOT NULL, PRIMARY KEY (level, idx))");
    }
  }

  /** Whether a completed subtree of this height is kept. */
  static boolean kept(int level) {
    return level > 0 && level % STRIDE == 0;
  }

  /** Adds the insert of a completed subtree to {@code ins}'s batch when its height is kept; returns whether it did. */
  static boolean add(PreparedStatement ins, long start, int level, byte[] hash) throws SQLException {
    if (!kept(level)) {
      return false;
    }
    ins.setInt(1, level);
    ins.setLong(2, start >> level);
    ins.setBytes(3, hash);
    ins.addBatch();
    return true;
  }

  /** Fills the table from the stored entry hashes, once (the upgrade of a ledger from before it). */
  static void backfill(Connection c) throws SQLException {
    MerkleFrontier tree = new MerkleFrontier();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT entry_hash FROM entries ORDER BY idx");
        PreparedStatement ins = c.prepareStatement(INSERT)) {
      int[] pending = {0};
      SQLException[] failed = {null};
      while (rs.next()) {
        tree.append(JdbcLedgerReader.hashBytes(rs.getString(1)), (start, level, hash) -> {
          try {
            if (add(ins, start, level, hash) && ++pending[0] % 1000 == 0) {
              ins.executeBatch();
            }
          } catch (SQLException e) {
            failed[0] = e;
          }
        });
        if (failed[0] != null) {
          throw failed[0];
        }
      }
      if (pending[0] % 1000 != 0) {
        ins.executeBatch();
      }
    }
  }

  /**
   * Perfect-subtree hashes read through {@code c}: kept rows where they exist, leaf hashes below
   * them; only leaf hashes in a ledger opened read-only before its upgrade (no table yet).
   */
  static SubtreeHashes<SQLException> on(Connection c) throws SQLException {
    boolean kept = LedgerSchema.hasTable(c, "merkle_subtrees");
    return new SubtreeHashes<>() {
      @Override
      public byte[] perfect(long start, int level) throws SQLException {
        return kept ? StoredSubtrees.perfect(c, start, level, level) : SubtreeHashes.perfectOver(leaves(c, start, 1L << level));
      }
    };
  }

  /** MTH of leaves [start, start + 2^level), from the kept height at or below {@code from}. */
  private static byte[] perfect(Connection c, long start, int level, int from) throws SQLException {
    int below = (from / STRIDE) * STRIDE;
    if (below == level && level > 0) {
      byte[] kept = row(c, level, start >> level);
      if (kept != null) {
        return kept;
      }
      below -= STRIDE;  // missing: compose it from the kept height below
    }
    if (below <= 0) {
      return SubtreeHashes.perfectOver(leaves(c, start, 1L << level));
    }
    long count = 1L << (level - below);
    long first = start >> below;
    Map<Long, byte[]> found = rows(c, below, first, first + count);
    List<byte[]> nodes = new ArrayList<>((int) count);
    for (long i = first; i < first + count; i++) {
      byte[] h = found.get(i);
      nodes.add(h != null ? h : perfect(c, i << below, below, below - 1));
    }
    return SubtreeHashes.perfectOver(nodes);
  }

  private static byte[] row(Connection c, int level, long idx) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT hash FROM merkle_subtrees WHERE level = ? AND idx = ?")) {
      p.setInt(1, level);
      p.setLong(2, idx);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }

  private static Map<Long, byte[]> rows(Connection c, int level, long from, long to) throws SQLException {
    Map<Long, byte[]> out = new HashMap<>();
    try (PreparedStatement p = c.prepareStatement("SELECT idx, hash FROM merkle_subtrees WHERE level = ? AND idx >= ? AND idx < ?")) {
      p.setInt(1, level);
      p.setLong(2, from);
      p.setLong(3, to);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), rs.getBytes(2));
        }
      }
    }
    return out;
  }

  private static List<byte[]> leaves(Connection c, long start, long count) throws SQLException {
    List<byte[]> out = new ArrayList<>((int) count);
    try (PreparedStatement p = c.prepareStatement("SELECT idx, entry_hash FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx")) {
      p.setLong(1, start);
      p.setLong(2, start + count);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          if (rs.getLong(1) != start + out.size()) {
            throw new SQLException("entry " + (start + out.size()) + " is missing from the entries table");
          }
          out.add(JdbcLedgerReader.hashBytes(rs.getString(2)));
        }
      }
    }
    if (out.size() != count) {
      throw new SQLException("entries " + (start + out.size()) + " to " + (start + count - 1) + " are missing from the entries table");
    }
    return out;
  }
}
