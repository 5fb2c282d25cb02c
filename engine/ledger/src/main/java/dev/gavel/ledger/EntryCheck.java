package dev.gavel.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A check of what an entry says, beyond its hashes and signatures, run by the audits for every
 * entry (for example: a decision's signed attestation must state the decision the entry records).
 * The ledger engine knows hashes and signatures; what a payload means is its caller's business.
 */
@FunctionalInterface
public interface EntryCheck {
  EntryCheck NONE = (index, entry) -> Optional.empty();

  /** Empty when the entry is consistent; otherwise the failure, named at {@code index}. */
  Optional<ChainFailure> check(long index, JsonNode entry);
}
