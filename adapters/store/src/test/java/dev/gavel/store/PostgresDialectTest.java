package dev.gavel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL dialect says about a URL never carries its credentials. */
class PostgresDialectTest {
  @ParameterizedTest(name = "{0} is described as {1}")
  @CsvSource(delimiter = '|', value = {
      "jdbc:postgresql://db:5432/gavel|postgresql://db:5432/gavel",
      "jdbc:postgresql://db:5432/gavel?user=gavel&password=s3cret|postgresql://db:5432/gavel",
      "jdbc:postgresql://db/gavel?ssl=true&password=s3cret&sslmode=verify-full|postgresql://db/gavel?ssl=true&sslmode=verify-full",
      "jdbc:postgresql://db/gavel?PASSWORD=s3cret&sslpassword=k3y&sslkey=/k.pem|postgresql://db/gavel",
      "jdbc:postgresql://gavel:s3cret@db:5432/gavel|postgresql://db:5432/gavel",
      "jdbc:postgresql://a:5432,b:5432/gavel?targetServerType=primary&user=u|postgresql://a:5432,b:5432/gavel?targetServerType=primary",
  })
  void descriptionsLeaveOutUsersAndSecrets(String url, String described) {
    assertThat(new PostgresDialect().describe(url)).isEqualTo(described).doesNotContain("s3cret").doesNotContain("k3y");
  }

  @Test
  void credentialsNeverPrintTheirPasswordAndRedactWhatADriverRepeats() {
    StoreCredentials c = new StoreCredentials("gavel", "pw-123456");
    assertThat(c.toString()).isEqualTo("StoreCredentials[user=gavel, password=***]");
    assertThat(c.redact("auth failed for pw-123456 at jdbc:postgresql://h/d?password=url-777", "jdbc:postgresql://h/d?password=url-777"))
        .isEqualTo("auth failed for *** at <store URL>");
    assertThat(StoreCredentials.NONE.redact("x password=url-777 y", "jdbc:postgresql://h/d?user=u&password=url-777"))
        .isEqualTo("x password=*** y");
    assertThatThrownBy(() -> new StoreCredentials(null, "pw")).hasMessageContaining("needs a store user");
  }

  @Test
  void anUnsupportedStoreNamesItsSchemeAndTheSupportedOnes() {
    assertThatThrownBy(() -> JdbcLedgerStore.dialect("jdbc:mysql://db/gavel?password=s3cret"))
        .hasMessage("unsupported ledger store jdbc:mysql (supported: jdbc:sqlite:FILE, jdbc:postgresql://HOST:PORT/DATABASE)");
  }
}
