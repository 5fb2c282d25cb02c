package dev.gavel.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A full offline audit of a ledger: every chain link and leaf hash, the Merkle root at every
 * signed checkpoint, every checkpoint's signature, every decision attestation's signature, what
 * the caller's {@link EntryCheck} demands of each entry, and consistency with the checkpoints an
 * auditor kept from earlier ({@code trusted}). Every entry must be covered by a signed checkpoint:
 * checkpoints are written in the same transaction as their batch, so an uncovered tail is either
 * tampering or an interrupted checkpoint cadence, never normal. Feed entries in index order with
 * {@link #accept}, then call {@link #finish}. Pure: it sees only what it is given and the keys.
 */
public final class LedgerAudit {
  private final ChainVerifier chain = new ChainVerifier();
  private final MerkleFrontier frontier = new MerkleFrontier();
  private final KeyHistory keys;
  private final EntryCheck check;
  private final List<Signed> checkpoints = new ArrayList<>();
  private final List<Signed> trusted = new ArrayList<>();
  private int nextCheckpoint;
  private int nextTrusted;
  private long coveredUpTo;
  private long attestations;
  private ChainFailure failure;

  /** What a passed audit covered. */
  public record Summary(long entries, int checkpoints, int trustedCheckpoints, long attestations, byte[] root) {}

  /** An audit of a ledger signed by one key, with no entry check and no trusted checkpoints. */
  public LedgerAudit(List<String> signedCheckpoints, NoteVerifier key) {
    this(signedCheckpoints, KeyHistory.single(key), List.of(), EntryCheck.NONE);
  }

  /**
   * @param signedCheckpoints C2SP signed notes stored with the ledger, any order
   * @param keys the ledger's key history: each checkpoint and attestation must be signed by the
   *     key in force when its last entry was appended
   * @param trustedCheckpoints signed notes the auditor kept from earlier, any order; the ledger must
   *     hold at least their entries and reproduce their roots
   * @param check what each entry's content must satisfy
   */
  public LedgerAudit(List<String> signedCheckpoints, KeyHistory keys, List<String> trustedCheckpoints, EntryCheck check) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.check = Objects.requireNonNull(check, "check");
    failure = read(signedCheckpoints, checkpoints, "a stored checkpoint");
    if (failure == null) {
      failure = read(trustedCheckpoints, trusted, "a trusted checkpoint");
    }
    // A trusted checkpoint must verify on its own before anything is compared with it.
    for (int i = 0; failure == null && i < trusted.size(); i++) {
      failure = signatureProblem(trusted.get(i), "trusted checkpoint");
    }
    skipReachedCheckpoints();
  }

  /** A checkpoint as read (not yet trusted) and its signed note. */
  private record Signed(Checkpoint body, String note) {}

  private static ChainFailure read(List<String> notes, List<Signed> into, String what) {
    for (String note : notes) {
      try {
        into.add(new Signed(Checkpoint.claimedBy(note), note));
      } catch (IllegalArgumentException e) {
        return new ChainFailure(-1, "checkpoint.bad_signature", what + " cannot be read: " + e.getMessage());
      }
    }
    into.sort(Comparator.comparingLong(c -> c.body().size()));
    return null;
  }

  private ChainFailure signatureProblem(Signed s, String what) {
    Checkpoint cp = s.body();
    NoteVerifier key = keys.keyAt(cp.size() - 1);
    try {
      key.open(s.note());
      return null;
    } catch (IllegalArgumentException e) {
      return new ChainFailure(Math.max(-1, cp.size() - 1), "checkpoint.bad_signature",
          "the " + what + " of tree size " + cp.size() + " is not signed by the key in force (" + key.name() + "): "
              + e.getMessage());
    }
  }

  /** Compares every checkpoint whose size the audit has reached with the root of the entries so far. */
  private void skipReachedCheckpoints() {
    while (failure == null && nextCheckpoint < checkpoints.size()
        && checkpoints.get(nextCheckpoint).body().size() == frontier.size()) {
      Signed s = checkpoints.get(nextCheckpoint);
      failure = signatureProblem(s, "checkpoint");
      if (failure == null && !MessageDigest.isEqual(s.body().root(), frontier.root())) {
        failure = new ChainFailure(Math.max(0, frontier.size() - 1), "checkpoint.root_mismatch",
            "the entries up to tree size " + frontier.size() + " hash to " + HexFormat.of().formatHex(frontier.root())
                + " but the signed checkpoint says " + HexFormat.of().formatHex(s.body().root()));
      }
      coveredUpTo = frontier.size();
      nextCheckpoint++;
    }
    while (failure == null && nextTrusted < trusted.size() && trusted.get(nextTrusted).body().size() == frontier.size()) {
      Checkpoint cp = trusted.get(nextTrusted).body();
      if (!MessageDigest.isEqual(cp.root(), frontier.root())) {
        failure = new ChainFailure(Math.max(0, frontier.size() - 1), "checkpoint.inconsistent",
            "the ledger is not consistent with the trusted checkpoint of tree size " + cp.size() + ": its first "
                + cp.size() + " entries hash to " + HexFormat.of().formatHex(frontier.root()) + " but the trusted checkpoint says "
                + HexFormat.of().formatHex(cp.root()) + " (history was rewritten after that checkpoint was taken)");
      }
      nextTrusted++;
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
    JsonNode entry = chain.lastEntry();
    checkSignedContent(e.index(), entry);
    if (failure == null) {
      failure = check.check(e.index(), entry).orElse(null);
    }
    skipReachedCheckpoints();
    return Optional.ofNullable(failure);
  }

  /** The parsed JSON of the last entry accepted without failure. */
  public JsonNode lastEntry() {
    return chain.lastEntry();
  }

  private void checkSignedContent(long index, JsonNode entry) {
    if (entry.path("type").asText().equals("key-rotation")) {
      checkRotation(index, entry);
      return;
    }
    JsonNode att = entry.path("payload").get("attestation");
    if (att == null) {
      return;
    }
    attestations++;
    NoteVerifier key = keys.keyAt(index);
    if (!Dsse.verify(att, key.publicKey())) {
      failure = new ChainFailure(index, "attestation.bad_signature",
          "the " + entry.path("type").asText() + " attestation is not signed by the key in force (" + key.name() + ")");
    }
  }

  /** A rotation in the ledger must be well signed and be the one the key history was built from. */
  private void checkRotation(long index, JsonNode entry) {
    try {
      KeyRotation r = KeyRotation.fromEntry(entry);
      String bad = r.problem().orElse(null);
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
  public Verdict<Summary> finish() {
    if (failure == null && nextCheckpoint < checkpoints.size()) {
      Checkpoint cp = checkpoints.get(nextCheckpoint).body();
      failure = new ChainFailure(frontier.size(), "checkpoint.entries_missing",
          "a signed checkpoint covers " + cp.size() + " entries but only " + frontier.size() + " are present");
    }
    if (failure == null && nextTrusted < trusted.size()) {
      Checkpoint cp = trusted.get(nextTrusted).body();
      failure = new ChainFailure(frontier.size(), "checkpoint.entries_missing",
          "the trusted checkpoint covers " + cp.size() + " entries but only " + frontier.size() + " are present"
              + (frontier.size() == 0 ? " (the ledger is empty where a ledger was expected)" : " (entries were removed)"));
    }
    if (failure == null && coveredUpTo < frontier.size()) {
      failure = new ChainFailure(coveredUpTo, "checkpoint.tail_uncovered",
          (coveredUpTo == frontier.size() - 1 ? "entry " + coveredUpTo + " is" : "entries " + coveredUpTo + " to " + (frontier.size() - 1) + " are")
              + " covered by no signed checkpoint");
    }
    if (failure != null) {
      return Verdict.fail(failure);
    }
    return Verdict.pass(new Summary(frontier.size(), checkpoints.size(), trusted.size(), attestations, frontier.root()));
  }
}
