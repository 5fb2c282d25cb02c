package dev.gavel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One JSON shape per proof, read back exactly; every corrupted variant fails verification. */
class ProofShapeTest {
  static List<byte[]> leaves(int n) {
    List<byte[]> out = new ArrayList<>();
    ChainVerifierTest.chain(n).forEach(e -> out.add(LeafHash.leaf(e.canonical())));
    return out;
  }

  @Test
  void inclusionProofsRoundTripAndCorruptionsFail() {
    List<byte[]> l = leaves(11);
    for (int i = 0; i < 11; i++) {
      InclusionProof p = InclusionProof.of(i, l);
      assertThat(p.verify()).isEmpty();
      InclusionProof back = InclusionProof.fromJson(p.toJson());
      assertThat(back.verify()).isEmpty();
      assertThat(back.toJson()).isEqualTo(p.toJson());
      for (int h = 0; h < p.proof().size(); h++) {
        List<byte[]> bad = new ArrayList<>(p.proof());
        byte[] flipped = bad.get(h).clone();
        flipped[0] ^= 1;
        bad.set(h, flipped);
        assertThat(new InclusionProof(i, 11, p.leafHash(), p.rootHash(), bad).verify()).isPresent();
      }
      assertThat(new InclusionProof(i, 11, l.get((i + 1) % 11), p.rootHash(), p.proof()).verify()).isPresent();
    }
  }

  @Test
  void consistencyProofsRoundTripAndCorruptionsFail() {
    List<byte[]> l = leaves(9);
    for (int m = 1; m <= 9; m++) {
      ConsistencyProof p = ConsistencyProof.of(m, l);
      assertThat(p.verify()).isEmpty();
      assertThat(ConsistencyProof.fromJson(p.toJson()).verify()).isEmpty();
      byte[] other = p.root1().clone();
      other[31] ^= 1;
      assertThat(new ConsistencyProof(m, 9, other, p.root2(), p.proof()).verify()).isPresent();
    }
  }

  @Test
  void malformedProofJsonNamesTheField() {
    ObjectNode o = InclusionProof.of(1, leaves(3)).toJson();
    o.put("leafHash", "zz");
    assertThatThrownBy(() -> InclusionProof.fromJson(o)).hasMessageContaining("leafHash");
    o.remove("leafHash");
    assertThatThrownBy(() -> InclusionProof.fromJson(o)).hasMessageContaining("leafHash must be a hex string");
  }
}
