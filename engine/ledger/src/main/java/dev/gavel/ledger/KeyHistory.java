package dev.gavel.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * The chain of ledger keys: the first key and every rotation after it, each signed by both the
 * retiring and the new key. An auditor may anchor trust in any key of the chain (the one they
 * were given out of band); since every link is signed both ways, the whole chain follows.
 */
public final class KeyHistory {
  private final List<NoteVerifier> keys = new ArrayList<>();
  private final List<Long> rotatedAt = new ArrayList<>();

  private KeyHistory() {}

  /**
   * Builds the history from the rotations (in index order) and checks it against {@code anchor}.
   * Returns the failure, if any, in {@code problem[0]} as a ChainFailure.
   */
  public static KeyHistory of(NoteVerifier anchor, List<KeyRotation> rotations, ChainFailure[] problem) {
    KeyHistory h = new KeyHistory();
    if (rotations.isEmpty()) {
      h.keys.add(anchor);
      return h;
    }
    h.keys.add(NoteVerifier.parse(rotations.get(0).previousKey()));
    for (KeyRotation r : rotations) {
      String bad = r.problem();
      if (bad == null && !r.previousKey().equals(text(h.keys.get(h.keys.size() - 1)))) {
        bad = "the rotation does not start from the key in force before it";
      }
      if (bad != null) {
        problem[0] = new ChainFailure(r.index(), "key.rotation_invalid", bad);
        return h;
      }
      h.keys.add(NoteVerifier.parse(r.newKey()));
      h.rotatedAt.add(r.index());
    }
    if (h.keys.stream().noneMatch(k -> text(k).equals(text(anchor)))) {
      problem[0] = new ChainFailure(-1, "key.unknown", "the given public key " + anchor.name()
          + " is not in the ledger's key history (" + h.keys.size() + " keys)");
    }
    return h;
  }

  private static String text(NoteVerifier v) {
    return v.verifierKey();
  }

  /** The key in force when entry {@code index} was appended (index -1: before the first entry). */
  public NoteVerifier keyAt(long index) {
    int k = 0;
    for (long r : rotatedAt) {
      if (index > r) {
        k++;
      }
    }
    return keys.get(k);
  }

}
