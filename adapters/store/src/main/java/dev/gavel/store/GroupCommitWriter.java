package dev.gavel.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.EntryIndex;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.Signer;
import dev.gavel.json.CanonicalJson;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.LeafHash;
import dev.gavel.ledger.LedgerEntry;
import dev.gavel.ledger.MerkleFrontier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The ledger's one writer thread: appends from many threads are queued and written in batches,
 * one transaction per batch (group commit), and every caller is answered only after the commit
 * that holds its entry. Each batch reads the chain head inside its write transaction, so writers
 * in other processes sharing the database extend the same chain. A batch is refused, whole, when
 * this process's key is not the key in force.
 */
final class GroupCommitWriter {
  static final int MAX_BATCH = 4096;
  /** How long the writer waits for one more append before committing what it has. */
  static final long LINGER_NANOS = 100_000;
  /** The longest a batch is held open in total. */
  static final long MAX_LINGER_NANOS = 1_000_000;

  private final Connection conn;
  private final SqlDialect dialect;
  private final Signer signer;
  private final String origin;
  private final int checkpointEvery;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  /** An append waiting for the writer; its payload is canonicalised by the calling thread. */
  record Pending(String type, String timestamp, JsonNode payload, byte[] canonicalPayload, boolean once,
      CompletableFuture<LedgerReceipt> done) {}

  /** The head row, as read inside a write transaction. */
  private record Head(long size, String hash, MerkleFrontier frontier, String signerKey) {}

  GroupCommitWriter(Connection conn, SqlDialect dialect, Signer signer, String origin, int checkpointEvery) {
    this.conn = conn;
    this.dialect = dialect;
    this.signer = signer;
    this.origin = origin;
    this.checkpointEvery = checkpointEvery;
    this.thread = new Thread(this::loop, "gavel-ledger-writer");
    thread.setDaemon(true);
    thread.start();
  }

  void submit(Pending p) {
    queue.add(p);
  }

  /** Stops after the queued appends are written, then signs a checkpoint over any unsigned tail. */
  void stop() throws LedgerException {
    queue.add(new Pending(null, null, null, null, false, null));
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (signer != null) {
      closingCheckpoint();
    }
  }

  private void loop() {
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
        if (!batch.isEmpty()) {
          write(batch);
        }
        batch.clear();
        if (stop) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Group commit: callers woken by the previous commit re-enqueue within microseconds, so the
   * writer gives them a moment (100 µs, at most 1 ms in total) before paying for the next fsync.
   */
  private void lingerForMore(List<Pending> batch) {
    long deadline = System.nanoTime() + MAX_LINGER_NANOS;
    while (batch.size() < MAX_BATCH && System.nanoTime() < deadline) {
      Pending more;
      try {
        more = queue.poll(LINGER_NANOS, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
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

  private void write(List<Pending> batch) {
    List<LedgerReceipt> receipts = new ArrayList<>();
    try {
      dialect.beginWrite(conn);
      Head h = readHead();
      requireSignerInForce(h);
      long index = h.size();
      String prev = h.hash();
      MerkleFrontier tree = h.frontier();
      String signerKey = h.signerKey() == null && signer != null ? signer.verifierKey() : h.signerKey();
      boolean rotation = false;
      java.util.Map<String, LedgerReceipt> onceInBatch = new java.util.HashMap<>();
      try (PreparedStatement ins = conn.prepareStatement(
          "INSERT INTO entries (idx, timestamp, type, entry_hash, prev_hash, canonical, model, outcome, decision_id, entry_key)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (Pending p : batch) {
          EntryIndex cols = EntryIndex.of(p.type(), p.timestamp(), prev, p.payload());
          if (p.once()) {
            LedgerReceipt existing = onceInBatch.get(p.type() + "\n" + cols.key());
            if (existing == null) {
              existing = recorded(p.type(), cols.key());
            }
            if (existing != null) {
              receipts.add(existing);
              continue;
            }
          }
          byte[] bytes = LedgerEntry.canonicalBytes(index, p.timestamp(), p.type(), p.canonicalPayload(), prev);
          byte[] leaf = LeafHash.leaf(bytes);
          String hash = LeafHash.render(leaf);
          ins.setLong(1, index);
          ins.setString(2, p.timestamp());
          ins.setString(3, p.type());
          ins.setString(4, hash);
          ins.setString(5, prev);
          ins.setBytes(6, bytes);
          ins.setString(7, cols.model());
          ins.setString(8, cols.outcome());
          ins.setString(9, cols.decisionId());
          ins.setString(10, cols.key());
          ins.addBatch();
          LedgerReceipt receipt = new LedgerReceipt(index, hash, index + 1);
          receipts.add(receipt);
          if (p.once()) {
            onceInBatch.put(p.type() + "\n" + cols.key(), receipt);
          }
          tree.append(leaf);
          prev = hash;
          index++;
          if (p.type().equals("key-rotation")) {
            // From the next entry on, the new key is in force (its own checkpoint is the old key's).
            rotation = true;
            signerKey = cols.key();
          }
        }
        ins.executeBatch();
      }
      long lastCheckpoint = lastCheckpointSize();
      if (signer != null && index > h.size() && (rotation || index - lastCheckpoint >= checkpointEvery)) {
        storeCheckpoint(tree, batch.get(batch.size() - 1).timestamp());
      }
      updateHead(index, prev, tree, signerKey);
      dialect.commitWrite(conn);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).done().complete(receipts.get(i));
      }
    } catch (SQLException | RuntimeException | LedgerException e) {
      try {
        dialect.rollbackWrite(conn);
      } catch (SQLException ignored) {
        // The original failure is what callers need to see.
      }
      LedgerException le = e instanceof LedgerException x ? x : new LedgerException("ledger commit failed: " + e.getMessage(), e);
      for (Pending p : batch) {
        p.done().completeExceptionally(le);
      }
    }
  }

  /** The receipt of the first entry of {@code type} under {@code key}, or null (inside the write transaction). */
  private LedgerReceipt recorded(String type, String key) throws SQLException {
    if (key == null) {
      return null;
    }
    try (PreparedStatement p = conn.prepareStatement(
        "SELECT idx, entry_hash FROM entries WHERE type = ? AND entry_key = ? ORDER BY idx LIMIT 1")) {
      p.setString(1, type);
      p.setString(2, key);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? new LedgerReceipt(rs.getLong(1), rs.getString(2), rs.getLong(1) + 1) : null;
      }
    }
  }

  private Head readHead() throws SQLException, LedgerException {
    try (PreparedStatement p = conn.prepareStatement(dialect.selectHeadForWrite()); ResultSet rs = p.executeQuery()) {
      if (!rs.next()) {
        throw new LedgerException(LedgerException.Kind.DAMAGED, "the ledger has no head row; run `gavel ledger verify`", null);
      }
      try {
        return new Head(rs.getLong(1), rs.getString(2), MerkleFrontier.decode(rs.getLong(1), rs.getBytes(3)), rs.getString(5));
      } catch (IllegalArgumentException e) {
        throw new LedgerException(LedgerException.Kind.DAMAGED, "the ledger's head row is damaged: " + e.getMessage(), e);
      }
    }
  }

  /** A process whose key is not the one in force must not extend the chain: it would fork the key history. */
  private void requireSignerInForce(Head h) throws LedgerException {
    if (signer == null || h.signerKey() == null || h.signerKey().equals(signer.verifierKey())) {
      return;
    }
    throw new LedgerException(LedgerException.Kind.KEY_MISMATCH, "the ledger's signing key in force is "
        + keyName(h.signerKey()) + " but this process signs with " + keyName(signer.verifierKey())
        + ": the key was rotated by another process or the key file was replaced; only `gavel keys rotate` changes the key", null);
  }

  static String keyName(String verifierKey) {
    int last = verifierKey.lastIndexOf('+');
    return last < 0 ? verifierKey : verifierKey.substring(0, last);
  }

  private long lastCheckpointSize() throws SQLException {
    try (PreparedStatement p = conn.prepareStatement("SELECT COALESCE(MAX(size), 0) FROM checkpoints"); ResultSet rs = p.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void updateHead(long size, String hash, MerkleFrontier tree, String signerKey) throws SQLException {
    try (PreparedStatement p = conn.prepareStatement(
        "UPDATE ledger_head SET size = ?, head_hash = ?, frontier = ?, checkpoint_every = ?, signer_key = ? WHERE id = 1")) {
      p.setLong(1, size);
      p.setString(2, hash);
      p.setBytes(3, tree.encode());
      p.setLong(4, checkpointEvery);
      p.setString(5, signerKey);
      p.executeUpdate();
    }
  }

  private void storeCheckpoint(MerkleFrontier tree, String timestamp) throws SQLException {
    byte[] root = tree.root();
    String note = signer.signNote(new Checkpoint(origin, tree.size(), root).body());
    try (PreparedStatement cp = conn.prepareStatement("INSERT INTO checkpoints (size, root, note, created) VALUES (?, ?, ?, ?)")) {
      cp.setLong(1, tree.size());
      cp.setString(2, HexFormat.of().formatHex(root));
      cp.setString(3, note);
      cp.setString(4, timestamp);
      cp.executeUpdate();
    }
  }

  /** A cleanly closed ledger ends with a checkpoint covering every entry (when this key is in force). */
  private void closingCheckpoint() throws LedgerException {
    try {
      dialect.beginWrite(conn);
      try {
        Head h = readHead();
        if (h.size() > lastCheckpointSize() && signer.verifierKey().equals(h.signerKey())) {
          storeCheckpoint(h.frontier(), java.time.format.DateTimeFormatter.ISO_INSTANT.format(
              java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        }
        dialect.commitWrite(conn);
      } catch (SQLException | RuntimeException | LedgerException e) {
        dialect.rollbackWrite(conn);
        throw e;
      }
    } catch (SQLException e) {
      throw new LedgerException("cannot sign the closing checkpoint: " + e.getMessage(), e);
    }
  }

  /** Canonicalises on the caller's thread, so many callers share the work the one writer would do. */
  static Pending pending(String type, String timestamp, JsonNode payload, boolean once) {
    return new Pending(type, timestamp, payload, CanonicalJson.canonicalize(payload), once, new CompletableFuture<>());
  }
}
