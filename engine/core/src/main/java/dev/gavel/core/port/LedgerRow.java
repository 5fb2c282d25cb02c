package dev.gavel.core.port;

import dev.gavel.ledger.StoredEntry;
import java.util.Objects;

/** A stored entry: its exact bytes, the hash the store recorded, and the index columns the store keeps beside it. */
public record LedgerRow(long index, byte[] canonical, String entryHash, EntryIndex columns) {
  public LedgerRow {
    Objects.requireNonNull(canonical, "canonical");
    Objects.requireNonNull(entryHash, "entryHash");
  }

  public StoredEntry stored() {
    return new StoredEntry(index, canonical, entryHash);
  }
}
