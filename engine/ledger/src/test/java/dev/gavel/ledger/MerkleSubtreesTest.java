package dev.gavel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Proofs from perfect-subtree hashes equal the proofs from all leaves, and need O(log n) subtrees. */
class MerkleSubtreesTest {
  static List<byte[]> leaves(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(LeafHash.leaf(("entry " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** The list-backed source, counting how many perfect subtrees a proof asked for and checking each is aligned. */
  static SubtreeHashes<RuntimeException> counting(List<byte[]> leaves, AtomicInteger calls) {
    return (start, level) -> {
      calls.incrementAndGet();
      assertThat(start % (1L << level)).as("subtree at %d of height %d is aligned", start, level).isZero();
      assertThat(start + (1L << level)).isLessThanOrEqualTo(leaves.size());
      return SubtreeHashes.perfectOf(leaves, start, level);
    };
  }

  @Test
  void inclusionProofsFromSubtreesEqualTheProofsFromAllLeavesAndAskForLogarithmicallyMany() {
    List<byte[]> all = leaves(300);
    for (int n = 1; n <= all.size(); n += n < 40 ? 1 : 13) {
      List<byte[]> leaves = all.subList(0, n);
      for (int i = 0; i < n; i += Math.max(1, n / 17)) {
        AtomicInteger calls = new AtomicInteger();
        InclusionProof p = InclusionProof.of(i, n, counting(leaves, calls));
        InclusionProof expected = InclusionProof.of(i, leaves);
        assertThat(p.toJson()).isEqualTo(expected.toJson());
        assertThat(p.verify()).isEmpty();
        int log = 64 - Long.numberOfLeadingZeros(n);
        assertThat(calls.get()).as("subtrees asked for a proof in a tree of %d", n).isLessThanOrEqualTo(4 * log + 2);
      }
    }
  }

  @Test
  void consistencyProofsFromSubtreesEqualTheProofsFromAllLeaves() {
    List<byte[]> all = leaves(200);
    for (int n = 1; n <= all.size(); n += n < 30 ? 1 : 11) {
      for (int m = 1; m <= n; m += Math.max(1, n / 9)) {
        AtomicInteger calls = new AtomicInteger();
        ConsistencyProof p = ConsistencyProof.of(m, n, counting(all.subList(0, n), calls));
        assertThat(p.toJson()).isEqualTo(ConsistencyProof.of(m, all.subList(0, n)).toJson());
        assertThat(p.verify()).isEmpty();
        assertThat(calls.get()).isLessThanOrEqualTo(6 * (64 - Long.numberOfLeadingZeros(n)) + 2);
      }
    }
  }

  @Test
  void theFrontierReportsEveryPerfectSubtreeAnAppendCompletesWithItsHash() {
    List<byte[]> leaves = leaves(130);
    MerkleFrontier f = new MerkleFrontier();
    List<long[]> reported = new ArrayList<>();
    for (byte[] leaf : leaves) {
      f.append(leaf, (start, level, hash) -> {
        assertThat(hash).isEqualTo(SubtreeHashes.perfectOf(leaves, start, level));
        reported.add(new long[] {start, level});
      });
    }
    // Every aligned perfect subtree of height >= 1 inside 130 leaves, each once: 65 + 32 + 16 + 8 + 4 + 2 + 1 + 0.
    assertThat(reported).hasSize(65 + 32 + 16 + 8 + 4 + 2 + 1);
    assertThat(reported.stream().filter(r -> r[1] == 7).map(r -> r[0]).toList()).containsExactly(0L);
    assertThat(f.root()).isEqualTo(MerkleTree.root(leaves));
  }

  @Test
  void aProofOutsideTheTreeIsRefused() {
    SubtreeHashes<RuntimeException> none = (start, level) -> {
      throw new AssertionError("not read");
    };
    assertThatThrownBy(() -> InclusionProof.of(5, 5, none)).hasMessageContaining("outside a tree of size 5");
    assertThatThrownBy(() -> ConsistencyProof.of(6, 5, none)).hasMessageContaining("size1 <= size2");
    assertThatThrownBy(() -> SubtreeHashes.perfectOver(leaves(3))).hasMessageContaining("power of two");
  }
}
