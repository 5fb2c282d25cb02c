package dev.gavel.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.EntryIndex;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerHead;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerRecord;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.json.Json;
import dev.gavel.ledger.ConsistencyProof;
import dev.gavel.ledger.InclusionProof;
import dev.gavel.ledger.KeyRotation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The reads of the JDBC ledger, on their own connections (readers never wait for the writer, in
 * SQLite's WAL mode as in PostgreSQL, and never share its connection). Entries are read back with
 * the strict reader, so decimals stay exact. SQLite's one read connection serialises calls; a
 * server database's pool serves several at once.
 */
final class JdbcLedgerReader implements LedgerReader {
  /**
   * The columns of a row, its digest rows included (one indexed read per row; string_agg is in
   * PostgreSQL and in SQLite since 3.44). Qualified, so that joins may use them.
   */
  private static final String BASE = "entries.idx, entries.canonical, entries.entry_hash, entries.type, entries.timestamp,"
      + " entries.prev_hash, entries.model, entries.outcome, entries.decision_id, entries.entry_key,";
  private static final String WITH_DIGESTS = BASE + " (SELECT string_agg(d.digest, ',') FROM entry_digests d WHERE d.idx = entries.idx)";
  /** A ledger opened read-only before migration 5 has no digest rows: their column reads as "not kept". */
  private static final String WITHOUT_DIGESTS = BASE + " NULL";
  private final Connections conns;
  private final String description;
  private volatile Boolean digestIndex;

  JdbcLedgerReader(Connections conns, String description) {
    this.conns = conns;
    this.description = description;
  }

  /** The selected columns: with the digest rows when the schema has them (a read-only ledger may predate them). */
  private String columns() throws LedgerException {
    return hasDigestIndex() ? WITH_DIGESTS : WITHOUT_DIGESTS;
  }

  private boolean hasDigestIndex() throws LedgerException {
    Boolean known = digestIndex;
    if (known == null) {
      known = read("read the ledger schema", conn -> LedgerSchema.hasTable(conn, "entry_digests"));
      digestIndex = known;
    }
    return known;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public long size() throws LedgerException {
    return read("count ledger entries", conn -> {
      try (PreparedStatement p = conn.prepareStatement("SELECT COALESCE(MAX(idx) + 1, 0) FROM entries"); ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public void entries(long start, long end, Consumer<LedgerRow> sink) throws LedgerException {
    boolean kept = hasDigestIndex();
    String columns = columns();
    read("read ledger entries", conn -> {
      try (PreparedStatement p = conn.prepareStatement("SELECT " + columns + " FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx")) {
        p.setLong(1, start);
        p.setLong(2, end);
        p.setFetchSize(1000);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            sink.accept(row(rs, kept));
          }
        }
      }
      return null;
    });
  }

  @Override
  public Optional<LedgerRow> entry(long index) throws LedgerException {
    boolean kept = hasDigestIndex();
    String columns = columns();
    return read("read ledger entry " + index, conn -> {
      try (PreparedStatement p = conn.prepareStatement("SELECT " + columns + " FROM entries WHERE idx = ?")) {
        p.setLong(1, index);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? Optional.of(row(rs, kept)) : Optional.empty();
        }
      }
    });
  }

  /** A row of {@link #columns()}; {@code kept}: whether the schema keeps digest rows. */
  static LedgerRow row(ResultSet rs, boolean kept) throws SQLException {
    String digests = rs.getString(11);
    return new LedgerRow(rs.getLong(1), rs.getBytes(2), rs.getString(3), new EntryIndex(rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
        !kept ? null : digests == null ? List.of() : List.of(digests.split(","))));
  }

  @Override
  public void byArtifact(String sha256, Consumer<LedgerRow> sink) throws LedgerException {
    if (!hasDigestIndex()) {
      // A ledger from before migration 5, opened read-only: no index to ask, so every entry is read.
      entries(0, size(), row -> {
        try {
          if (EntryIndex.of(Json.read(row.canonical())).digests().contains(sha256)) {
            sink.accept(row);
          }
        } catch (Json.ParseException | RuntimeException e) {
          // an unreadable entry names no artifact; the audit reports it
        }
      });
      return;
    }
    boolean kept = true;
    read("look up artifact " + sha256, conn -> {
      try (PreparedStatement p = conn.prepareStatement("SELECT " + WITH_DIGESTS
          + " FROM entry_digests a JOIN entries ON entries.idx = a.idx WHERE a.digest = ? ORDER BY a.idx")) {
        p.setString(1, sha256);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            sink.accept(row(rs, kept));
          }
        }
      }
      return null;
    });
  }

  @Override
  public Optional<LedgerRecord> find(String type, String key) throws LedgerException {
    return read("look up " + type + " " + key, conn -> {
      try (PreparedStatement p = conn.prepareStatement(
          "SELECT idx, timestamp, canonical FROM entries WHERE type = ? AND entry_key = ? ORDER BY idx LIMIT 1")) {
        p.setString(1, type);
        p.setString(2, key);
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          JsonNode entry;
          try {
            entry = Json.read(rs.getBytes(3));
          } catch (Json.ParseException e) {
            throw new LedgerException(LedgerException.Kind.DAMAGED, "the " + type + " entry for " + key + " is not JSON ("
                + e.located() + "); run `gavel ledger verify`", e);
          }
          return Optional.of(new LedgerRecord(rs.getLong(1), rs.getString(2), type, entry.path("payload")));
        }
      }
    });
  }

  @Override
  public void query(EntryQuery q, Consumer<LedgerRow> sink) throws LedgerException {
    boolean kept = hasDigestIndex();
    StringBuilder sql = new StringBuilder("SELECT " + columns() + " FROM entries WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (!q.types().isEmpty()) {
      sql.append(" AND type IN (").append(String.join(", ", Collections.nCopies(q.types().size(), "?"))).append(')');
      args.addAll(q.types().stream().sorted().toList());
    }
    if (q.model() != null || q.outcome() != null) {
      sql.append(" AND type = 'decision'");
    }
    if (q.model() != null) {
      sql.append(" AND model = ?");
      args.add(q.model());
    }
    if (q.outcome() != null) {
      sql.append(" AND outcome = ?");
      args.add(q.outcome());
    }
    if (q.after() >= 0) {
      sql.append(q.newestFirst() ? " AND idx < ?" : " AND idx > ?");
      args.add(q.after());
    }
    sql.append(" ORDER BY idx").append(q.newestFirst() ? " DESC" : "");
    read("query ledger entries", conn -> {
      try (PreparedStatement p = conn.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          p.setObject(i + 1, args.get(i));
        }
        p.setFetchSize(1000);
        int n = 0;
        try (ResultSet rs = p.executeQuery()) {
          // Time bounds are compared as instants (RFC 3339 text does not sort by time in general).
          while (n < q.limit() && rs.next()) {
            LedgerRow r = row(rs, kept);
            if (q.matches(r.columns())) {
              sink.accept(r);
              n++;
            }
          }
        }
      }
      return null;
    });
  }

  @Override
  public List<String> checkpoints() throws LedgerException {
    return read("read checkpoints", conn -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement p = conn.prepareStatement("SELECT note FROM checkpoints ORDER BY size"); ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  @Override
  public Optional<String> latestCheckpoint() throws LedgerException {
    return read("read the latest checkpoint", conn -> {
      try (PreparedStatement p = conn.prepareStatement("SELECT note FROM checkpoints ORDER BY size DESC LIMIT 1");
          ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    });
  }

  @Override
  public List<KeyRotation> keyRotations() throws LedgerException {
    return read("read key rotations", conn -> {
      List<KeyRotation> out = new ArrayList<>();
      try (PreparedStatement p = conn.prepareStatement("SELECT canonical FROM entries WHERE type = 'key-rotation' ORDER BY idx");
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          try {
            out.add(KeyRotation.fromEntry(Json.read(rs.getBytes(1))));
          } catch (IllegalArgumentException | Json.ParseException e) {
            // A malformed rotation entry is reported by the audit that streams it.
          }
        }
      }
      return out;
    });
  }

  @Override
  public List<byte[]> leafHashes(long size) throws LedgerException {
    return read("read leaf hashes", conn -> {
      List<byte[]> out = new ArrayList<>();
      try (PreparedStatement p = conn.prepareStatement("SELECT entry_hash FROM entries WHERE idx < ? ORDER BY idx")) {
        p.setLong(1, size);
        p.setFetchSize(10_000);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(hashBytes(rs.getString(1)));
          }
        }
      }
      return out;
    });
  }

  /** From the kept subtree hashes ({@link StoredSubtrees}): O(log n) small reads at any size. */
  @Override
  public InclusionProof inclusionProof(long index, long size) throws LedgerException {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf index " + index + " is outside a tree of size " + size);
    }
    return read("build an inclusion proof", conn -> InclusionProof.of(index, size, StoredSubtrees.on(conn)));
  }

  @Override
  public ConsistencyProof consistencyProof(long from, long to) throws LedgerException {
    if (from < 1 || to < from) {
      throw new IllegalArgumentException("need 1 <= from <= to but got " + from + " and " + to);
    }
    return read("build a consistency proof", conn -> ConsistencyProof.of(from, to, StoredSubtrees.on(conn)));
  }

  @Override
  public Optional<LedgerHead> head() throws LedgerException {
    return read("read the ledger head", conn -> {
      if (!LedgerSchema.hasTable(conn, "ledger_head")) {
        return Optional.empty();
      }
      try (PreparedStatement p = conn.prepareStatement("SELECT size, head_hash, checkpoint_every, signer_key FROM ledger_head WHERE id = 1");
          ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(new LedgerHead(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4))) : Optional.empty();
      }
    });
  }

  static byte[] hashBytes(String rendered) {
    return HexFormat.of().parseHex(rendered.substring("sha256:".length()));
  }

  private <T> T read(String what, Connections.Work<T> work) throws LedgerException {
    try {
      return conns.with(work);
    } catch (SQLException e) {
      throw new LedgerException("cannot " + what + " in " + description + ": " + e.getMessage(), e);
    }
  }
}
