package dev.gavel.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gavel.core.port.LedgerException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The shared ledger of several replicas: PostgreSQL through its own JDBC driver, each store's
 * connections pooled by HikariCP (a connection a server restart broke is replaced, so appends
 * resume by themselves). Batches from every replica serialise on the head row, locked with
 * {@code SELECT ... FOR UPDATE} at the start of each write transaction; READ COMMITTED then lets
 * every later statement of the batch see what the previous holder committed, so indexes stay
 * gapless and {@code prevHash} names the previous entry whoever wrote it. Commits are durable
 * ({@code synchronous_commit = on} for the writer's sessions, whatever the server's default).
 */
public final class PostgresDialect implements SqlDialect {
  public static final String PREFIX = "jdbc:postgresql:";
  /** The key of the transaction-scoped advisory lock that serialises schema changes. */
  static final long SCHEMA_LOCK = 0x6761_7665_6c5f_7363L;  // "gavel_sc"
  /** URL parameters that carry secrets, removed from every description. */
  private static final Pattern SECRET_PARAM = Pattern.compile("(?i)^(user|password|sslpassword|sslkey|sslcert|sslrootcert)=.*");
  private static final Pattern USERINFO = Pattern.compile("^(jdbc:postgresql://)[^/@?]*@");

  @Override
  public String name() {
    return "postgresql";
  }

  static void requireUrl(String url) {
    if (url == null || !url.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a PostgreSQL URL: " + (url == null ? "null" : new PostgresDialect().describe(url)));
    }
  }

  @Override
  public Connection open(String url, StoreCredentials credentials, boolean readOnly) throws SQLException {
    requireUrl(url);
    Properties p = credentials.properties();
    p.setProperty("ApplicationName", readOnly ? "gavel-ledger-reader" : "gavel-ledger");
    Connection c = DriverManager.getConnection(url, p);
    try (Statement s = c.createStatement()) {
      if (readOnly) {
        s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
      } else {
        s.execute("SET synchronous_commit = on");
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * A small pool per purpose: the writer needs one connection (and a second to look for a batch
   * whose commit was in doubt); readers a few. Readers run in read-only transactions (rolled back
   * after each call) so that long reads stream with a cursor instead of loading every row.
   */
  @Override
  public Connections connections(String url, StoreCredentials credentials, Purpose purpose, boolean readOnly) {
    requireUrl(url);
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    if (credentials.user() != null) {
      cfg.setUsername(credentials.user());
    }
    if (credentials.password() != null) {
      cfg.setPassword(credentials.password());
    }
    boolean writer = purpose == Purpose.WRITE && !readOnly;
    cfg.setPoolName(writer ? "gavel-ledger-writer" : "gavel-ledger-reader");
    cfg.setMaximumPoolSize(writer ? 2 : 4);
    cfg.setMinimumIdle(1);
    // How long a caller waits for the database before its append fails (fail closed: an error, never an allow).
    cfg.setConnectionTimeout(5_000);
    cfg.setValidationTimeout(2_000);
    cfg.setAutoCommit(writer);
    cfg.setReadOnly(!writer);
    cfg.addDataSourceProperty("ApplicationName", cfg.getPoolName());
    // One multi-row INSERT per batch instead of one round trip per entry.
    cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
    cfg.addDataSourceProperty("tcpKeepAlive", "true");
    if (writer) {
      cfg.setConnectionInitSql("SET synchronous_commit = on");
    }
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(cfg);
    } catch (RuntimeException e) {
      // Hikari wraps the driver's failure; its message names the host, never the password.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("cannot connect to " + describe(url) + ": " + cause.getMessage(), cause);
    }
    return new Connections() {
      @Override
      public <T> T with(Work<T> work) throws SQLException, LedgerException {
        try (Connection c = ds.getConnection()) {
          if (writer) {
            return work.run(c);
          }
          try {
            return work.run(c);
          } finally {
            try {
              c.rollback();
            } catch (SQLException ignored) {
              // a read-only transaction has nothing to lose; a broken connection is the pool's to discard
            }
          }
        }
      }

      @Override
      public void close() {
        ds.close();
      }
    };
  }

  @Override
  public String blobType() {
    return "BYTEA";
  }

  @Override
  public String bigintType() {
    return "BIGINT";
  }

  @Override
  public void beginWrite(Connection c) throws SQLException {
    c.setAutoCommit(false);
  }

  @Override
  public void beginSchemaChange(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
    }
  }

  @Override
  public void commitWrite(Connection c) throws SQLException {
    c.commit();
    c.setAutoCommit(true);
  }

  @Override
  public void rollbackWrite(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.rollback();
      c.setAutoCommit(true);
    }
  }

  @Override
  public String selectHeadForWrite() {
    return "SELECT size, head_hash, frontier, checkpoint_every, signer_key FROM ledger_head WHERE id = 1 FOR UPDATE";
  }

  @Override
  public boolean commitMayBeInDoubt() {
    return true;
  }

  /** The URL without user information or secret parameters: {@code postgresql://host:port/db?ssl=true}. */
  @Override
  public String describe(String url) {
    String u = USERINFO.matcher(url).replaceFirst("$1");
    int q = u.indexOf('?');
    if (q < 0) {
      return u.substring("jdbc:".length());
    }
    StringBuilder kept = new StringBuilder();
    for (String param : u.substring(q + 1).split("&")) {
      if (!param.isEmpty() && !SECRET_PARAM.matcher(param).matches()) {
        kept.append(kept.length() == 0 ? "?" : "&").append(param);
      }
    }
    return u.substring("jdbc:".length(), q) + kept;
  }
}
