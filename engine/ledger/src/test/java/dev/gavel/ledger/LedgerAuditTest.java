package dev.gavel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The full audit's coverage rules: every entry under a signed checkpoint, trusted checkpoints, entry checks. */
class LedgerAuditTest {
  static final NoteSigner KEY = new NoteSigner("gavel.test/ledger", new byte[32]);

  static String checkpoint(List<StoredEntry> entries, int size, NoteSigner key) {
    MerkleFrontier f = new MerkleFrontier();
    entries.subList(0, size).forEach(e -> f.append(LeafHash.leaf(e.canonical())));
    return key.sign(new Checkpoint(key.name(), size, f.root()).body());
  }

  static Verdict<LedgerAudit.Summary> audit(List<StoredEntry> entries, List<String> cps, List<String> trusted, EntryCheck check) {
    LedgerAudit a = new LedgerAudit(cps, KeyHistory.single(KEY.verifier()), trusted, check);
    entries.forEach(a::accept);
    return a.finish();
  }

  @Test
  void everyEntryCoveredBySignedCheckpointsPasses() {
    List<StoredEntry> e = ChainVerifierTest.chain(6);
    Verdict<LedgerAudit.Summary> v = audit(e, List.of(checkpoint(e, 3, KEY), checkpoint(e, 6, KEY)), List.of(), EntryCheck.NONE);
    assertThat(v.passed()).as(v.toString()).isTrue();
    assertThat(v.value().checkpoints()).isEqualTo(2);
  }

  @Test
  void entriesNoCheckpointCoversAreAFailureNamingTheFirstUncoveredIndex() {
    List<StoredEntry> e = ChainVerifierTest.chain(6);
    ChainFailure f = audit(e, List.of(checkpoint(e, 4, KEY)), List.of(), EntryCheck.NONE).failure();
    assertThat(f.code()).isEqualTo("checkpoint.tail_uncovered");
    assertThat(f.index()).isEqualTo(4);
    assertThat(f.message()).isEqualTo("entries 4 to 5 are covered by no signed checkpoint");
    assertThat(audit(e, List.of(), List.of(), EntryCheck.NONE).failure().index()).as("no checkpoints at all").isZero();
    assertThat(audit(List.of(), List.of(), List.of(), EntryCheck.NONE).passed()).as("an empty ledger needs none").isTrue();
  }

  @Test
  void aRewrittenHistoryResignedWithAStolenKeyFailsAgainstATrustedCheckpoint() {
    List<StoredEntry> original = ChainVerifierTest.chain(6);
    String kept = checkpoint(original, 4, KEY);
    // The attacker rewrites entry 2 and every later hash, then re-signs every checkpoint.
    List<StoredEntry> forged = new ArrayList<>(original.subList(0, 2));
    String prev = original.get(1).entryHash();
    for (int i = 2; i < 6; i++) {
      LedgerEntry le = new LedgerEntry(i, "2026-01-01T00:00:00Z", "decision", JsonNodeFactory.instance.objectNode().put("n", -i), prev);
      forged.add(new StoredEntry(i, le.canonicalBytes(), le.entryHash()));
      prev = le.entryHash();
    }
    List<String> resigned = List.of(checkpoint(forged, 4, KEY), checkpoint(forged, 6, KEY));
    assertThat(audit(forged, resigned, List.of(), EntryCheck.NONE).passed()).as("without a trusted checkpoint it looks fine").isTrue();
    ChainFailure f = audit(forged, resigned, List.of(kept), EntryCheck.NONE).failure();
    assertThat(f.code()).isEqualTo("checkpoint.inconsistent");
    assertThat(f.index()).isEqualTo(3);
    assertThat(audit(original, List.of(checkpoint(original, 6, KEY)), List.of(kept), EntryCheck.NONE).passed()).isTrue();
  }

  @Test
  void anEmptyLedgerWhereATrustedCheckpointSaysOtherwiseIsNotOk() {
    List<StoredEntry> e = ChainVerifierTest.chain(3);
    ChainFailure f = audit(List.of(), List.of(), List.of(checkpoint(e, 3, KEY)), EntryCheck.NONE).failure();
    assertThat(f.code()).isEqualTo("checkpoint.entries_missing");
    assertThat(f.message()).contains("the ledger is empty where a ledger was expected");
  }

  @Test
  void aTrustedCheckpointMustBeSignedByTheLedgerKey() {
    List<StoredEntry> e = ChainVerifierTest.chain(3);
    NoteSigner other = new NoteSigner("gavel.test/ledger", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    ChainFailure f = audit(e, List.of(checkpoint(e, 3, KEY)), List.of(checkpoint(e, 3, other)), EntryCheck.NONE).failure();
    assertThat(f.code()).isEqualTo("checkpoint.bad_signature");
    assertThat(f.message()).contains("trusted checkpoint of tree size 3");
  }

  @Test
  void theEntryCheckIsAskedAboutEveryEntryAndItsFailureStopsTheAudit() {
    List<StoredEntry> e = ChainVerifierTest.chain(5);
    List<Long> seen = new ArrayList<>();
    EntryCheck check = (index, entry) -> {
      seen.add(index);
      return entry.path("payload").path("n").asInt() == 3 ? Optional.of(new ChainFailure(index, "x.bad", "three")) : Optional.empty();
    };
    assertThat(audit(e, List.of(checkpoint(e, 5, KEY)), List.of(), check).failure().index()).isEqualTo(3);
    assertThat(seen).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void theFrontierSurvivesEncodingAndRefusesTheWrongSize() {
    MerkleFrontier f = new MerkleFrontier();
    ChainVerifierTest.chain(13).forEach(x -> f.append(LeafHash.leaf(x.canonical())));
    MerkleFrontier back = MerkleFrontier.decode(13, f.encode());
    assertThat(back.root()).isEqualTo(f.root());
    assertThat(back.size()).isEqualTo(13);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MerkleFrontier.decode(12, f.encode()))
        .hasMessageContaining("needs 64 bytes but got 96");
  }
}
