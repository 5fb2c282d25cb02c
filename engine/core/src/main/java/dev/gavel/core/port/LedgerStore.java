package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Appends entries to the hash-chained ledger. An append returns only after the entry is durable
 * (committed); callers may append from many threads.
 */
public interface LedgerStore extends AutoCloseable {
  LedgerReceipt append(String type, String timestamp, JsonNode payload) throws LedgerException;

  @Override
  void close() throws LedgerException;
}
