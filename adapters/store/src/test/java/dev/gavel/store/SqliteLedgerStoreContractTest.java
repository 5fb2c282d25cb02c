package dev.gavel.store;

import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.Signer;
import dev.gavel.core.testing.LedgerStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite dialect of the JDBC ledger honours the LedgerStore contract. */
class SqliteLedgerStoreContractTest extends LedgerStoreContract {
  @TempDir
  Path dir;

  @Override
  protected LedgerStore open(Signer signer) throws Exception {
    return StoreFiles.open(dir.resolve("ledger.db"), signer, 1);
  }

  @Override
  protected LedgerStore reopen(Signer signer) throws Exception {
    return StoreFiles.open(dir.resolve("ledger.db"), signer, 1);
  }
}
