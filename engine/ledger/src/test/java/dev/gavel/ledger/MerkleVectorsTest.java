package dev.gavel.ledger;

import dev.gavel.testkit.SharedFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every RFC 6962 / transparency-dev vector in ../shared/fixtures/merkle, positive and corrupted. */
class MerkleVectorsTest {
  static byte[] hex(JsonNode n) {
    return HexFormat.of().parseHex(n.asText());
  }

  static List<byte[]> hexList(JsonNode n) {
    List<byte[]> out = new ArrayList<>();
    n.forEach(x -> out.add(hex(x)));
    return out;
  }

  static List<byte[]> leafHashes(JsonNode v) {
    List<byte[]> out = new ArrayList<>();
    for (JsonNode l : v.get("leaves")) {
      byte[] h = LeafHash.leaf(HexFormat.of().parseHex(l.get("dataHex").asText()));
      assertThat(HexFormat.of().formatHex(h)).isEqualTo(l.get("leafHash").asText());
      out.add(h);
    }
    return out;
  }

  @Test
  void rootsProofsAndFrontierMatchTheRfc6962Vectors() throws Exception {
    JsonNode v = SharedFiles.json(SharedFiles.fixtures("merkle").resolve("rfc6962-vectors.json"));
    List<byte[]> leaves = leafHashes(v);
    MerkleFrontier frontier = new MerkleFrontier();
    for (JsonNode r : v.get("roots")) {
      int size = r.get("treeSize").asInt();
      while (frontier.size() < size) {
        frontier.append(leaves.get((int) frontier.size()));
      }
      assertThat(HexFormat.of().formatHex(MerkleTree.root(leaves.subList(0, size)))).isEqualTo(r.get("root").asText());
      assertThat(HexFormat.of().formatHex(frontier.root())).isEqualTo(r.get("root").asText());
    }
    for (JsonNode p : v.get("inclusionProofs")) {
      int idx = p.get("leaf_index").asInt();
      int size = p.get("tree_size").asInt();
      List<byte[]> made = MerkleTree.inclusionProof(idx, leaves.subList(0, size));
      assertThat(made).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(hexList(p.get("path")));
      assertThat(ProofVerifier.inclusion(idx, size, hex(p.get("leaf_hash")), made, hex(p.get("root")))).isEmpty();
    }
    for (JsonNode p : v.get("consistencyProofs")) {
      int s1 = p.get("size1").asInt();
      int s2 = p.get("size2").asInt();
      List<byte[]> made = MerkleTree.consistencyProof(s1, leaves.subList(0, s2));
      assertThat(made).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(hexList(p.get("path")));
      assertThat(ProofVerifier.consistency(s1, s2, hex(p.get("root1")), hex(p.get("root2")), made)).isEmpty();
    }
  }

  @Test
  void everyDerivedProofVerifiesAndEveryBitFlipFails() throws Exception {
    JsonNode v = SharedFiles.json(SharedFiles.fixtures("merkle").resolve("rfc6962-derived-all-proofs.json"));
    int checked = 0;
    for (JsonNode p : v.path("inclusionProofs")) {
      List<byte[]> path = hexList(p.get("path"));
      long idx = p.get("leaf_index").asLong();
      long size = p.get("tree_size").asLong();
      byte[] root = hex(p.get("root"));
      assertThat(ProofVerifier.inclusion(idx, size, hex(p.get("leaf_hash")), path, root)).isEmpty();
      for (int i = 0; i < path.size(); i++) {
        List<byte[]> bad = new ArrayList<>(path);
        byte[] h = bad.get(i).clone();
        h[i % 32] ^= 1;
        bad.set(i, h);
        assertThat(ProofVerifier.inclusion(idx, size, hex(p.get("leaf_hash")), bad, root)).isPresent();
      }
      checked++;
    }
    assertThat(checked).isPositive();
  }

  @Test
  void transparencyDevProofFamiliesPassExactlyWhenExpected() throws Exception {
    Path base = SharedFiles.fixtures("merkle").resolve("transparency-dev");
    int count = 0;
    for (String kind : List.of("inclusion", "consistency")) {
      List<Path> files;
      try (Stream<Path> s = Files.walk(base.resolve(kind))) {
        files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      }
      for (Path f : files) {
        JsonNode c = SharedFiles.json(f);
        List<byte[]> proof = c.get("proof") == null || c.get("proof").isNull() ? null : b64List(c.get("proof"));
        java.util.Optional<String> failure = kind.equals("inclusion")
            ? ProofVerifier.inclusion(c.get("leafIdx").asLong(), c.get("treeSize").asLong(), b64(c.get("leafHash")), proof, b64(c.get("root")))
            : ProofVerifier.consistency(c.get("size1").asLong(), c.get("size2").asLong(), b64(c.get("root1")), b64(c.get("root2")), proof);
        boolean wantErr = c.get("wantErr").asBoolean();
        assertThat(failure.isPresent()).as(f + ": " + c.path("desc").asText() + " -> " + failure).isEqualTo(wantErr);
        count++;
      }
    }
    assertThat(count).isGreaterThan(50);
  }

  static byte[] b64(JsonNode n) {
    return n == null || n.isNull() ? new byte[0] : Base64.getDecoder().decode(n.asText());
  }

  static List<byte[]> b64List(JsonNode n) {
    List<byte[]> out = new ArrayList<>();
    n.forEach(x -> out.add(b64(x)));
    return out;
  }
}
