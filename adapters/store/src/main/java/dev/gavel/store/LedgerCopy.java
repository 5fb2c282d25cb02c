package dev.gavel.store;

import dev.gavel.core.LedgerVerification;
import dev.gavel.core.port.LedgerException;
import dev.gavel.ledger.LeafHash;
import dev.gavel.ledger.LedgerEntry;
import dev.gavel.ledger.MerkleFrontier;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.ledger.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * {@code gavel ledger migrate}: copies a ledger (an SQLite file, typically) into an empty database
 * (PostgreSQL, typically) byte for byte — every entry's bytes, hash and index columns, every signed
 * checkpoint as it was signed, the head row with the key in force and the cadence — in one
 * transaction of the target, then proves the copy: the same digest over every stored row on both
 * sides, the same head and Merkle root, and the full audit passing on the copy. The source must
 * pass the audit first (a damaged ledger is not copied), and the target must hold nothing.
 */
public final class LedgerCopy {
  private static final int INSERT_BATCH = 1000;

  private LedgerCopy() {}

  /** What was copied and proven. */
  public record Report(String from, String to, long entries, long checkpoints, String headHash, String root) {}

  /** Told of each entry copied and each entry compared. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = () -> { };

    void step();
  }

  /** A copy that was not made (nothing was written) or did not prove equal; {@link #failedAudit} says which kind. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean failedAudit;

    Refused(String message, boolean failedAudit) {
      super(message);
      this.failedAudit = failedAudit;
    }

    /** True when a ledger (the source, or the copy) failed verification, false for a refusal (non-empty target...). */
    public boolean failedAudit() {
      return failedAudit;
    }
  }

  /** Copies the ledger at {@code from} into the empty database at {@code to} and proves the copy with {@code key}. */
  public static Report copy(String from, StoreCredentials fromCredentials, String to, StoreCredentials toCredentials,
      NoteVerifier key, Progress progress) throws LedgerException, Refused {
    Objects.requireNonNull(key, "key");
    SqlDialect src = JdbcLedgerStore.dialect(from);
    SqlDialect dst = JdbcLedgerStore.dialect(to);
    String fromWhere = src.describe(from);
    String toWhere = dst.describe(to);
    if (fromWhere.equals(toWhere)) {
      throw new Refused("the source and the target are the same ledger (" + toWhere + ")", false);
    }
    try (JdbcLedgerStore source = JdbcLedgerStore.openReadOnly(from, fromCredentials)) {
      Verdict<?> v = LedgerVerification.verify(source, key, List.of(), LedgerVerification.Progress.NONE);
      if (!v.passed()) {
        throw new Refused("the source ledger " + fromWhere + " does not verify, so it is not copied: " + v.failure(), true);
      }
    }
    String[] sourceDigest = new String[1];
    try (Connection in = src.open(from, fromCredentials, true); Connection out = dst.open(to, toCredentials, false)) {
      LedgerSchema.migrate(out, dst, toWhere);
      // One read transaction: the entries, checkpoints and head row of one moment.
      in.setAutoCommit(false);
      try {
        sourceDigest[0] = write(in, out, dst, toWhere, progress);
      } finally {
        in.rollback();
      }
    } catch (SQLException e) {
      throw new LedgerException("cannot copy the ledger " + fromWhere + " into " + toWhere + ": "
          + toCredentials.redact(fromCredentials.redact(GroupCommitWriter.brief(e), from), to), null);
    }
    return prove(from, fromCredentials, to, toCredentials, key, sourceDigest[0], progress);
  }

  /** Writes everything in one target transaction; returns the digest of what was read. */
  private static String write(Connection in, Connection out, SqlDialect dst, String toWhere, Progress progress)
      throws SQLException, Refused {
    Digest digest = new Digest();
    dst.beginWrite(out);
    try {
      requireEmpty(out, dst, toWhere);
      MerkleFrontier tree = new MerkleFrontier();
      String prev = LedgerEntry.GENESIS;
      // The digest rows are derived from each entry's bytes (a source from before them has none), in (idx, digest) order.
      Digest digestRows = new Digest();
      try (PreparedStatement read = in.prepareStatement("SELECT " + COLUMNS + " FROM entries ORDER BY idx");
          PreparedStatement ins = out.prepareStatement("INSERT INTO entries (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement dig = out.prepareStatement("INSERT INTO entry_digests (idx, digest) VALUES (?, ?)")) {
        read.setFetchSize(INSERT_BATCH);
        int pending = 0;
        try (ResultSet rs = read.executeQuery()) {
          while (rs.next()) {
            long idx = rs.getLong(1);
            byte[] bytes = rs.getBytes(6);
            String hash = rs.getString(4);
            if (idx != tree.size() || !LeafHash.render(LeafHash.leaf(bytes)).equals(hash)) {
              throw new Refused("the source changed or is damaged at entry " + idx + "; nothing copied", true);
            }
            digest.row(rs);
            for (int i = 1; i <= 10; i++) {
              ins.setObject(i, i == 1 ? (Object) idx : i == 6 ? bytes : rs.getString(i));
            }
            ins.addBatch();
            for (String d : digestsOf(bytes)) {
              dig.setLong(1, idx);
              dig.setString(2, d);
              dig.addBatch();
              digestRows.text(idx + "\n" + d);
            }
            tree.append(LeafHash.leaf(bytes));
            prev = hash;
            progress.step();
            if (++pending == INSERT_BATCH) {
              ins.executeBatch();
              dig.executeBatch();
              pending = 0;
            }
          }
        }
        if (pending > 0) {
          ins.executeBatch();
          dig.executeBatch();
        }
      }
      digest.text(digestRows.hex());
      // Derived from the copied hashes (a source from before them has none), as the writer would have written them.
      StoredSubtrees.backfill(out);
      long checkpoints = 0;
      try (PreparedStatement read = in.prepareStatement("SELECT size, root, note, created FROM checkpoints ORDER BY size");
          PreparedStatement ins = out.prepareStatement("INSERT INTO checkpoints (size, root, note, created) VALUES (?, ?, ?, ?)");
          ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          digest.text(rs.getLong(1) + "\n" + rs.getString(2) + "\n" + rs.getString(3) + "\n" + rs.getString(4));
          ins.setLong(1, rs.getLong(1));
          ins.setString(2, rs.getString(2));
          ins.setString(3, rs.getString(3));
          ins.setString(4, rs.getString(4));
          ins.addBatch();
          checkpoints++;
        }
        ins.executeBatch();
      }
      copyHead(in, out, tree, prev, digest);
      dst.commitWrite(out);
      return digest.hex();
    } catch (SQLException | RuntimeException | Refused e) {
      try {
        dst.rollbackWrite(out);
      } catch (SQLException ignored) {
        // the first failure is the one to report
      }
      throw e;
    }
  }

  private static final String COLUMNS = "idx, timestamp, type, entry_hash, prev_hash, canonical, model, outcome, decision_id, entry_key";

  /** The artifact digests an entry's bytes name (none when they cannot be read: the audit of the copy names that entry). */
  private static java.util.List<String> digestsOf(byte[] bytes) {
    try {
      java.util.List<String> d = dev.gavel.core.port.EntryIndex.of(dev.gavel.json.Json.read(bytes)).digests();
      return d == null ? java.util.List.of() : d;
    } catch (dev.gavel.json.Json.ParseException | RuntimeException e) {
      return java.util.List.of();
    }
  }

  private static void requireEmpty(Connection out, SqlDialect dst, String toWhere) throws SQLException, Refused {
    long size;
    try (PreparedStatement p = out.prepareStatement(dst.selectHeadForWrite()); ResultSet rs = p.executeQuery()) {
      size = rs.next() ? rs.getLong(1) : -1;
    }
    long entries = count(out, "entries");
    long checkpoints = count(out, "checkpoints");
    if (size != 0 || entries != 0 || checkpoints != 0) {
      throw new Refused("the target " + toWhere + " is not empty (" + entries + " entries, " + checkpoints
          + " checkpoints): a ledger is migrated only into an empty database; nothing copied", false);
    }
  }

  private static long count(Connection c, String table) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM " + table); ResultSet rs = p.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The head row as the source has it (key in force, cadence); its frontier must be the one the entries give. */
  private static void copyHead(Connection in, Connection out, MerkleFrontier tree, String head, Digest digest)
      throws SQLException, Refused {
    long every = 1;
    String signer = null;
    if (LedgerSchema.hasTable(in, "ledger_head")) {
      try (PreparedStatement p = in.prepareStatement("SELECT size, head_hash, frontier, checkpoint_every, signer_key FROM ledger_head WHERE id = 1");
          ResultSet rs = p.executeQuery()) {
        if (rs.next()) {
          if (rs.getLong(1) != tree.size() || !rs.getString(2).equals(head)
              || !java.util.Arrays.equals(rs.getBytes(3), tree.encode())) {
            throw new Refused("the source's head row does not describe its entries; run `gavel ledger verify`; nothing copied", true);
          }
          every = rs.getLong(4);
          signer = rs.getString(5);
        }
      }
    }
    digest.text(tree.size() + "\n" + head + "\n" + every + "\n" + signer);
    try (PreparedStatement p = out.prepareStatement(
        "UPDATE ledger_head SET size = ?, head_hash = ?, frontier = ?, checkpoint_every = ?, signer_key = ? WHERE id = 1")) {
      p.setLong(1, tree.size());
      p.setString(2, head);
      p.setBytes(3, tree.encode());
      p.setLong(4, every);
      p.setString(5, signer);
      p.executeUpdate();
    }
  }

  /** Reads the copy back through its own connection: the same digest, the full audit, the same root. */
  private static Report prove(String from, StoreCredentials fromCredentials, String to, StoreCredentials toCredentials,
      NoteVerifier key, String sourceDigest, Progress progress) throws LedgerException, Refused {
    SqlDialect dst = JdbcLedgerStore.dialect(to);
    String toWhere = dst.describe(to);
    String copyDigest;
    try (Connection c = dst.open(to, toCredentials, true)) {
      c.setAutoCommit(false);
      Digest digest = new Digest();
      try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM entries ORDER BY idx")) {
        p.setFetchSize(INSERT_BATCH);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            digest.row(rs);
            progress.step();
          }
        }
      }
      Digest digestRows = new Digest();
      try (PreparedStatement p = c.prepareStatement("SELECT idx, digest FROM entry_digests ORDER BY idx, digest");
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          digestRows.text(rs.getLong(1) + "\n" + rs.getString(2));
        }
      }
      digest.text(digestRows.hex());
      try (PreparedStatement p = c.prepareStatement("SELECT size, root, note, created FROM checkpoints ORDER BY size");
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          digest.text(rs.getLong(1) + "\n" + rs.getString(2) + "\n" + rs.getString(3) + "\n" + rs.getString(4));
        }
      }
      try (PreparedStatement p = c.prepareStatement("SELECT size, head_hash, checkpoint_every, signer_key FROM ledger_head WHERE id = 1");
          ResultSet rs = p.executeQuery()) {
        rs.next();
        digest.text(rs.getLong(1) + "\n" + rs.getString(2) + "\n" + rs.getLong(3) + "\n" + rs.getString(4));
      }
      c.rollback();
      copyDigest = digest.hex();
    } catch (SQLException e) {
      throw new LedgerException("cannot read back the copy in " + toWhere + ": " + toCredentials.redact(GroupCommitWriter.brief(e), to), null);
    }
    if (!copyDigest.equals(sourceDigest)) {
      throw new Refused("the copy in " + toWhere + " does not read back as the source was read (digest " + copyDigest
          + ", source " + sourceDigest + ")", true);
    }
    try (JdbcLedgerStore source = JdbcLedgerStore.openReadOnly(from, fromCredentials);
        JdbcLedgerStore copy = JdbcLedgerStore.openReadOnly(to, toCredentials)) {
      Verdict<?> v = LedgerVerification.verify(copy, key, List.of(), LedgerVerification.Progress.NONE);
      if (!v.passed()) {
        throw new Refused("the copy in " + toWhere + " does not verify: " + v.failure(), true);
      }
      long size = copy.size();
      String root = HexFormat.of().formatHex(dev.gavel.ledger.MerkleTree.root(copy.leafHashes(size)));
      String sourceRoot = HexFormat.of().formatHex(dev.gavel.ledger.MerkleTree.root(source.leafHashes(source.size())));
      if (!root.equals(sourceRoot) || size != source.size()) {
        throw new Refused("the copy's Merkle root " + root + " (size " + size + ") is not the source's " + sourceRoot, true);
      }
      return new Report(source.description(), toWhere, size, copy.checkpoints().size(),
          copy.head().map(h -> h.headHash()).orElse(LedgerEntry.GENESIS), root);
    }
  }

  /** A running SHA-256 over rows, so that both sides are compared byte for byte in constant memory. */
  private static final class Digest {
    private final MessageDigest md;

    Digest() {
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JDK", e);
      }
    }

    void row(ResultSet rs) throws SQLException {
      StringBuilder sb = new StringBuilder();
      sb.append(rs.getLong(1));
      for (int i = 2; i <= 10; i++) {
        if (i == 6) {
          continue;
        }
        String v = rs.getString(i);
        sb.append('\n').append(v == null ? "\u0000null" : v.length() + ":" + v);
      }
      text(sb.toString());
      byte[] bytes = rs.getBytes(6);
      md.update(longBytes(bytes.length));
      md.update(bytes);
    }

    void text(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      md.update(longBytes(b.length));
      md.update(b);
    }

    private static byte[] longBytes(long v) {
      return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }

    String hex() {
      return HexFormat.of().formatHex(md.digest());
    }
  }
}
