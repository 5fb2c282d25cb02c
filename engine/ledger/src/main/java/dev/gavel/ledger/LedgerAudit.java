package dev.gavel.ledger;

import com.fasterxml.jackson.databind.JsonNode;
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
  private final ChainVerifier chain = new ChainVerifier();
  private final MerkleFrontier frontier = new MerkleFrontier();
  private final KeyHistory keys;
  private final List<Signed> checkpoints = new ArrayList<>();
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
    this(signedCheckpoints, KeyHistory.of(key, List.of(), new ChainFailure[1]));
  }

  /**
   * @param signedCheckpoints C2SP signed notes, any order
   * @param keys the ledger's key history: each checkpoint and attestation must be signed by the
   *     key in force when its last entry was appended
   */
  public LedgerAudit(List<String> signedCheckpoints, KeyHistory keys) {
    this.keys = keys;
    for (String note : signedCheckpoints) {
      try {
        checkpoints.add(new Signed(Checkpoint.claimedBy(note), note));
      } catch (IllegalArgumentException e) {
        failure = new ChainFailure(-1, "checkpoint.bad_signature", "a checkpoint cannot be read: " + e.getMessage());
        return;
      }
    }
    checkpoints.sort(Comparator.comparingLong(c -> c.body().size()));
    skipEmptyCheckpoints();
  }

  /** A checkpoint as read (not yet trusted) and its signed note. */
  private record Signed(Checkpoint body, String note) {}

  private void skipEmptyCheckpoints() {
    while (failure == null && nextCheckpoint < checkpoints.size()
        && checkpoints.get(nextCheckpoint).body().size() == frontier.size()) {
      Checkpoint cp = checkpoints.get(nextCheckpoint).body();
      NoteVerifier key = keys.keyAt(cp.size() - 1);
      try {
        key.open(checkpoints.get(nextCheckpoint).note());
      } catch (IllegalArgumentException e) {
        failure = new ChainFailure(Math.max(-1, cp.size() - 1), "checkpoint.bad_signature",
            "the checkpoint of tree size " + cp.size() + " is not signed by the key in force (" + key.name() + "): "
                + e.getMessage());
        return;
      }
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
    frontier.append(chain.lastLeaf());
    checkAttestation(e, chain.lastEntry());
    skipEmptyCheckpoints();
    return Optional.ofNullable(failure);
  }

  private void checkAttestation(StoredEntry e, JsonNode entry) {
    if (entry.path("type").asText().equals("key-rotation")) {
      checkRotation(e.index(), entry);
      return;
    }
    JsonNode att = entry.path("payload").get("attestation");
    if (att == null) {
      return;
    }
    attestations++;
    NoteVerifier key = keys.keyAt(e.index());
    if (!Dsse.verify(att, key.publicKey())) {
      failure = new ChainFailure(e.index(), "attestation.bad_signature",
          "the decision attestation is not signed by the key in force (" + key.name() + ")");
    }
  }

  /** A rotation in the ledger must be well signed and be the one the key history was built from. */
  private void checkRotation(long index, JsonNode entry) {
    try {
      KeyRotation r = KeyRotation.fromEntry(entry);
      String bad = r.problem();
      if (bad == null && !keys.keyAt(index + 1).verifierKey().equals(r.newKey())) {
        bad = "the rotation is not part of the key history the audit was given";
      }
      if (bad != null) {
        failure = new ChainFailure(index, "key.rotation_invalid", bad);
      }
    } catch (IllegalArgumentException x) {
      failure = new ChainFailure(index, "key.rotation_invalid", x.getMessage());
    }
  }

  /** The verdict once every entry was fed. */
  public Optional<ChainFailure> finish() {
    if (failure == null && nextCheckpoint < checkpoints.size()) {
      Checkpoint cp = checkpoints.get(nextCheckpoint).body();
      failure = new ChainFailure(frontier.size(), "checkpoint.entries_missing",
          "a signed checkpoint covers " + cp.size() + " entries but only " + frontier.size() + " are present");
    }
    return Optional.ofNullable(failure);
  }

  public Summary summary() {
    return new Summary(frontier.size(), checkpoints.size(), attestations, frontier.root());
  }
}
