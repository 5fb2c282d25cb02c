package dev.gavel.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A full offline audit of a ledger: every chain link and leaf hash, the Merkle root at every
 * signed checkpoint, every checkpoint's signature, and every decision attestation's signature.
 * Feed entries in index order with {@link #accept}, then call {@link #finish}. Pure: it sees only
 * what it is given and the verifier key.
 */
public final class LedgerAudit {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ChainVerifier chain = new ChainVerifier();
  private final MerkleFrontier frontier = new MerkleFrontier();
  private final NoteVerifier key;
  private final List<Checkpoint> checkpoints = new ArrayList<>();
  private int nextCheckpoint;
  private long attestations;
  private ChainFailure failure;

  /** What a passed audit covered. */
  public record Summary(long entries, int checkpoints, long attestations, byte[] root) {}

  /**
   * @param signedCheckpoints C2SP signed notes, any order
   * @param key the log's verifier key; every checkpoint must carry its valid signature
   */
  public LedgerAudit(List<String> signedCheckpoints, NoteVerifier key) {
    this.key = key;
    for (String note : signedCheckpoints) {
      Checkpoint cp;
      try {
        cp = Checkpoint.parse(key.open(note));
      } catch (IllegalArgumentException e) {
        failure = new ChainFailure(claimedLastIndex(note), "checkpoint.bad_signature",
            "checkpoint does not verify: " + e.getMessage());
        return;
      }
      checkpoints.add(cp);
    }
    checkpoints.sort(Comparator.comparingLong(Checkpoint::size));
    skipEmptyCheckpoints();
  }

  /** The last index a checkpoint claims to cover (read without trusting it), or -1 when unreadable. */
  private static long claimedLastIndex(String note) {
    int end = note.indexOf("\n\n");
    try {
      return end < 0 ? -1 : Math.max(-1, Checkpoint.parse(note.substring(0, end + 1)).size() - 1);
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  private void skipEmptyCheckpoints() {
    while (failure == null && nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).size() == frontier.size()) {
      Checkpoint cp = checkpoints.get(nextCheckpoint);
      if (!MessageDigest.isEqual(cp.root(), frontier.root())) {
        failure = new ChainFailure(Math.max(0, cp.size() - 1), "checkpoint.root_mismatch",
            "the entries up to tree size " + cp.size() + " hash to " + HexFormat.of().formatHex(frontier.root())
                + " but the signed checkpoint says " + HexFormat.of().formatHex(cp.root()));
      }
      nextCheckpoint++;
    }
  }

  /** Feeds the next entry; returns the first failure once there is one. */
  public Optional<ChainFailure> accept(StoredEntry e) {
    if (failure != null) {
      return Optional.of(failure);
    }
    Optional<ChainFailure> f = chain.accept(e);
    if (f.isPresent()) {
      failure = f.get();
      return f;
    }
    frontier.append(LeafHash.leaf(e.canonical()));
    checkAttestation(e);
    skipEmptyCheckpoints();
    return Optional.ofNullable(failure);
  }

  private void checkAttestation(StoredEntry e) {
    JsonNode entry;
    try {
      entry = JSON.readTree(new String(e.canonical(), StandardCharsets.UTF_8));
    } catch (Exception x) {
      return;
    }
    JsonNode att = entry.path("payload").get("attestation");
    if (att == null) {
      return;
    }
    attestations++;
    if (!Dsse.verify(att, key.publicKey())) {
      failure = new ChainFailure(e.index(), "attestation.bad_signature",
          "the decision attestation is not signed by " + key.name());
    }
  }

  /** The verdict once every entry was fed. */
  public Optional<ChainFailure> finish() {
    if (failure == null && nextCheckpoint < checkpoints.size()) {
      Checkpoint cp = checkpoints.get(nextCheckpoint);
      failure = new ChainFailure(frontier.size(), "checkpoint.entries_missing",
          "a signed checkpoint covers " + cp.size() + " entries but only " + frontier.size() + " are present");
    }
    return Optional.ofNullable(failure);
  }

  public Summary summary() {
    return new Summary(frontier.size(), checkpoints.size(), attestations, frontier.root());
  }
}
