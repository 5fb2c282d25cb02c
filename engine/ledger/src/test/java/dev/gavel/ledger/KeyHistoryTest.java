package dev.gavel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key rotations: each signed by both keys; any key of the chain anchors it; broken links are named. */
class KeyHistoryTest {
  static NoteSigner key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    return new NoteSigner("gavel.test/log", seed);
  }

  static KeyRotation rotation(long index, NoteSigner from, NoteSigner to) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("index", index);
    entry.set("payload", KeyRotation.payload(from, to));
    return KeyRotation.fromEntry(entry);
  }

  @Test
  void keysAreInForceFromTheEntryAfterTheirRotation() {
    List<KeyRotation> chain = List.of(rotation(3, key(1), key(2)), rotation(7, key(2), key(3)));
    for (NoteSigner anchor : List.of(key(1), key(2), key(3))) {
      Verdict<KeyHistory> v = KeyHistory.of(anchor.verifier(), chain);
      assertThat(v.passed()).as("anchored at " + anchor.verifierKey()).isTrue();
      KeyHistory h = v.value();
      assertThat(h.keyAt(-1).verifierKey()).isEqualTo(key(1).verifierKey());
      assertThat(h.keyAt(3).verifierKey()).as("the rotation entry itself is under the old key").isEqualTo(key(1).verifierKey());
      assertThat(h.keyAt(4).verifierKey()).isEqualTo(key(2).verifierKey());
      assertThat(h.keyAt(7).verifierKey()).isEqualTo(key(2).verifierKey());
      assertThat(h.keyAt(8).verifierKey()).isEqualTo(key(3).verifierKey());
    }
  }

  @Test
  void brokenRotationsAreNamedByIndex() {
    KeyRotation good = rotation(3, key(1), key(2));
    KeyRotation notByNew = new KeyRotation(3, good.previousKey(), good.newKey(), good.previousSignature(), good.previousSignature());
    KeyRotation notByOld = new KeyRotation(3, good.previousKey(), good.newKey(), good.newSignature(), good.newSignature());
    KeyRotation swappedKey = new KeyRotation(3, good.previousKey(), key(9).verifierKey(), good.previousSignature(), good.newSignature());
    for (KeyRotation bad : List.of(notByNew, notByOld, swappedKey)) {
      ChainFailure problem = KeyHistory.of(key(1).verifier(), List.of(bad)).failure();
      assertThat(problem.index()).isEqualTo(3);
      assertThat(problem.code()).isEqualTo("key.rotation_invalid");
    }
    ChainFailure gap = KeyHistory.of(key(1).verifier(), List.of(good, rotation(5, key(7), key(8)))).failure();
    assertThat(gap.index()).isEqualTo(5);
    assertThat(gap.message()).contains("does not start from the key in force");
    assertThat(KeyHistory.of(key(5).verifier(), List.of(good)).failure().code()).isEqualTo("key.unknown");
  }
}
