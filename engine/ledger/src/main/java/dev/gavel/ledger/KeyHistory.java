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

  /** The history of a ledger that never rotated its key. */
  public static KeyHistory single(NoteVerifier key) {
    KeyHistory h = new KeyHistory();
    h.keys.add(java.util.Objects.requireNonNull(key, "key"));
    return h;
  }

  /**
   * Builds the history from the rotations (in index order) and checks it against {@code anchor}:
   * every rotation signed both ways and starting from the key before it, and the anchor one of
   * the keys.
   */
  public static Verdict<KeyHistory> of(NoteVerifier anchor, List<KeyRotation> rotations) {
    KeyHistory h = new KeyHistory();
    if (rotations.isEmpty()) {
      h.keys.add(anchor);
      return Verdict.pass(h);
    }
    try {
      h.keys.add(NoteVerifier.parse(rotations.get(0).previousKey()));
    } catch (IllegalArgumentException e) {
      return Verdict.fail(rotations.get(0).index(), "key.rotation_invalid", "the retiring key is malformed: " + e.getMessage());
    }
    for (KeyRotation r : rotations) {
      String bad = r.problem().orElse(null);
      if (bad == null && !r.previousKey().equals(text(h.keys.get(h.keys.size() - 1)))) {
        bad = "the rotation does not start from the key in force before it";
      }
      if (bad != null) {
        return Verdict.fail(r.index(), "key.rotation_invalid", bad);
      }
      h.keys.add(NoteVerifier.parse(r.newKey()));
      h.rotatedAt.add(r.index());
    }
    if (h.keys.stream().noneMatch(k -> text(k).equals(text(anchor)))) {
      return Verdict.fail(-1, "key.unknown", "the given public key " + anchor.name()
          + " is not in the ledger's key history (" + h.keys.size() + " keys)");
    }
    return Verdict.pass(h);
  }

  /** The key in force after the last rotation: the one that signs new entries. */
  public NoteVerifier current() {
    return keys.get(keys.size() - 1);
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
