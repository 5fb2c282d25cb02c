package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The hash-chained ledger: appends, and everything auditors read ({@link LedgerReader}). An append
 * returns only after its entry is durable (committed, with its signed checkpoint); callers may
 * append from many threads, and with a shared database from many processes: the chain head is read
 * and written inside the database's write transaction, so appends form one chain, never a fork.
 */
public interface LedgerStore extends LedgerReader, AutoCloseable {
  /**
   * Appends an entry of {@code type} (DESIGN 3.3) recorded at {@code timestamp} (RFC 3339 UTC).
   * The store assigns index and prevHash, and derives its index columns with {@link EntryIndex#of}.
   */
  LedgerReceipt append(String type, String timestamp, JsonNode payload) throws LedgerException;

  /**
   * Appends unless an entry of {@code type} with the same lookup key ({@link EntryIndex#key()})
   * is already recorded, in which case that entry's receipt is returned: atomic across processes
   * sharing the ledger (checked inside the write transaction), so a policy activation is recorded
   * once however many processes start deciding with it at the same moment.
   */
  LedgerReceipt appendOnce(String type, String timestamp, JsonNode payload) throws LedgerException;

  @Override
  void close() throws LedgerException;
}
