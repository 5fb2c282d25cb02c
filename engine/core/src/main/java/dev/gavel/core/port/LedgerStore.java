package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Appends entries to the hash-chained ledger. An append returns only after the entry is durable
 * (committed); callers may append from many threads.
 */
public interface LedgerStore extends AutoCloseable {
  LedgerReceipt append(String type, String timestamp, JsonNode payload) throws LedgerException;

  /**
   * The first entry of {@code type} recorded under {@code key}: a decision by its decision id, a
   * policy activation by its policy revision, a key rotation by the new key's name.
   */
  Optional<LedgerRecord> find(String type, String key) throws LedgerException;

  @Override
  void close() throws LedgerException;
}
