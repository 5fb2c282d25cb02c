package dev.gavel.store;

import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.Signer;
import dev.gavel.core.testing.LedgerStoreContract;
import dev.gavel.testkit.TestPostgres;
import org.junit.jupiter.api.BeforeEach;

/** The PostgreSQL dialect of the JDBC ledger honours the LedgerStore contract, on a real server. */
class PostgresLedgerStoreContractTest extends LedgerStoreContract {
  String url;

  @BeforeEach
  void database() {
    url = TestPostgres.freshDatabase();
  }

  @Override
  protected LedgerStore open(Signer signer) throws Exception {
    return JdbcLedgerStore.open(url, signer, 1);
  }

  @Override
  protected LedgerStore reopen(Signer signer) throws Exception {
    return JdbcLedgerStore.open(url, signer, 1);
  }
}
