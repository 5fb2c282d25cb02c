package dev.gavel.core;

import dev.gavel.core.port.EntryIndex;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerHead;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.json.Json;
import dev.gavel.ledger.ChainFailure;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.KeyHistory;
import dev.gavel.ledger.KeyRotation;
import dev.gavel.ledger.LeafHash;
import dev.gavel.ledger.LedgerAudit;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.ledger.PartialExport;
import dev.gavel.ledger.StoredEntry;
import dev.gavel.ledger.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The auditor's use case: verify a ledger in place, a full export offline, or a filtered export
 * offline. Every path checks the chain, the Merkle roots against every signed checkpoint and every
 * trusted one, the signatures along the key history, that every entry is covered by a signed
 * checkpoint, and each decision's attestation against its entry; in place it also checks that
 * every index column the store keeps agrees with the entry's bytes.
 */
public final class LedgerVerification {
  private LedgerVerification() {}

  /** Told of each entry verified (for a progress bar). */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = () -> { };

    void step();
  }

  /** Verifies a ledger in place, anchored in {@code key} (any key of its history). */
  public static Verdict<LedgerAudit.Summary> verify(LedgerReader reader, NoteVerifier key, List<String> trusted,
      Progress progress) throws LedgerException {
    Verdict<KeyHistory> keys = KeyHistory.of(key, reader.keyRotations());
    if (!keys.passed()) {
      return Verdict.fail(keys.failure());
    }
    // The checkpoints first, then the size: entries and their checkpoint are committed together, so
    // every entry a checkpoint read here covers exists (fewer entries is a truncation). Entries past
    // the newest checkpoint may be another writer's, committed in between with a checkpoint of their
    // own: then the checkpoints are read again (a few times at most), so only a tail that stays
    // unsigned is reported as one.
    List<String> checkpoints = reader.checkpoints();
    long size = reader.size();
    for (int retry = 0; retry < 5 && size > largest(checkpoints); retry++) {
      Optional<String> newest = reader.latestCheckpoint();
      if (newest.isEmpty() || claimed(newest.get()) <= largest(checkpoints)) {
        break; // nothing was signed since: the tail is what it is
      }
      checkpoints = reader.checkpoints();
      size = reader.size();
    }
    LedgerAudit audit = new LedgerAudit(checkpoints, keys.value(), trusted, new DecisionEntryCheck());
    ChainFailure[] column = new ChainFailure[1];
    reader.entries(0, size, row -> {
      if (column[0] != null) {
        return;
      }
      progress.step();
      if (audit.accept(row.stored()).isPresent()) {
        return;
      }
      EntryIndex derived = EntryIndex.of(audit.lastEntry());
      Optional<String> diff = row.columns() == null ? Optional.of("the store keeps no index columns for it")
          : row.columns().difference(derived);
      diff.ifPresent(d -> column[0] = new ChainFailure(row.index(), "index.column_mismatch",
          "the store's index column " + d + " (queries and filtered exports would select it wrongly)"));
    });
    if (column[0] != null) {
      return Verdict.fail(column[0]);
    }
    return explainTail(audit.finish(), reader.head());
  }

  /** The largest tree size the readable checkpoints claim (an unreadable one is the audit's to report). */
  private static long largest(List<String> checkpoints) {
    long max = 0;
    for (String note : checkpoints) {
      max = Math.max(max, claimed(note));
    }
    return max;
  }

  private static long claimed(String note) {
    try {
      return Checkpoint.claimedBy(note).size();
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  /** Verifies a full export (one canonical entry per line) against its signed checkpoint. */
  public static Verdict<LedgerAudit.Summary> verifyExport(List<String> lines, String checkpoint, NoteVerifier key,
      List<String> trusted, Progress progress) {
    List<KeyRotation> rotations = new ArrayList<>();
    for (String line : lines) {
      try {
        var e = Json.read(line);
        if (e.path("type").asText().equals("key-rotation")) {
          rotations.add(KeyRotation.fromEntry(e));
        }
      } catch (Json.ParseException | IllegalArgumentException e) {
        // reported when the entry is audited
      }
    }
    Verdict<KeyHistory> keys = KeyHistory.of(key, rotations);
    if (!keys.passed()) {
      return Verdict.fail(keys.failure());
    }
    LedgerAudit audit = new LedgerAudit(List.of(checkpoint), keys.value(), trusted, new DecisionEntryCheck());
    long n = 0;
    for (String line : lines) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      long index = n;
      try {
        index = Json.read(line).path("index").asLong(n);
      } catch (Json.ParseException e) {
        // the audit reports it as unparseable at its position
      }
      // An export carries only the entries; their hashes are re-derived and must chain.
      audit.accept(new StoredEntry(index, bytes, LeafHash.render(LeafHash.leaf(bytes))));
      progress.step();
      n++;
    }
    return audit.finish();
  }

  /** Verifies a filtered export ({@link PartialExport}) offline. */
  public static Verdict<PartialExport.Summary> verifyPartial(List<String> lines, NoteVerifier key) {
    return PartialExport.verify(lines, key, new DecisionEntryCheck());
  }

  /** Says what an uncovered tail means, given the cadence the writer recorded. */
  private static Verdict<LedgerAudit.Summary> explainTail(Verdict<LedgerAudit.Summary> v, Optional<LedgerHead> head) {
    if (v.passed() || !v.failure().code().equals("checkpoint.tail_uncovered")) {
      return v;
    }
    ChainFailure f = v.failure();
    String why;
    if (head.isPresent() && head.get().checkpointEvery() > 1 && head.get().size() > f.index()
        && head.get().size() - f.index() < head.get().checkpointEvery()) {
      why = "; the writer recorded a cadence of one checkpoint per " + head.get().checkpointEvery()
          + " entries, so this tail is consistent with a writer that stopped before its next checkpoint (not signed yet: "
          + "treat these entries as unproven)";
    } else {
      why = "; checkpoints are written in the same transaction as their batch"
          + (head.isPresent() ? " (cadence " + head.get().checkpointEvery() + ")" : "")
          + ", so entries were appended or checkpoints deleted outside Gavel: tampering";
    }
    return Verdict.fail(new ChainFailure(f.index(), f.code(), f.message() + why));
  }
}
