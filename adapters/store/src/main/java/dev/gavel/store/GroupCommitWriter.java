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

  /** How long the writer keeps looking for a batch whose commit was in doubt before saying it cannot tell. */
  static final long IN_DOUBT_WAIT_MILLIS = 20_000;

  private final Connections conns;
  private final SqlDialect dialect;
  private final Signer signer;
  private final String origin;
  private final int checkpointEvery;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  /** Signs a batch's checkpoint while the batch is written (one signature at a time, in batch order). */
  private final java.util.concurrent.ExecutorService signing = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "gavel-ledger-signer");
    t.setDaemon(true);
    return t;
  });

  /** An append waiting for the writer; its payload is canonicalised by the calling thread. */
  record Pending(String type, String timestamp, JsonNode payload, byte[] canonicalPayload, boolean once,
      CompletableFuture<LedgerReceipt> done) {}

  /** The head row, as read inside a write transaction. */
  private record Head(long size, String hash, MerkleFrontier frontier, String signerKey) {}

  GroupCommitWriter(Connections conns, SqlDialect dialect, Signer signer, String origin, int checkpointEvery) {
    this.conns = conns;
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
    } finally {
      signing.shutdown();
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

  /** What a batch got to: the last entry it wrote, and whether its commit was sent. */
  private static final class Attempt {
    long lastIndex = -1;
    String lastHash;
    List<LedgerReceipt> receipts;
    boolean committing;
  }

  /**
   * Writes one batch in one transaction and answers its callers: with their receipts once it is
   * committed, or with an error saying that nothing of the batch was recorded, or (a server
   * database that went away while committing, and did not come back in time to be asked) that
   * the outcome is unknown. Never a receipt for an entry that is not committed.
   */
  private void write(List<Pending> batch) {
    Attempt attempt = new Attempt();
    List<LedgerReceipt> receipts;
    try {
      receipts = conns.with(c -> writeBatch(c, batch, attempt));
    } catch (SQLException | RuntimeException | LedgerException e) {
      LedgerException le;
      if (attempt.committing && dialect.commitMayBeInDoubt()) {
        try {
          receipts = resolveInDoubt(batch, attempt, e);
          if (receipts != null) {
            complete(batch, receipts);
            return;
          }
          le = notRecorded(e);
        } catch (LedgerException unknown) {
          le = unknown;
        }
      } else {
        le = e instanceof LedgerException x ? x : notRecorded(e);
      }
      for (Pending p : batch) {
        p.done().completeExceptionally(le);
      }
      return;
    }
    complete(batch, receipts);
  }

  private static void complete(List<Pending> batch, List<LedgerReceipt> receipts) {
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).done().complete(receipts.get(i));
    }
  }

  private static LedgerException notRecorded(Exception e) {
    if (e instanceof LedgerException le && le.getMessage().contains("nothing of this batch was recorded")) {
      return le;
    }
    return new LedgerException("ledger commit failed, nothing of this batch was recorded: " + brief(e), e);
  }

  /**
   * A driver's message, short: a failed batch insert names the statement that failed (with every
   * entry's bytes); the reason is its next exception's message.
   */
  static String brief(Throwable e) {
    String m = e.getMessage();
    if (e instanceof java.sql.BatchUpdateException b && b.getNextException() != null) {
      m = b.getNextException().getMessage();
    }
    if (m == null) {
      m = e.toString();
    }
    return m.length() > 400 ? m.substring(0, 400) + "..." : m;
  }

  /**
   * The commit was sent but its answer was lost: the batch is in if, and only if, its last entry
   * is stored under its index with its hash (the batch is one transaction, so all of it or none).
   * Returns the receipts when it is in, null when it is out; asks again (the database may be
   * restarting) until {@link #IN_DOUBT_WAIT_MILLIS}, then says it cannot tell.
   */
  private List<LedgerReceipt> resolveInDoubt(List<Pending> batch, Attempt attempt, Exception cause) throws LedgerException {
    if (attempt.lastIndex < 0) {
      return null;
    }
    long deadline = System.currentTimeMillis() + IN_DOUBT_WAIT_MILLIS;
    while (true) {
      try {
        String stored = conns.with(c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT entry_hash FROM entries WHERE idx = ?")) {
            p.setLong(1, attempt.lastIndex);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? rs.getString(1) : "";
            }
          }
        });
        return attempt.lastHash.equals(stored) ? attempt.receipts : null;
      } catch (SQLException | RuntimeException | LedgerException e) {
        if (System.currentTimeMillis() > deadline) {
          throw new LedgerException("the database went away while committing and could not be asked afterwards whether this "
              + "batch is recorded (its last entry would be index " + attempt.lastIndex + ", " + attempt.lastHash + "): treat the "
              + "decision as not made, and check with `gavel ledger verify` / `gavel ledger export`: " + brief(cause), cause);
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new LedgerException("interrupted while asking whether a batch is recorded", ie);
        }
      }
    }
  }

  private List<LedgerReceipt> writeBatch(Connection conn, List<Pending> batch, Attempt attempt) throws SQLException, LedgerException {
    List<LedgerReceipt> receipts = new ArrayList<>();
    try {
      dialect.beginWrite(conn);
      Head h = readHead(conn);
      requireSignerInForce(h);
      long index = h.size();
      String prev = h.hash();
      MerkleFrontier tree = h.frontier();
      String signerKey = h.signerKey() == null && signer != null ? signer.verifierKey() : h.signerKey();
      boolean rotation = false;
      java.util.Map<String, LedgerReceipt> onceInBatch = new java.util.HashMap<>();
      boolean digests = false;
      try (PreparedStatement ins = conn.prepareStatement(
          "INSERT INTO entries (idx, timestamp, type, entry_hash, prev_hash, canonical, model, outcome, decision_id, entry_key)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement dig = conn.prepareStatement("INSERT INTO entry_digests (idx, digest) VALUES (?, ?)");
          PreparedStatement sub = conn.prepareStatement(StoredSubtrees.INSERT)) {
        boolean[] subtrees = {false};
        SQLException[] subtreeFailure = {null};
        MerkleFrontier.Completed completed = (start, level, hash) -> {
          try {
            subtrees[0] |= StoredSubtrees.add(sub, start, level, hash);
          } catch (SQLException e) {
            subtreeFailure[0] = e;
          }
        };
        for (Pending p : batch) {
          EntryIndex cols = EntryIndex.of(p.type(), p.timestamp(), prev, p.payload());
          if (p.once()) {
            LedgerReceipt existing = onceInBatch.get(p.type() + "\n" + cols.key());
            if (existing == null) {
              existing = recorded(conn, p.type(), cols.key());
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
          for (String d : cols.digests()) {
            dig.setLong(1, index);
            dig.setString(2, d);
            dig.addBatch();
            digests = true;
          }
          LedgerReceipt receipt = new LedgerReceipt(index, hash, index + 1);
          receipts.add(receipt);
          if (p.once()) {
            onceInBatch.put(p.type() + "\n" + cols.key(), receipt);
          }
          tree.append(leaf, completed);
          if (subtreeFailure[0] != null) {
            throw subtreeFailure[0];
          }
          attempt.lastIndex = index;
          attempt.lastHash = hash;
          prev = hash;
          index++;
          if (p.type().equals("key-rotation")) {
            // From the next entry on, the new key is in force (its own checkpoint is the old key's).
            rotation = true;
            signerKey = cols.key();
          }
        }
        // The checkpoint's signature (an Ed25519 signature, about a millisecond) is made on the
        // signing thread while the database takes the batch's rows.
        long lastCheckpoint = lastCheckpointSize(conn);
        java.util.concurrent.Future<String> note = null;
        byte[] root = null;
        if (signer != null && index > h.size() && (rotation || index - lastCheckpoint >= checkpointEvery)) {
          root = tree.root();
          String body = new Checkpoint(origin, tree.size(), root).body();
          note = signing.submit(() -> signer.signNote(body));
        }
        ins.executeBatch();
        if (digests) {
          dig.executeBatch();
        }
        if (subtrees[0]) {
          sub.executeBatch();
        }
        if (note != null) {
          storeCheckpoint(conn, tree.size(), root, awaitSignature(note), batch.get(batch.size() - 1).timestamp());
        }
      }
      updateHead(conn, index, prev, tree, signerKey);
      attempt.receipts = receipts;
      attempt.committing = true;
      dialect.commitWrite(conn);
      return receipts;
    } catch (SQLException | RuntimeException | LedgerException e) {
      try {
        dialect.rollbackWrite(conn);
      } catch (SQLException ignored) {
        // The original failure is what callers need to see (a broken connection cannot roll back: the server does).
      }
      throw e;
    }
  }

  /** The receipt of the first entry of {@code type} under {@code key}, or null (inside the write transaction). */
  private static LedgerReceipt recorded(Connection conn, String type, String key) throws SQLException {
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

  private Head readHead(Connection conn) throws SQLException, LedgerException {
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

  private static long lastCheckpointSize(Connection conn) throws SQLException {
    try (PreparedStatement p = conn.prepareStatement("SELECT COALESCE(MAX(size), 0) FROM checkpoints"); ResultSet rs = p.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void updateHead(Connection conn, long size, String hash, MerkleFrontier tree, String signerKey) throws SQLException {
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

  private void storeCheckpoint(Connection conn, MerkleFrontier tree, String timestamp) throws SQLException {
    byte[] root = tree.root();
    storeCheckpoint(conn, tree.size(), root, signer.signNote(new Checkpoint(origin, tree.size(), root).body()), timestamp);
  }

  private static void storeCheckpoint(Connection conn, long size, byte[] root, String note, String timestamp) throws SQLException {
    try (PreparedStatement cp = conn.prepareStatement("INSERT INTO checkpoints (size, root, note, created) VALUES (?, ?, ?, ?)")) {
      cp.setLong(1, size);
      cp.setString(2, HexFormat.of().formatHex(root));
      cp.setString(3, note);
      cp.setString(4, timestamp);
      cp.executeUpdate();
    }
  }

  private static String awaitSignature(java.util.concurrent.Future<String> note) throws LedgerException {
    try {
      return note.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException("interrupted while signing the checkpoint", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new LedgerException("cannot sign the checkpoint: " + c, c);
    }
  }

  /** A cleanly closed ledger ends with a checkpoint covering every entry (when this key is in force). */
  private void closingCheckpoint() throws LedgerException {
    try {
      conns.with(conn -> {
        dialect.beginWrite(conn);
        try {
          Head h = readHead(conn);
          if (h.size() > lastCheckpointSize(conn) && signer.verifierKey().equals(h.signerKey())) {
            storeCheckpoint(conn, h.frontier(), java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
          }
          dialect.commitWrite(conn);
          return null;
        } catch (SQLException | RuntimeException | LedgerException e) {
          try {
            dialect.rollbackWrite(conn);
          } catch (SQLException ignored) {
            // the first failure is the one to report
          }
          throw e;
        }
      });
    } catch (SQLException e) {
      throw new LedgerException("cannot sign the closing checkpoint: " + e.getMessage(), e);
    }
  }

  /** Canonicalises on the caller's thread, so many callers share the work the one writer would do. */
  static Pending pending(String type, String timestamp, JsonNode payload, boolean once) {
    return new Pending(type, timestamp, payload, CanonicalJson.canonicalize(payload), once, new CompletableFuture<>());
  }
}
