package dev.gavel.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerRecord;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.ledger.ChainFailure;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.MerkleFrontier;
import dev.gavel.ledger.NoteSigner;
import java.util.HexFormat;
import dev.gavel.ledger.ChainVerifier;
import dev.gavel.ledger.LedgerEntry;
import dev.gavel.ledger.StoredEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The embedded ledger store: one SQLite file (WAL journal, synchronous=FULL). Appends from many
 * threads are queued and written by one writer thread in batches, one transaction per batch
 * (group commit); every caller is answered only after the commit that holds its entry.
 */
public final class SqliteLedgerStore implements LedgerStore {
  private final Connection conn;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;
  private long nextIndex;
  private String head;
  private MerkleFrontier frontier = new MerkleFrontier();
  /** Signs a checkpoint after every committed batch; null when checkpoints are off. */
  private final NoteSigner signer;
  private final String origin;
  private final int checkpointEvery;
  /** Entries committed since the last stored checkpoint (writer thread only). */
  private long sinceCheckpoint;

  /** An append waiting for the writer; its payload is canonicalised by the calling thread. */
  private record Pending(String type, String timestamp, JsonNode payload, byte[] canonicalPayload,
      CompletableFuture<LedgerReceipt> done) {}

  private SqliteLedgerStore(Connection conn, boolean writable, NoteSigner signer, int checkpointEvery)
      throws SQLException, LedgerException {
    this.conn = conn;
    this.checkpointEvery = checkpointEvery;
    this.signer = signer;
    this.origin = signer == null ? null : signer.name();
    Schema.create(conn);
    if (writable) {
      recoverHead();
      rebuildFrontier();
      writer = new Thread(this::writeLoop, "gavel-ledger-writer");
      writer.setDaemon(true);
      writer.start();
    } else {
      writer = null;
      closed = true;
    }
  }

  /** Opens (creating if needed) the ledger database file; checks the tail entry on open. No checkpoints. */
  public static SqliteLedgerStore open(Path file) throws LedgerException {
    return open(file, true, null, 1);
  }

  /**
   * Opens the ledger for appending and signs a C2SP checkpoint (origin = the signer's key name)
   * after every committed batch, in the same transaction.
   */
  public static SqliteLedgerStore open(Path file, NoteSigner checkpointSigner) throws LedgerException {
    return open(file, true, checkpointSigner, 1);
  }

  /**
   * As {@link #open(Path, NoteSigner)}, but a checkpoint is signed only once at least
   * {@code checkpointEvery} entries were appended since the last one (and on close). Signing costs
   * about 2 ms with the JDK's Ed25519, so a busy ledger may trade checkpoint density for throughput;
   * entries after the last checkpoint are still covered by the hash chain.
   */
  public static SqliteLedgerStore open(Path file, NoteSigner checkpointSigner, int checkpointEvery) throws LedgerException {
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpointEvery must be >= 1 but got " + checkpointEvery);
    }
    return open(file, true, checkpointSigner, checkpointEvery);
  }

  /** Opens an existing ledger for reading and verification only: damage is reported by verify(). */
  public static SqliteLedgerStore openForAudit(Path file) throws LedgerException {
    return open(file, false, null, 1);
  }

  private static SqliteLedgerStore open(Path file, boolean writable, NoteSigner signer, int every) throws LedgerException {
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=10000");
      }
      return new SqliteLedgerStore(c, writable, signer, every);
    } catch (SQLException e) {
      throw new LedgerException("cannot open ledger database " + file + ": " + e.getMessage(), e);
    }
  }

  /** Finds the chain head; a torn or tampered tail entry is reported, never skipped. */
  private void recoverHead() throws SQLException, LedgerException {
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT idx, canonical, entry_hash FROM entries ORDER BY idx DESC LIMIT 1")) {
      if (!rs.next()) {
        nextIndex = 0;
        head = LedgerEntry.GENESIS;
        return;
      }
      long idx = rs.getLong(1);
      byte[] canonical = rs.getBytes(2);
      String hash = rs.getString(3);
      String actual = dev.gavel.ledger.LeafHash.render(dev.gavel.ledger.LeafHash.leaf(canonical));
      if (!actual.equals(hash)) {
        throw new LedgerException("ledger tail entry " + idx + " is damaged: recorded hash " + hash
            + " but its bytes hash to " + actual + "; run `gavel ledger verify`");
      }
      nextIndex = idx + 1;
      head = hash;
    }
  }

  private void rebuildFrontier() throws SQLException {
    frontier = new MerkleFrontier();
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT entry_hash FROM entries ORDER BY idx")) {
      while (rs.next()) {
        frontier.append(hashBytes(rs.getString(1)));
      }
    }
  }

  static byte[] hashBytes(String rendered) {
    return HexFormat.of().parseHex(rendered.substring("sha256:".length()));
  }

  @Override
  public LedgerReceipt append(String type, String timestamp, JsonNode payload) throws LedgerException {
    if (closed) {
      throw new LedgerException("ledger is closed");
    }
    CompletableFuture<LedgerReceipt> done = new CompletableFuture<>();
    LedgerEntry.requireAppendable(type, timestamp, payload);
    queue.add(new Pending(type, timestamp, payload, dev.gavel.json.CanonicalJson.canonicalize(payload), done));
    try {
      return done.get();
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

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      try {
        Pending first = queue.take();
        if (first.type() == null) {
          return;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        lingerForMore(batch);
        boolean stop = batch.removeIf(p -> p.type() == null);
        writeBatch(batch);
        batch.clear();
        if (stop) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  static final int MAX_BATCH = 4096;
  /** How long the writer waits for one more append before committing what it has. */
  static final long LINGER_NANOS = 100_000;
  /** The longest a batch is held open in total. */
  static final long MAX_LINGER_NANOS = 1_000_000;

  /**
   * Group commit: callers woken by the previous commit re-enqueue within microseconds, so the
   * writer gives them a moment (100 µs, at most 1 ms in total) before paying for the next fsync.
   * A lone writer loses at most 100 µs per append; many writers share one commit.
   */
  private void lingerForMore(List<Pending> batch) {
    long deadline = System.nanoTime() + MAX_LINGER_NANOS;
    while (batch.size() < MAX_BATCH && System.nanoTime() < deadline) {
      Pending more;
      try {
        more = queue.poll(LINGER_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        // Commit what is in hand (its callers are waiting); the loop stops at its next take().
        Thread.currentThread().interrupt();
        return;
      }
      if (more == null) {
        return;
      }
      batch.add(more);
      if (more.type() == null) {
        return;
      }
      queue.drainTo(batch, MAX_BATCH - batch.size());
    }
  }

  private void writeBatch(List<Pending> batch) {
    long index = nextIndex;
    String prev = head;
    MerkleFrontier next = frontier.copy();
    List<LedgerReceipt> receipts = new ArrayList<>();
    try {
      conn.setAutoCommit(false);
      try (PreparedStatement ins = conn.prepareStatement(
          "INSERT INTO entries (idx, timestamp, type, entry_hash, prev_hash, canonical, model, outcome, decision_id, entry_key)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (Pending p : batch) {
          byte[] bytes = LedgerEntry.canonicalBytes(index, p.timestamp(), p.type(), p.canonicalPayload(), prev);
          byte[] leaf = dev.gavel.ledger.LeafHash.leaf(bytes);
          String hash = dev.gavel.ledger.LeafHash.render(leaf);
          ins.setLong(1, index);
          ins.setString(2, p.timestamp());
          ins.setString(3, p.type());
          ins.setString(4, hash);
          ins.setString(5, prev);
          ins.setBytes(6, bytes);
          boolean decision = p.type().equals("decision");
          ins.setString(7, decision ? p.payload().path("request").path("model").asText(null) : null);
          ins.setString(8, decision ? (p.payload().path("allow").asBoolean() ? "allow" : "deny") : null);
          ins.setString(9, decision ? p.payload().path("decisionId").asText(null) : null);
          ins.setString(10, entryKey(p.type(), p.payload()));
          ins.addBatch();
          receipts.add(new LedgerReceipt(index, hash, index + 1));
          next.append(leaf);
          prev = hash;
          index++;
        }
        ins.executeBatch();
      }
      boolean checkpoint = signer != null && sinceCheckpoint + batch.size() >= checkpointEvery;
      if (checkpoint) {
        storeCheckpoint(next, batch.get(batch.size() - 1).timestamp());
      }
      conn.commit();
      sinceCheckpoint = checkpoint ? 0 : sinceCheckpoint + batch.size();
      conn.setAutoCommit(true);
      nextIndex = index;
      head = prev;
      frontier = next;
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).done().complete(receipts.get(i));
      }
    } catch (SQLException | RuntimeException e) {
      try {
        conn.rollback();
        conn.setAutoCommit(true);
      } catch (SQLException ignored) {
        // The original failure is what callers need to see.
      }
      LedgerException le = new LedgerException("ledger commit failed: " + e.getMessage(), e);
      for (Pending p : batch) {
        p.done().completeExceptionally(le);
      }
    }
  }

  private void storeCheckpoint(MerkleFrontier tree, String timestamp) throws SQLException {
    byte[] root = tree.root();
    String note = signer.sign(new Checkpoint(origin, tree.size(), root).body());
    try (PreparedStatement cp = conn.prepareStatement("INSERT INTO checkpoints (size, root, note, created) VALUES (?, ?, ?, ?)")) {
      cp.setLong(1, tree.size());
      cp.setString(2, HexFormat.of().formatHex(root));
      cp.setString(3, note);
      cp.setString(4, timestamp);
      cp.executeUpdate();
    }
  }

  /** The lookup key of an entry: decision id, policy revision, or the name of a rotated-in key. */
  static String entryKey(String type, JsonNode payload) {
    switch (type) {
      case "decision":
        return payload.path("decisionId").asText(null);
      case "policy-activation":
        return payload.path("revision").asText(null);
      case "key-rotation":
        return payload.path("newKey").asText(null);
      default:
        return null;
    }
  }

  @Override
  public Optional<LedgerRecord> find(String type, String key) throws LedgerException {
    try (PreparedStatement p = conn.prepareStatement(
        "SELECT idx, timestamp, canonical FROM entries WHERE type = ? AND entry_key = ? ORDER BY idx LIMIT 1")) {
      p.setString(1, type);
      p.setString(2, key);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        JsonNode entry = READER.readTree(rs.getBytes(3));
        return Optional.of(new LedgerRecord(rs.getLong(1), rs.getString(2), type, entry.path("payload")));
      }
    } catch (SQLException | java.io.IOException e) {
      throw new LedgerException("cannot look up " + type + " " + key + ": " + e.getMessage(), e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper READER = new com.fasterxml.jackson.databind.ObjectMapper();

  /** Number of entries. */
  public long size() throws LedgerException {
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM entries")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new LedgerException("cannot count ledger entries: " + e.getMessage(), e);
    }
  }

  /** Streams every stored entry in index order. */
  public void forEach(Consumer<StoredEntry> sink) throws LedgerException {
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT idx, canonical, entry_hash FROM entries ORDER BY idx")) {
      while (rs.next()) {
        sink.accept(new StoredEntry(rs.getLong(1), rs.getBytes(2), rs.getString(3)));
      }
    } catch (SQLException e) {
      throw new LedgerException("cannot read ledger entries: " + e.getMessage(), e);
    }
  }

  /** Streams the entries the filter selects, in index order. */
  public void forEach(EntryFilter filter, Consumer<StoredEntry> sink) throws LedgerException {
    forEach(filter, List.of(), sink);
  }

  /**
   * Streams the entries the filter selects plus every entry of the given types (whatever the
   * filter says), in index order.
   */
  public void forEach(EntryFilter filter, List<String> alwaysTypes, Consumer<StoredEntry> sink) throws LedgerException {
    StringBuilder sql = new StringBuilder("SELECT idx, canonical, entry_hash, timestamp, type FROM entries WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    if (filter.model() != null) {
      sql.append(" AND model = ?");
      args.add(filter.model());
    }
    if (filter.outcome() != null) {
      sql.append(" AND outcome = ?");
      args.add(filter.outcome());
    }
    if (!alwaysTypes.isEmpty()) {
      sql = new StringBuilder(sql.toString().replace("WHERE 1 = 1", "WHERE (1 = 1"));
      sql.append(") OR type IN (").append(String.join(", ", java.util.Collections.nCopies(alwaysTypes.size(), "?"))).append(")");
      args.addAll(alwaysTypes);
    }
    sql.append(" ORDER BY idx");
    try (PreparedStatement p = conn.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        p.setString(i + 1, args.get(i));
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          if (alwaysTypes.contains(rs.getString(5)) || filter.inTime(rs.getString(4))) {
            sink.accept(new StoredEntry(rs.getLong(1), rs.getBytes(2), rs.getString(3)));
          }
        }
      }
    } catch (SQLException e) {
      throw new LedgerException("cannot read ledger entries: " + e.getMessage(), e);
    }
  }

  /** The key rotations recorded in the ledger, in index order (for building the key history). */
  public List<dev.gavel.ledger.KeyRotation> keyRotations() throws LedgerException {
    List<dev.gavel.ledger.KeyRotation> out = new ArrayList<>();
    try (PreparedStatement p = conn.prepareStatement("SELECT canonical FROM entries WHERE type = 'key-rotation' ORDER BY idx");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        try {
          out.add(dev.gavel.ledger.KeyRotation.fromEntry(READER.readTree(rs.getBytes(1))));
        } catch (IllegalArgumentException | java.io.IOException e) {
          // A malformed rotation entry is reported by the audit that streams it.
        }
      }
      return out;
    } catch (SQLException e) {
      throw new LedgerException("cannot read key rotations: " + e.getMessage(), e);
    }
  }

  /** Re-derives every hash and link; empty when the chain is intact. */
  public Optional<ChainFailure> verify() throws LedgerException {
    ChainVerifier v = new ChainVerifier();
    List<ChainFailure> first = new ArrayList<>(1);
    forEach(e -> {
      if (first.isEmpty()) {
        v.accept(e).ifPresent(first::add);
      }
    });
    return first.stream().findFirst();
  }

  /** Every stored signed checkpoint note, oldest first. */
  public List<String> checkpoints() throws LedgerException {
    List<String> out = new ArrayList<>();
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT note FROM checkpoints ORDER BY size")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new LedgerException("cannot read checkpoints: " + e.getMessage(), e);
    }
  }

  /** The newest signed checkpoint note, if any. */
  public Optional<String> latestCheckpoint() throws LedgerException {
    List<String> all = checkpoints();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Leaf hashes of the first {@code size} entries, for proofs. */
  public List<byte[]> leafHashes(long size) throws LedgerException {
    List<byte[]> out = new ArrayList<>();
    try (PreparedStatement p = conn.prepareStatement("SELECT entry_hash FROM entries WHERE idx < ? ORDER BY idx")) {
      p.setLong(1, size);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(hashBytes(rs.getString(1)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new LedgerException("cannot read leaf hashes: " + e.getMessage(), e);
    }
  }

  /** The canonical text of an entry, or empty. */
  public Optional<String> entryText(long index) throws LedgerException {
    try (PreparedStatement p = conn.prepareStatement("SELECT canonical FROM entries WHERE idx = ?")) {
      p.setLong(1, index);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(new String(rs.getBytes(1), StandardCharsets.UTF_8)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new LedgerException("cannot read ledger entry " + index + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws LedgerException {
    if (writer == null) {
      try {
        conn.close();
      } catch (SQLException e) {
        throw new LedgerException("cannot close ledger: " + e.getMessage(), e);
      }
      return;
    }
    if (closed) {
      return;
    }
    closed = true;
    queue.add(new Pending(null, null, null, null, null));
    try {
      writer.join();
      if (signer != null && sinceCheckpoint > 0) {
        // A cleanly closed ledger always ends with a checkpoint covering every entry.
        storeCheckpoint(frontier, java.time.format.DateTimeFormatter.ISO_INSTANT.format(java.time.Instant.now()));
      }
      conn.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      throw new LedgerException("cannot close ledger: " + e.getMessage(), e);
    }
  }
}
