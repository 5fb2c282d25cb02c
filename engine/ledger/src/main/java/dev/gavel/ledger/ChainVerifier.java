package dev.gavel.ledger;

import dev.gavel.json.CanonicalJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Re-derives every entry hash and chain link from stored entries, in index order, and reports the
 * first broken index. Pure: it sees only the entries given to it.
 */
public final class ChainVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private long expectedIndex = 0;
  private String expectedPrev = LedgerEntry.GENESIS;
  private ChainFailure failure;
  private JsonNode lastEntry;
  private byte[] lastLeaf;

  /** Feeds the next stored entry; returns the first failure once one is found. */
  public Optional<ChainFailure> accept(StoredEntry e) {
    if (failure != null) {
      return Optional.of(failure);
    }
    failure = check(e);
    if (failure == null) {
      expectedIndex++;
      expectedPrev = e.entryHash();
    }
    return Optional.ofNullable(failure);
  }

  /** Entries accepted so far without failure. */
  public long verifiedCount() {
    return expectedIndex;
  }

  /** The parsed JSON of the last verified entry (so callers need not parse it again). */
  public JsonNode lastEntry() {
    return lastEntry;
  }

  /** The RFC 6962 leaf hash of the last verified entry. */
  public byte[] lastLeaf() {
    return lastLeaf;
  }

  /** The hash of the last verified entry (the chain head), or the genesis value. */
  public String head() {
    return expectedPrev;
  }

  private ChainFailure check(StoredEntry e) {
    if (e.index() != expectedIndex) {
      return new ChainFailure(expectedIndex, "chain.index_gap",
          "expected entry " + expectedIndex + " but found entry " + e.index());
    }
    JsonNode node;
    try {
      node = JSON.readTree(e.canonical());
    } catch (Exception x) {
      return new ChainFailure(e.index(), "chain.unparseable", "stored entry is not JSON: " + x.getMessage());
    }
    if (node == null || !node.isObject()) {
      return new ChainFailure(e.index(), "chain.unparseable", "stored entry is not a JSON object");
    }
    if (!Arrays.equals(CanonicalJson.canonicalize(node), e.canonical())) {
      return new ChainFailure(e.index(), "chain.not_canonical", "stored bytes are not RFC 8785 canonical JSON");
    }
    if (node.path("index").asLong(-1) != e.index()) {
      return new ChainFailure(e.index(), "chain.index_gap",
          "entry body says index " + node.path("index").asText() + " but is stored at " + e.index());
    }
    String prev = node.path("prevHash").asText("");
    if (!prev.equals(expectedPrev)) {
      return new ChainFailure(e.index(), "chain.prev_hash_mismatch",
          "prevHash " + prev + " does not match the previous entry's hash " + expectedPrev);
    }
    byte[] leaf = LeafHash.leaf(e.canonical());
    String actual = LeafHash.render(leaf);
    if (!actual.equals(e.entryHash())) {
      return new ChainFailure(e.index(), "chain.leaf_hash_mismatch",
          "recorded hash " + e.entryHash() + " but the entry hashes to " + actual);
    }
    lastEntry = node;
    lastLeaf = leaf;
    return null;
  }
}
