package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gavel on PostgreSQL through the CLI: an SQLite ledger migrated byte for byte (and a second
 * migration into the same database refused), replicas on two homes holding the same key deciding
 * into one chain, an auditor's read-only role, credentials from the environment and from gavel.yaml, and a database that does
 * not answer failing closed without ever printing the password.
 */
class PostgresStoreCliTest {
  private static final Pattern PASSWORD = Pattern.compile("[?&]password=([^&]+)");

  @TempDir
  Path dir;

  static String password(String url) {
    Matcher m = PASSWORD.matcher(url);
    return m.find() ? m.group(1) : "";
  }

  /** The URL without its user and password parameters. */
  static String bare(String url) {
    return url.replaceAll("\\?.*$", "");
  }

  @Test
  void migrateCopiesAnSqliteLedgerByteForByteAndRefusesATargetThatIsNotEmpty() throws Exception {
    Path home = dir.resolve("home");
    assertThat(CliRun.evaluate(home, "allow-high-credit-scorer.json").exit()).isZero();
    assertThat(CliRun.evaluate(home, "deny-approval-insufficient.json").exit()).isEqualTo(1);
    assertThat(CliRun.evaluate(home, "allow-limited-chatbot.json").exit()).isZero();
    Path before = dir.resolve("sqlite.jsonl");
    assertThat(CliRun.run(home, "ledger", "export", "-o", before.toString()).exit()).isZero();
    String sqliteCheckpoint = CliRun.run(home, "ledger", "checkpoint").out();

    String url = TestPostgres.freshDatabase();
    CliRun migrate = CliRun.run(home, "ledger", "migrate", "--to", url);
    assertThat(migrate.exit()).as(migrate.err()).isZero();
    assertThat(migrate.out()).contains("migrated 4 entries and ").contains("full audit passed").contains("postgresql://127.0.0.1");
    assertThat(migrate.out() + migrate.err()).doesNotContain(password(url));

    Path after = dir.resolve("pg.jsonl");
    assertThat(CliRun.run(home, "ledger", "export", "--store", url, "-o", after.toString()).exit()).isZero();
    assertThat(Files.readAllBytes(after)).as("the same entry bytes").isEqualTo(Files.readAllBytes(before));
    assertThat(CliRun.run(home, "ledger", "checkpoint", "--store", url).out()).as("the same signed checkpoint").isEqualTo(sqliteCheckpoint);
    CliRun verify = CliRun.run(home, "ledger", "verify", "--store", url);
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();

    // An auditor with a role that may only read verifies; the same role cannot append (exit 3, nothing printed as decided).
    String role = "auditor_" + url.replaceAll(".*/([^/?]+).*", "$1");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'audit-pw-4714'");
      s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
    }
    String auditor = bare(url) + "?user=" + role + "&password=audit-pw-4714";
    CliRun audit = CliRun.run(home, "ledger", "verify", "--store", auditor);
    assertThat(audit.exit()).as(audit.out() + audit.err()).isZero();
    CliRun cannot = CliRun.evaluate(home, "allow-minimal-classifier.json", "--store", auditor);
    assertThat(cannot.exit()).as(cannot.err()).isEqualTo(3);
    assertThat(cannot.out()).isEmpty();
    assertThat(cannot.err()).doesNotContain("audit-pw-4714");

    CliRun again = CliRun.run(home, "ledger", "migrate", "--to", url);
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("is not empty (4 entries").contains("nothing copied").doesNotContain(password(url));

    // The migrated ledger goes on: the next decision chains onto the copied head.
    assertThat(CliRun.evaluate(home, "allow-minimal-classifier.json", "--store", url).exit()).isZero();
    assertThat(CliRun.run(home, "ledger", "verify", "--store", url).exit()).isZero();
  }

  @Test
  void twoHomesWithTheSameKeyDecideIntoOneChainWithCredentialsFromTheEnvironmentAndGavelYaml() throws Exception {
    String url = TestPostgres.freshDatabase();
    Map<String, String> env = Map.of("GAVEL_STORE_USER", "gavel", "GAVEL_STORE_PASSWORD", password(url));
    Path a = dir.resolve("a");
    CliRun first = CliRun.runWithEnv(a, env, "evaluate", "--store", bare(url), "--at", CliRun.FIXTURE_TIME, "--data",
        CliRun.repo().resolve("test-fixtures/trust.json").toString(), CliRun.request("allow-high-credit-scorer.json").toString());
    assertThat(first.exit()).as(first.err()).isZero();

    // The second replica: its own home, the same key, the store and credentials in gavel.yaml.
    Path b = dir.resolve("b");
    Files.createDirectories(b.resolve("keys"));
    Files.copy(a.resolve("keys/ledger.key"), b.resolve("keys/ledger.key"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.writeString(b.resolve("store.password"), password(url) + "\n");
    Files.writeString(b.resolve("gavel.yaml"), "store: " + bare(url) + "\nstore-user: gavel\nstore-password-file: store.password\n");
    CliRun second = CliRun.evaluate(b, "deny-approval-insufficient.json");
    assertThat(second.exit()).as(second.err()).isEqualTo(1);
    assertThat(CliRun.evaluate(b, "allow-limited-chatbot.json").exit()).isZero();

    CliRun verify = CliRun.run(b, "ledger", "verify");
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    Path export = dir.resolve("all.jsonl");
    assertThat(CliRun.run(b, "ledger", "export", "-o", export.toString()).exit()).isZero();
    // One activation (both homes run the same policy revision) and three decisions, one chain.
    assertThat(Files.readAllLines(export)).hasSize(4);
  }

  @Test
  void aDatabaseThatRefusesOrDoesNotAnswerFailsClosedWithoutPrintingThePassword() throws Exception {
    String url = TestPostgres.freshDatabase();
    String wrong = bare(url) + "?user=gavel&password=not-the-password-4711";
    CliRun refused = CliRun.evaluate(dir.resolve("h1"), "allow-high-credit-scorer.json", "--store", wrong);
    assertThat(refused.exit()).as("an error, never an allow").isEqualTo(3);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).contains("ledger").contains("postgresql://127.0.0.1").doesNotContain("not-the-password-4711");

    String nobody = "jdbc:postgresql://127.0.0.1:1/gavel?user=gavel&password=secret-4712&connectTimeout=2";
    CliRun down = CliRun.runWithEnv(dir.resolve("h2"), Map.of("GAVEL_STORE_PASSWORD", "env-secret-4713", "GAVEL_STORE_USER", "gavel"),
        "evaluate", "--store", nobody, "--at", CliRun.FIXTURE_TIME, CliRun.request("allow-high-credit-scorer.json").toString());
    assertThat(down.exit()).isEqualTo(3);
    assertThat(down.out()).isEmpty();
    assertThat(down.err()).doesNotContain("secret-4712").doesNotContain("env-secret-4713");
    CliRun verify = CliRun.run(dir.resolve("h2"), "ledger", "verify", "--store", nobody, "--public-key", "/dev/null");
    assertThat(verify.exit()).isEqualTo(2);
    assertThat(verify.err()).contains("postgresql://127.0.0.1:1/gavel").doesNotContain("secret-4712");
  }
}
