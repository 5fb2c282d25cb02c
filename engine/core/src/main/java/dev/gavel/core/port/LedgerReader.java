package dev.gavel.core.port;

import dev.gavel.ledger.ConsistencyProof;
import dev.gavel.ledger.InclusionProof;
import dev.gavel.ledger.KeyRotation;
import dev.gavel.ledger.SubtreeHashes;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What auditors, replay and the API read from a ledger. Reads see committed entries only. Nothing
 * here is trusted: audits re-derive every hash, and compare the index columns with the bytes.
 */
public interface LedgerReader {
  /** The number of committed entries. */
  long size() throws LedgerException;

  /** Streams entries {@code [start, end)} in index order (end is clamped to the size). */
  void entries(long start, long end, Consumer<LedgerRow> sink) throws LedgerException;

  /** One entry by index. */
  Optional<LedgerRow> entry(long index) throws LedgerException;

  /**
   * The first entry of {@code type} recorded under {@code key} (its {@link EntryIndex#key()}): a
   * decision by its decision id, a policy activation by its revision, a key rotation by the new key.
   */
  Optional<LedgerRecord> find(String type, String key) throws LedgerException;

  /**
   * The entries that name artifact {@code sha256} (64 lowercase hex characters) in their {@link
   * EntryIndex#digests()}: the decisions about it and the revocations of it, in index order. Stores
   * answer from an index (an admission check asks this for every deployment); this default reads
   * every entry and suits only small in-memory ledgers.
   */
  default void byArtifact(String sha256, Consumer<LedgerRow> sink) throws LedgerException {
    entries(0, size(), row -> {
      if (row.columns() != null && row.columns().digests() != null && row.columns().digests().contains(sha256)) {
        sink.accept(row);
      }
    });
  }

  /** The entries a query selects, by their index columns (fast; {@code ledger verify} checks the columns). */
  void query(EntryQuery query, Consumer<LedgerRow> sink) throws LedgerException;

  /** Every stored signed checkpoint note, oldest first. */
  List<String> checkpoints() throws LedgerException;

  /** The newest signed checkpoint note, if any. */
  Optional<String> latestCheckpoint() throws LedgerException;

  /** The key rotations recorded, in index order (the ledger's key history). */
  List<KeyRotation> keyRotations() throws LedgerException;

  /** Leaf hashes of the first {@code size} entries, for proofs. */
  List<byte[]> leafHashes(long size) throws LedgerException;

  /**
   * The RFC 9162 inclusion proof of entry {@code index} in the tree of the first {@code size}
   * entries (0 <= index < size <= size()). This default reads every leaf hash; a store that keeps
   * subtree hashes answers with O(log n) small reads.
   */
  default InclusionProof inclusionProof(long index, long size) throws LedgerException {
    return InclusionProof.of(index, size, SubtreeHashes.of(leafHashes(size)));
  }

  /** The RFC 9162 consistency proof between the trees of the first {@code from} and {@code to} entries (1 <= from <= to). */
  default ConsistencyProof consistencyProof(long from, long to) throws LedgerException {
    return ConsistencyProof.of(from, to, SubtreeHashes.of(leafHashes(to)));
  }

  /** What the writer recorded about the chain head, when the store keeps it. */
  Optional<LedgerHead> head() throws LedgerException;

  /** Where this ledger lives, for messages (a file name or a database URL without credentials). */
  String description();
}
