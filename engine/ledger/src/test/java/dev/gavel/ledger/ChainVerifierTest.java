package dev.gavel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {
  static List<StoredEntry> chain(int n) {
    List<StoredEntry> out = new ArrayList<>();
    String prev = LedgerEntry.GENESIS;
    for (int i = 0; i < n; i++) {
      LedgerEntry e = new LedgerEntry(i, "2026-01-01T00:00:0" + (i % 10) + "Z", "decision",
          JsonNodeFactory.instance.objectNode().put("n", i), prev);
      out.add(new StoredEntry(i, e.canonicalBytes(), e.entryHash()));
      prev = e.entryHash();
    }
    return out;
  }

  static Optional<ChainFailure> verify(List<StoredEntry> entries) {
    ChainVerifier v = new ChainVerifier();
    for (StoredEntry e : entries) {
      Optional<ChainFailure> f = v.accept(e);
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  @Test
  void acceptsAnIntactChain() {
    assertThat(verify(chain(20))).isEmpty();
  }

  @Test
  void alteredPayloadByteIsCaughtAtItsIndex() {
    for (int target = 0; target < 10; target++) {
      List<StoredEntry> c = chain(10);
      StoredEntry e = c.get(target);
      String text = new String(e.canonical(), StandardCharsets.UTF_8).replace("\"n\":" + target, "\"n\":" + (target + 100));
      c.set(target, new StoredEntry(e.index(), text.getBytes(StandardCharsets.UTF_8), e.entryHash()));
      assertThat(verify(c)).get().satisfies(f -> {
        assertThat(f.index()).isEqualTo(e.index());
        assertThat(f.code()).isEqualTo("chain.leaf_hash_mismatch");
      });
    }
  }

  @Test
  void rehashedAlterationBreaksTheNextLink() {
    List<StoredEntry> c = chain(5);
    StoredEntry e = c.get(2);
    String text = new String(e.canonical(), StandardCharsets.UTF_8).replace("\"n\":2", "\"n\":7");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    c.set(2, new StoredEntry(2, bytes, LeafHash.render(LeafHash.leaf(bytes))));
    assertThat(verify(c)).get().satisfies(f -> {
      assertThat(f.index()).isEqualTo(3);
      assertThat(f.code()).isEqualTo("chain.prev_hash_mismatch");
    });
  }

  @Test
  void deletedAndSwappedEntriesAreCaught() {
    List<StoredEntry> deleted = chain(6);
    deleted.remove(3);
    assertThat(verify(deleted)).get().extracting(ChainFailure::index, ChainFailure::code)
        .containsExactly(3L, "chain.index_gap");
    List<StoredEntry> swapped = chain(6);
    StoredEntry a = swapped.get(1);
    StoredEntry b = swapped.get(2);
    swapped.set(1, new StoredEntry(1, b.canonical(), b.entryHash()));
    swapped.set(2, new StoredEntry(2, a.canonical(), a.entryHash()));
    assertThat(verify(swapped)).get().extracting(ChainFailure::index).isEqualTo(1L);
  }

  @Test
  void nonCanonicalBytesAreCaught() {
    List<StoredEntry> c = chain(2);
    StoredEntry e = c.get(1);
    byte[] spaced = (" " + new String(e.canonical(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    c.set(1, new StoredEntry(1, spaced, e.entryHash()));
    assertThat(verify(c)).get().extracting(ChainFailure::code).isEqualTo("chain.not_canonical");
  }
}
