package dev.gavel.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the databases the JDBC ledger runs on: how a connection is opened and
 * configured, the column types, and how a writer takes the chain head for its transaction (so
 * that writers in other processes, or on other replicas, serialise on it and never fork).
 */
public interface SqlDialect {
  /** A short name for messages: {@code sqlite}, {@code postgresql}. */
  String name();

  /**
   * Opens a connection for writing (creating the database when it does not exist) or for reading
   * only (never creating or modifying anything, so an auditor can read a file they cannot write).
   */
  Connection open(String url, boolean readOnly) throws SQLException;

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

  /** Commits the batch's transaction (durably) and leaves the connection as it was before {@link #beginWrite}. */
  void commitWrite(Connection c) throws SQLException;

  /** Rolls the batch's transaction back, leaving nothing of it. */
  void rollbackWrite(Connection c) throws SQLException;

  /** The statement that reads the head row inside the write transaction. */
  String selectHeadForWrite();

  /** Where the ledger lives, without credentials, for messages. */
  String describe(String url);
}
