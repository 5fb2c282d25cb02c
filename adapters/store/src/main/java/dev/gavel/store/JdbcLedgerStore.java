package dev.gavel.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerHead;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerRecord;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.Signer;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.KeyRotation;
import dev.gavel.ledger.LeafHash;
import dev.gavel.ledger.LedgerEntry;
import dev.gavel.ledger.ConsistencyProof;
import dev.gavel.ledger.InclusionProof;
import dev.gavel.ledger.MerkleFrontier;
import dev.gavel.ledger.NoteVerifier;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The ledger over JDBC, for any {@link SqlDialect}: group-committed appends with a checkpoint
 * cadence, the chain head and Merkle frontier persisted in the head row (so opening costs the same
 * at any size), and the auditor's reader. SQLite is the embedded default; the scale-out dialect
 * plugs in beside it.
 */
public final class JdbcLedgerStore implements LedgerStore {
  private final String description;
  private final Connections writeConns;
  private final Connections readConns;
  private final JdbcLedgerReader reader;
  private final GroupCommitWriter writer;
  private volatile boolean closed;

  private JdbcLedgerStore(String description, Connections writeConns, Connections readConns, GroupCommitWriter writer) {
    this.description = description;
    this.writeConns = writeConns;
    this.readConns = readConns;
    this.reader = new JdbcLedgerReader(readConns, description);
    this.writer = writer;
  }

  /** The URL of the embedded default: a database file (the dialect is the store's business). */
  public static String embeddedUrl(java.nio.file.Path file) {
    return SqliteDialect.url(file);
  }

  /** The file an embedded ledger URL names, or empty for a server database. */
  public static Optional<java.nio.file.Path> localFile(String url) {
    return url.startsWith(SqliteDialect.PREFIX) ? Optional.of(SqliteDialect.file(url)) : Optional.empty();
  }

  /** The dialect of a JDBC URL; IllegalArgumentException naming the URL's scheme when unsupported. */
  static SqlDialect dialect(String url) {
    if (url.startsWith(SqliteDialect.PREFIX)) {
      return new SqliteDialect();
    }
    if (url.startsWith(PostgresDialect.PREFIX)) {
      return new PostgresDialect();
    }
    String scheme = url.startsWith("jdbc:") && url.indexOf(':', 5) > 0 ? url.substring(0, url.indexOf(':', 5)) : "'" + url + "'";
    throw new IllegalArgumentException("unsupported ledger store " + scheme
        + " (supported: jdbc:sqlite:FILE, jdbc:postgresql://HOST:PORT/DATABASE)");
  }

  /**
   * Opens (creating and migrating if needed) the ledger for appending. With a signer, a C2SP
   * checkpoint (origin = the signer's key name) is signed in the same transaction as a batch once
   * at least {@code checkpointEvery} entries are unsigned (1: every batch), after every key
   * rotation, and on close. The signer must be the key in force: a ledger with entries never
   * takes a new key except through a key rotation.
   */
  public static JdbcLedgerStore open(String url, StoreCredentials credentials, Signer signer, int checkpointEvery)
      throws LedgerException {
    return open(dialect(url), url, credentials, signer, checkpointEvery);
  }

  /** {@link #open(String, StoreCredentials, Signer, int)} with a given dialect (tests wrap one to inject faults). */
  static JdbcLedgerStore open(SqlDialect d, String url, StoreCredentials credentials, Signer signer, int checkpointEvery)
      throws LedgerException {
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpointEvery must be >= 1 but got " + checkpointEvery);
    }
    java.util.Objects.requireNonNull(credentials, "credentials");
    String where = d.describe(url);
    Connections w = null;
    Connections r = null;
    try {
      w = d.connections(url, credentials, SqlDialect.Purpose.WRITE, false);
      w.with(c -> {
        LedgerSchema.migrate(c, d, where);
        checkHeadAndAdopt(c, d, where, signer);
        return null;
      });
      r = d.connections(url, credentials, SqlDialect.Purpose.READ, false);
      // The checkpoint origin is the key's name (the verifier key is name+hash+key).
      String origin = signer == null ? null : signer.verifierKey().substring(0, signer.verifierKey().indexOf('+'));
      return new JdbcLedgerStore(where, w, r, new GroupCommitWriter(w, d, signer, origin, checkpointEvery));
    } catch (SQLException | IllegalStateException e) {
      closeQuietly(w, r);
      throw new LedgerException("cannot open ledger database " + where + ": " + credentials.redact(e.getMessage(), url), null);
    } catch (LedgerException | RuntimeException e) {
      closeQuietly(w, r);
      throw e;
    }
  }

  /** Opens with the URL's own credentials (or none). */
  public static JdbcLedgerStore open(String url, Signer signer, int checkpointEvery) throws LedgerException {
    return open(url, StoreCredentials.NONE, signer, checkpointEvery);
  }

  /** Opens without checkpoints (tests and tools that only append). */
  public static JdbcLedgerStore open(String url) throws LedgerException {
    return open(url, null, 1);
  }

  /**
   * Opens an existing ledger for reading and verification only: nothing is created, migrated or
   * written, so a read-only file (or a copy an auditor received, or a read-only database role)
   * can be read; damage is reported by the audit, not here. Appends fail.
   */
  public static JdbcLedgerStore openReadOnly(String url, StoreCredentials credentials) throws LedgerException {
    SqlDialect d = dialect(url);
    String where = d.describe(url);
    Connections r = null;
    try {
      r = d.connections(url, credentials, SqlDialect.Purpose.READ, true);
      boolean hasEntries = r.with(c -> LedgerSchema.hasTable(c, "entries"));
      if (!hasEntries) {
        throw new LedgerException(LedgerException.Kind.DAMAGED, where + " holds no ledger (no entries table)", null);
      }
      return new JdbcLedgerStore(where, null, r, null);
    } catch (SQLException | IllegalStateException e) {
      closeQuietly(r);
      throw new LedgerException("cannot open ledger database " + where + " for reading: " + credentials.redact(e.getMessage(), url), null);
    } catch (LedgerException | RuntimeException e) {
      closeQuietly(r);
      throw e;
    }
  }

  public static JdbcLedgerStore openReadOnly(String url) throws LedgerException {
    return openReadOnly(url, StoreCredentials.NONE);
  }

  /**
   * How many entries the ledger at {@code url} holds, read only; 0 for a database that another
   * process has just created and not yet initialised (or that does not exist).
   */
  public static long countEntries(String url, StoreCredentials credentials) throws LedgerException {
    SqlDialect d = dialect(url);
    try (Connection r = d.open(url, credentials, true)) {
      if (!LedgerSchema.hasTable(r, "entries")) {
        return 0;
      }
      try (PreparedStatement p = r.prepareStatement("SELECT COALESCE(MAX(idx) + 1, 0) FROM entries"); ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("no ledger database")) {
        return 0;
      }
      throw new LedgerException("cannot read ledger database " + d.describe(url) + ": " + credentials.redact(e.getMessage(), url), null);
    }
  }

  public static long countEntries(String url) throws LedgerException {
    return countEntries(url, StoreCredentials.NONE);
  }

  /**
   * In one write transaction (so that, on a shared database, no other replica's batch lands in
   * between): the head row must describe the stored tail (index, hash, and the tail's bytes hash
   * to it), its frontier must reproduce the newest checkpoint's root when both have the same size
   * (O(1)), and the signer must be the key in force, which a ledger that recorded none yet takes.
   */
  private static void checkHeadAndAdopt(Connection c, SqlDialect d, String where, Signer signer) throws SQLException, LedgerException {
    d.beginWrite(c);
    try {
      checkHead(c, d, where);
      if (signer != null) {
        adoptSigner(c, signer);
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

  private static void checkHead(Connection c, SqlDialect d, String where) throws SQLException, LedgerException {
    long size;
    String head;
    byte[] frontier;
    try (PreparedStatement p = c.prepareStatement(d.selectHeadForWrite()); ResultSet rs = p.executeQuery()) {
      if (!rs.next()) {
        throw damaged(where, "it has no head row");
      }
      size = rs.getLong(1);
      head = rs.getString(2);
      frontier = rs.getBytes(3);
    }
    try (PreparedStatement p = c.prepareStatement("SELECT idx, canonical, entry_hash FROM entries ORDER BY idx DESC LIMIT 1");
        ResultSet rs = p.executeQuery()) {
      if (!rs.next()) {
        if (size != 0) {
          throw damaged(where, "its head row records " + size + " entries but none are stored");
        }
        return;
      }
      long idx = rs.getLong(1);
      String actual = LeafHash.render(LeafHash.leaf(rs.getBytes(2)));
      if (idx != size - 1 || !head.equals(rs.getString(3)) || !actual.equals(head)) {
        throw damaged(where, "the stored tail (entry " + idx + ", hash " + rs.getString(3) + ", bytes hashing to " + actual
            + ") does not match the head row (size " + size + ", head " + head + ")");
      }
    }
    MerkleFrontier f;
    try {
      f = MerkleFrontier.decode(size, frontier);
    } catch (IllegalArgumentException e) {
      throw damaged(where, "its head row's frontier is damaged: " + e.getMessage());
    }
    try (PreparedStatement p = c.prepareStatement("SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1");
        ResultSet rs = p.executeQuery()) {
      if (rs.next() && rs.getLong(1) == size) {
        Checkpoint cp = Checkpoint.claimedBy(rs.getString(2));
        if (!MessageDigest.isEqual(cp.root(), f.root())) {
          throw damaged(where, "the head row's Merkle frontier does not reproduce the newest checkpoint's root");
        }
      }
    } catch (IllegalArgumentException e) {
      throw damaged(where, "its newest checkpoint cannot be read: " + e.getMessage());
    }
  }

  private static LedgerException damaged(String where, String why) {
    return new LedgerException(LedgerException.Kind.DAMAGED, "the ledger " + where + " is damaged: " + why
        + "; run `gavel ledger verify`", null);
  }

  /**
   * A ledger that recorded no key yet (a new ledger, or one from before the head row) takes this
   * one only if nothing it holds was signed by another key: no checkpoints, or the newest verifies
   * under it, or the last rotation installed it. Runs inside the write transaction that locked
   * the head row, so of two replicas offering different keys to a new ledger, the second is refused.
   */
  private static void adoptSigner(Connection c, Signer signer) throws SQLException, LedgerException {
    String recorded;
    long size;
    try (PreparedStatement p = c.prepareStatement("SELECT signer_key, size FROM ledger_head WHERE id = 1"); ResultSet rs = p.executeQuery()) {
      rs.next();
      recorded = rs.getString(1);
      size = rs.getLong(2);
    }
    String mine = signer.verifierKey();
    if (recorded != null) {
      if (!recorded.equals(mine)) {
        throw new LedgerException(LedgerException.Kind.KEY_MISMATCH, "the ledger's signing key in force is "
            + GroupCommitWriter.keyName(recorded) + " but the key offered is " + GroupCommitWriter.keyName(mine)
            + ": a ledger with entries never takes a new key except through `gavel keys rotate`", null);
      }
      return;
    }
    if (size > 0 && !signedBy(c, mine)) {
      throw new LedgerException(LedgerException.Kind.KEY_MISMATCH, "the ledger's " + size + " entries were signed by another key "
          + "than " + GroupCommitWriter.keyName(mine) + "; a ledger with entries never takes a new key except through `gavel keys rotate`",
          null);
    }
    try (PreparedStatement p = c.prepareStatement("UPDATE ledger_head SET signer_key = ? WHERE id = 1 AND signer_key IS NULL")) {
      p.setString(1, mine);
      p.executeUpdate();
    }
  }

  private static boolean signedBy(Connection c, String verifierKey) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT canonical FROM entries WHERE type = 'key-rotation' ORDER BY idx DESC LIMIT 1");
        ResultSet rs = p.executeQuery()) {
      if (rs.next()) {
        try {
          return KeyRotation.fromEntry(dev.gavel.json.Json.read(rs.getBytes(1))).newKey().equals(verifierKey);
        } catch (dev.gavel.json.Json.ParseException | IllegalArgumentException e) {
          return false;
        }
      }
    }
    try (PreparedStatement p = c.prepareStatement("SELECT note FROM checkpoints ORDER BY size DESC LIMIT 1"); ResultSet rs = p.executeQuery()) {
      if (!rs.next()) {
        return true;
      }
      try {
        NoteVerifier.parse(verifierKey).open(rs.getString(1));
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }

  @Override
  public LedgerReceipt append(String type, String timestamp, JsonNode payload) throws LedgerException {
    return submit(type, timestamp, payload, false);
  }

  @Override
  public LedgerReceipt appendOnce(String type, String timestamp, JsonNode payload) throws LedgerException {
    return submit(type, timestamp, payload, true);
  }

  private LedgerReceipt submit(String type, String timestamp, JsonNode payload, boolean once) throws LedgerException {
    if (writer == null) {
      throw new LedgerException("the ledger " + description + " is open for reading only");
    }
    if (closed) {
      throw new LedgerException("the ledger " + description + " is closed");
    }
    LedgerEntry.requireAppendable(type, timestamp, payload);
    GroupCommitWriter.Pending p = GroupCommitWriter.pending(type, timestamp, payload, once);
    writer.submit(p);
    try {
      return p.done().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException("interrupted while waiting for the ledger commit", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof LedgerException le) {
        throw le;
      }
      throw new LedgerException("ledger append failed: " + c.getMessage(), c);
    }
  }

  @Override
  public long size() throws LedgerException {
    return reader.size();
  }

  @Override
  public void entries(long start, long end, Consumer<LedgerRow> sink) throws LedgerException {
    reader.entries(start, end, sink);
  }

  @Override
  public Optional<LedgerRow> entry(long index) throws LedgerException {
    return reader.entry(index);
  }

  @Override
  public Optional<LedgerRecord> find(String type, String key) throws LedgerException {
    return reader.find(type, key);
  }

  @Override
  public void query(EntryQuery query, Consumer<LedgerRow> sink) throws LedgerException {
    reader.query(query, sink);
  }

  @Override
  public void byArtifact(String sha256, Consumer<LedgerRow> sink) throws LedgerException {
    reader.byArtifact(sha256, sink);
  }

  @Override
  public List<String> checkpoints() throws LedgerException {
    return reader.checkpoints();
  }

  @Override
  public Optional<String> latestCheckpoint() throws LedgerException {
    return reader.latestCheckpoint();
  }

  @Override
  public List<KeyRotation> keyRotations() throws LedgerException {
    return reader.keyRotations();
  }

  @Override
  public List<byte[]> leafHashes(long size) throws LedgerException {
    return reader.leafHashes(size);
  }

  @Override
  public InclusionProof inclusionProof(long index, long size) throws LedgerException {
    return reader.inclusionProof(index, size);
  }

  @Override
  public ConsistencyProof consistencyProof(long from, long to) throws LedgerException {
    return reader.consistencyProof(from, to);
  }

  @Override
  public Optional<LedgerHead> head() throws LedgerException {
    return reader.head();
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public synchronized void close() throws LedgerException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (writer != null) {
        writer.stop();
      }
    } finally {
      closeQuietly(writeConns, readConns);
    }
  }

  private static void closeQuietly(Connections... cs) {
    for (Connections c : cs) {
      if (c != null) {
        c.close();
      }
    }
  }
}
