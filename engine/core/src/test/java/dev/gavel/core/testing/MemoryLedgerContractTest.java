package dev.gavel.core.testing;

import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.Signer;

/** The in-memory test double honours the same contract as the real stores. */
class MemoryLedgerContractTest extends LedgerStoreContract {
  @Override
  protected LedgerStore open(Signer signer) {
    return new MemoryLedger(signer);
  }

  @Override
  protected LedgerStore reopen(Signer signer) {
    return null;
  }
}
