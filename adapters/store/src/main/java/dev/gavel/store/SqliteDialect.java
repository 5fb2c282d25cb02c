package dev.gavel.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The embedded default: one SQLite file in WAL mode with {@code synchronous=FULL}. The file is
 * created with mode 0600 before SQLite opens it (SQLite gives its -wal and -shm files the
 * database's mode). Read-only connections open with {@code mode=ro}, and, when the file and its
 * directory are not writable by the reader (an auditor's copy, another user's ledger) and no
 * write-ahead log is pending, as {@code immutable=1}, which needs no lock files at all.
 */
public final class SqliteDialect implements SqlDialect {
  public static final String PREFIX = "jdbc:sqlite:";

  @Override
  public String name() {
    return "sqlite";
  }

  /** The JDBC URL of a database file. */
  public static String url(Path file) {
    return PREFIX + file.toAbsolutePath().normalize();
  }

  static Path file(String url) {
    if (!url.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not an SQLite URL: " + url);
    }
    return Path.of(url.substring(PREFIX.length()));
  }

  @Override
  public Connection open(String url, StoreCredentials credentials, boolean readOnly) throws SQLException {
    // A file has no login: credentials (meant for a server database) do not apply.
    Path f = file(url);
    if (readOnly) {
      return openReadOnly(f);
    }
    createPrivately(f);
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    cfg.setBusyTimeout(30_000);
    return cfg.createConnection(url);
  }

  private static Connection openReadOnly(Path f) throws SQLException {
    if (!Files.isRegularFile(f)) {
      throw new SQLException("no ledger database at " + f);
    }
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setReadOnly(true);
    cfg.setBusyTimeout(30_000);
    Path wal = f.resolveSibling(f.getFileName() + "-wal");
    boolean walPending = false;
    try {
      walPending = Files.exists(wal) && Files.size(wal) > 0;
    } catch (IOException e) {
      walPending = true;
    }
    boolean canLock = Files.isWritable(f.toAbsolutePath().getParent()) || Files.exists(f.resolveSibling(f.getFileName() + "-shm"));
    if (!canLock) {
      if (walPending) {
        throw new SQLException("the ledger " + f + " has a pending write-ahead log (" + wal + ") but its directory is not "
            + "writable, so it cannot be read consistently; ask its owner to close every writer (or copy the database "
            + "with its -wal file)");
      }
      // Nothing can change under us and nothing may be created: read the file as it is.
      return cfg.createConnection("jdbc:sqlite:file:" + f.toAbsolutePath() + "?immutable=1");
    }
    return cfg.createConnection("jdbc:sqlite:file:" + f.toAbsolutePath() + "?mode=ro");
  }

  /** Creates the database file with mode 0600 if it does not exist yet (its directory must exist). */
  private static void createPrivately(Path f) throws SQLException {
    if (Files.exists(f)) {
      return;
    }
    try {
      Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      // another process created it first: fine
    } catch (UnsupportedOperationException e) {
      // a file system without POSIX modes keeps its own access control
    } catch (IOException e) {
      throw new SQLException("cannot create the ledger database " + f + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String blobType() {
    return "BLOB";
  }

  @Override
  public String bigintType() {
    return "INTEGER";
  }

  // Transactions are issued as statements on an auto-commit connection: the driver's own
  // setAutoCommit(false) would re-begin (and re-lock) right after every commit, holding the write
  // lock between batches and starving writers in other processes.
  @Override
  public void beginWrite(Connection c) throws SQLException {
    exec(c, "BEGIN IMMEDIATE");
  }

  @Override
  public void commitWrite(Connection c) throws SQLException {
    exec(c, "COMMIT");
  }

  @Override
  public void rollbackWrite(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.rollback();
      return;
    }
    try {
      exec(c, "ROLLBACK");
    } catch (SQLException e) {
      // "no transaction is active": the failure happened before BEGIN, nothing to undo
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public String selectHeadForWrite() {
    return "SELECT size, head_hash, frontier, checkpoint_every, signer_key FROM ledger_head WHERE id = 1";
  }

  @Override
  public String describe(String url) {
    return file(url).toString();
  }
}
