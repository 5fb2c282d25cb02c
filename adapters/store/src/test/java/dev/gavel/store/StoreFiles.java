package dev.gavel.store;

import dev.gavel.core.LedgerVerification;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.Signer;
import dev.gavel.ledger.ChainFailure;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.ledger.Verdict;
import java.nio.file.Path;
import java.util.List;

/** Opening SQLite ledger files in tests, and auditing them as `gavel ledger verify` does. */
final class StoreFiles {
  private StoreFiles() {}

  static JdbcLedgerStore open(Path db, Signer signer, int every) throws LedgerException {
    return JdbcLedgerStore.open(SqliteDialect.url(db), signer, every);
  }

  static JdbcLedgerStore open(Path db) throws LedgerException {
    return JdbcLedgerStore.open(SqliteDialect.url(db));
  }

  /** The first failure of the full audit (read-only open), or null when it passes. */
  static ChainFailure audit(Path db, NoteVerifier key) throws LedgerException {
    try (JdbcLedgerStore s = JdbcLedgerStore.openReadOnly(SqliteDialect.url(db))) {
      Verdict<?> v = LedgerVerification.verify(s, key, List.of(), LedgerVerification.Progress.NONE);
      return v.passed() ? null : v.failure();
    }
  }
}
