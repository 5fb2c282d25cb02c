package dev.gavel.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL for tests: the server named by {@code GAVEL_TEST_PG_URL} (as `.ci/run` sets
 * it), else a throwaway cluster this JVM starts with {@code scripts/postgres.sh} (installing
 * Debian's postgresql-15 when needed) and stops on exit. When neither works the test is skipped
 * with a message saying why ({@code GAVEL_TEST_PG_UNAVAILABLE} carries the reason when `.ci/run`
 * already failed to start one), unless {@code GAVEL_TEST_PG_REQUIRED=1}, which makes it a failure; a
 * URL that was given but does not answer is always a failure. Each test gets a database of its own.
 */
public final class TestPostgres {
  public static final String URL_ENV = "GAVEL_TEST_PG_URL";
  public static final String REQUIRED_ENV = "GAVEL_TEST_PG_REQUIRED";
  /** Set by `.ci/run` when its own start failed, so that every test JVM does not try (and wait) again. */
  public static final String UNAVAILABLE_ENV = "GAVEL_TEST_PG_UNAVAILABLE";
  private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static String server;
  private static String unavailable;

  private TestPostgres() {}

  /** A throwaway cluster of one's own (for tests that stop and restart the server). */
  public record Cluster(Path dir, String url) implements AutoCloseable {
    /** {@code pg_ctl stop -m immediate}: the server dies as in a crash. */
    public void kill() {
      script("kill", dir.toString());
    }

    /** Starts the killed or stopped server again on the same port. */
    public void restart() {
      script("restart", dir.toString());
    }

    /** A new database on this cluster. */
    public String freshDatabase() {
      return createDatabase(url);
    }

    @Override
    public void close() {
      script("stop", dir.toString());
    }
  }

  /** The URL of a new, empty database on the test server (or a skip, see the class comment). */
  public static String freshDatabase() {
    return createDatabase(server());
  }

  /** The test server's URL (its maintenance database); started on first use. */
  public static synchronized String server() {
    if (server != null) {
      return server;
    }
    if (unavailable == null && System.getenv(UNAVAILABLE_ENV) != null) {
      unavailable = System.getenv(UNAVAILABLE_ENV);
    }
    if (unavailable != null) {
      skip(unavailable);
    }
    String given = System.getenv(URL_ENV);
    if (given != null && !given.isBlank()) {
      try (Connection c = DriverManager.getConnection(given)) {
        server = given;
        return server;
      } catch (SQLException e) {
        Assertions.fail(URL_ENV + " is set but the server does not answer: " + e.getMessage());
      }
    }
    try {
      Cluster c = startCluster();
      Runtime.getRuntime().addShutdownHook(new Thread(c::close));
      server = c.url();
      return server;
    } catch (IllegalStateException e) {
      unavailable = e.getMessage();
      skip(unavailable);
      return null;
    }
  }

  /** Starts a cluster of one's own (or skips, as {@link #server()}). */
  public static Cluster privateCluster() {
    if (System.getenv(UNAVAILABLE_ENV) != null) {
      skip(System.getenv(UNAVAILABLE_ENV));
    }
    try {
      return startCluster();
    } catch (IllegalStateException e) {
      skip(e.getMessage());
      return null;
    }
  }

  private static void skip(String why) {
    String message = "PostgreSQL is not available (" + why + "); set " + URL_ENV + " or make scripts/postgres.sh work: skipping";
    if ("1".equals(System.getenv(REQUIRED_ENV))) {
      Assertions.fail(message.replace(": skipping", "") + " (" + REQUIRED_ENV + "=1)");
    }
    Assumptions.abort(message);
  }

  private static Cluster startCluster() {
    Path dir;
    try {
      dir = Files.createTempDirectory("gavel-pg");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a directory for the cluster: " + e.getMessage(), e);
    }
    String out = script("start", dir.toString()).strip();
    String[] lines = out.split("\n");
    String url = lines[lines.length - 1].strip();
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalStateException("scripts/postgres.sh start printed no JDBC URL: " + out);
    }
    return new Cluster(dir, url);
  }

  /** Runs scripts/postgres.sh; IllegalStateException with its stderr when it fails. */
  static String script(String... args) {
    Path script = SharedFiles.repo().resolve("scripts/postgres.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(script + " not found");
    }
    String[] cmd = new String[args.length + 2];
    cmd[0] = "bash";
    cmd[1] = script.toString();
    System.arraycopy(args, 0, cmd, 2, args.length);
    try {
      Path err = Files.createTempFile("gavel-pg", ".err");
      Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("scripts/postgres.sh " + args[0] + " did not finish in 300 s");
      }
      String stderr = Files.readString(err);
      Files.deleteIfExists(err);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("scripts/postgres.sh " + args[0] + " failed (exit " + p.exitValue() + "): " + lastLines(stderr));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run scripts/postgres.sh: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running scripts/postgres.sh", e);
    }
  }

  private static String lastLines(String s) {
    String[] lines = s.strip().split("\n");
    return String.join(" | ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 4), lines.length));
  }

  /** {@code url} with its database replaced by {@code database}. */
  public static String withDatabase(String url, String database) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a jdbc:postgresql://HOST/DB URL");
    }
    return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
  }

  private static String createDatabase(String serverUrl) {
    String name = "gavel_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return withDatabase(serverUrl, name);
  }
}
