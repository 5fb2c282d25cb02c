package dev.gavel.ledger;

/**
 * Why a chain failed verification: the first bad index, a stable reason code and a message.
 * Codes: chain.unparseable, chain.not_canonical, chain.index_gap, chain.prev_hash_mismatch,
 * chain.leaf_hash_mismatch.
 */
public record ChainFailure(long index, String code, String message) {
  @Override
  public String toString() {
    return "entry " + index + ": " + code + ": " + message;
  }
}
