package dev.gavel.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the databases the JDBC ledger runs on: how connections are opened and
 * configured, the column types, and how a writer takes the chain head for its transaction (so
 * that writers in other processes, or on other replicas, serialise on it and never fork).
 */
public interface SqlDialect {
  /** What a store's connections are for: pools are sized and configured per purpose. */
  enum Purpose { WRITE, READ }

  /** A short name for messages: {@code sqlite}, {@code postgresql}. */
  String name();

  /**
   * Opens one connection for writing (creating the database when it does not exist) or for
   * reading only (never creating or modifying anything, so an auditor can read a ledger they
   * cannot write).
   */
  Connection open(String url, StoreCredentials credentials, boolean readOnly) throws SQLException;

  /** The connections a store keeps for {@code purpose}: by default one kept connection. */
  default Connections connections(String url, StoreCredentials credentials, Purpose purpose, boolean readOnly)
      throws SQLException {
    return Connections.kept(open(url, credentials, readOnly));
  }

  /** The column type of entry bytes and frontiers. */
  String blobType();

  /** The column type of indexes and sizes. */
  String bigintType();

  /**
   * Starts the write transaction of one batch on {@code c} such that the head row read next
   * cannot change until commit: SQLite takes its write lock at BEGIN IMMEDIATE; a server
   * database locks the head row ({@link #selectHeadForWrite}).
   */
  void beginWrite(Connection c) throws SQLException;

  /**
   * Starts the transaction that creates or migrates the schema, excluding every other process
   * doing the same (by default the write transaction; a server database, where the head row may
   * not exist yet, takes a transaction-scoped lock of its own).
   */
  default void beginSchemaChange(Connection c) throws SQLException {
    beginWrite(c);
  }

  /** Commits the batch's transaction (durably) and leaves the connection as it was before {@link #beginWrite}. */
  void commitWrite(Connection c) throws SQLException;

  /** Rolls the batch's transaction back, leaving nothing of it. */
  void rollbackWrite(Connection c) throws SQLException;

  /** The statement that reads the head row inside the write transaction (and, on a server, locks it). */
  String selectHeadForWrite();

  /**
   * Whether a commit that failed may still have been committed: true for a server database, where
   * the connection can break after the server committed but before it answered. The writer then
   * looks for its batch before telling its callers anything.
   */
  default boolean commitMayBeInDoubt() {
    return false;
  }

  /** Where the ledger lives, without credentials, for messages. */
  String describe(String url);
}
