package dev.gavel.store;

import dev.gavel.core.port.LedgerException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a store's connections come from: one kept connection (SQLite, whose file needs no pool)
 * or a pool (a server database, where a connection that a restart or a network failure broke is
 * replaced by a new one, so appends resume by themselves).
 */
interface Connections extends AutoCloseable {
  /** Work done on one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException, LedgerException;
  }

  /** Runs {@code work} on a connection of this source; calls may come from many threads. */
  <T> T with(Work<T> work) throws SQLException, LedgerException;

  @Override
  void close();

  /** One connection, kept open and used by one caller at a time. */
  static Connections kept(Connection c) {
    return new Connections() {
      @Override
      public synchronized <T> T with(Work<T> work) throws SQLException, LedgerException {
        return work.run(c);
      }

      @Override
      public void close() {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing: nothing is pending on this connection
        }
      }
    };
  }
}
