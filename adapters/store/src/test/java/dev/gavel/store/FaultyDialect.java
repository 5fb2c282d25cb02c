package dev.gavel.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PostgreSQL with commits that go wrong on demand, the two ways a network can make them go
 * wrong: the answer of a commit the server made is lost, or the connection breaks before the
 * commit reaches the server.
 */
final class FaultyDialect implements SqlDialect {
  private final PostgresDialect real = new PostgresDialect();
  final AtomicBoolean loseNextCommitAnswer = new AtomicBoolean();
  final AtomicBoolean breakBeforeNextCommit = new AtomicBoolean();

  @Override
  public void commitWrite(Connection c) throws SQLException {
    if (breakBeforeNextCommit.getAndSet(false)) {
      c.rollback();
      throw new SQLException("simulated: connection reset before the commit was sent", "08006");
    }
    real.commitWrite(c);
    if (loseNextCommitAnswer.getAndSet(false)) {
      throw new SQLException("simulated: connection reset while waiting for the commit's answer", "08006");
    }
  }

  @Override
  public String name() {
    return real.name();
  }

  @Override
  public Connection open(String url, StoreCredentials credentials, boolean readOnly) throws SQLException {
    return real.open(url, credentials, readOnly);
  }

  @Override
  public Connections connections(String url, StoreCredentials credentials, Purpose purpose, boolean readOnly) throws SQLException {
    return real.connections(url, credentials, purpose, readOnly);
  }

  @Override
  public String blobType() {
    return real.blobType();
  }

  @Override
  public String bigintType() {
    return real.bigintType();
  }

  @Override
  public void beginWrite(Connection c) throws SQLException {
    real.beginWrite(c);
  }

  @Override
  public void beginSchemaChange(Connection c) throws SQLException {
    real.beginSchemaChange(c);
  }

  @Override
  public void rollbackWrite(Connection c) throws SQLException {
    real.rollbackWrite(c);
  }

  @Override
  public String selectHeadForWrite() {
    return real.selectHeadForWrite();
  }

  @Override
  public boolean commitMayBeInDoubt() {
    return real.commitMayBeInDoubt();
  }

  @Override
  public String describe(String url) {
    return real.describe(url);
  }
}
