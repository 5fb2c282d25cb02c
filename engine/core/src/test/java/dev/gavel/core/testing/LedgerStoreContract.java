package dev.gavel.core.testing;

import dev.gavel.core.InMemorySigner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.LedgerVerification;
import dev.gavel.core.port.EntryIndex;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.Signer;
import dev.gavel.json.Json;
import dev.gavel.ledger.ChainVerifier;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.KeyHistory;
import dev.gavel.ledger.MerkleTree;
import dev.gavel.ledger.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LedgerStore} must do, whatever its database: run by each implementation's own
 * test class ({@code extends LedgerStoreContract}). Entries chain, read back byte for byte and with
 * exact decimals, are found by key and by query, get a signed checkpoint per batch that audits
 * accept, and survive many concurrent appenders as one chain.
 */
public abstract class LedgerStoreContract {
  /** A fresh, empty store; with a signer it signs checkpoints. */
  protected abstract LedgerStore open(Signer signer) throws Exception;

  /** The same store opened again (persistent stores), or null when the store lives in memory only. */
  protected abstract LedgerStore reopen(Signer signer) throws Exception;

  protected static ObjectNode decision(int n) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("decisionId", "d-" + n);
    o.put("evaluatedAt", "2026-01-01T00:00:00Z");
    o.put("allow", n % 2 == 0);
    o.putArray("reasons");
    o.putArray("warnings");
    o.putArray("obligations");
    o.putObject("request").put("digest", "sha256:" + "0".repeat(64)).put("model", "m" + (n % 3)).putArray("artifacts");
    return o;
  }

  static String at(int second) {
    return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second).toString();
  }

  @Test
  void appendsGetConsecutiveIndexesAndTheEntriesChain() throws Exception {
    try (LedgerStore s = open(null)) {
      for (int i = 0; i < 5; i++) {
        LedgerReceipt r = s.append("decision", at(i), decision(i));
        assertThat(r.index()).isEqualTo(i);
        assertThat(r.treeSize()).isEqualTo(i + 1);
      }
      assertThat(s.size()).isEqualTo(5);
      ChainVerifier chain = new ChainVerifier();
      List<LedgerRow> rows = new ArrayList<>();
      s.entries(0, 5, rows::add);
      assertThat(rows).extracting(LedgerRow::index).containsExactly(0L, 1L, 2L, 3L, 4L);
      for (LedgerRow r : rows) {
        assertThat(chain.accept(r.stored())).isEmpty();
        assertThat(r.columns()).isEqualTo(EntryIndex.of(Json.read(r.canonical())));
      }
      List<LedgerRow> middle = new ArrayList<>();
      s.entries(1, 3, middle::add);
      assertThat(middle).extracting(LedgerRow::index).containsExactly(1L, 2L);
      assertThat(s.entry(4).orElseThrow().entryHash()).isEqualTo(rows.get(4).entryHash());
      assertThat(s.entry(5)).isEmpty();
    }
  }

  /** A decision naming these artifact digests. */
  protected static ObjectNode decision(int n, String... digests) {
    ObjectNode o = decision(n);
    var a = (com.fasterxml.jackson.databind.node.ArrayNode) o.path("request").path("artifacts");
    for (String d : digests) {
      a.addObject().put("name", "f-" + d.charAt(0)).put("sha256", d);
    }
    return o;
  }

  /** A revocation of these digests (its envelope is not checked here: the audit's business). */
  protected static ObjectNode revocation(String id, String at, String... digests) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("revocationId", id);
    o.put("revokedAt", at);
    var a = o.putArray("artifacts");
    for (String d : digests) {
      a.add(d);
    }
    o.put("reason", "withdrawn");
    o.putObject("revokedBy").put("identity", "risk").put("via", "cli");
    return o;
  }

  @Test
  void entriesAreFoundByTheArtifactsTheyNameInIndexOrder() throws Exception {
    String a = "a".repeat(64);
    String b = "b".repeat(64);
    String c = "c".repeat(64);
    try (LedgerStore s = open(null)) {
      s.append("decision", at(0), decision(0, a, b));
      s.append("decision", at(1), decision(1, b));
      s.append("revocation", at(2), revocation("r-1", at(2), b, a));
      s.append("decision", at(3), decision(2, c));
      s.append("decision", at(4), decision(4));
      List<Long> forA = new ArrayList<>();
      s.byArtifact(a, r -> forA.add(r.index()));
      assertThat(forA).containsExactly(0L, 2L);
      List<LedgerRow> forB = new ArrayList<>();
      s.byArtifact(b, forB::add);
      assertThat(forB).extracting(LedgerRow::index).containsExactly(0L, 1L, 2L);
      for (LedgerRow r : forB) {
        assertThat(r.columns()).isEqualTo(EntryIndex.of(Json.read(r.canonical())));
      }
      assertThat(forB.get(2).columns().digests()).containsExactly(a, b);
      List<Long> none = new ArrayList<>();
      s.byArtifact("d".repeat(64), r -> none.add(r.index()));
      assertThat(none).isEmpty();
      List<LedgerRow> all = new ArrayList<>();
      s.entries(0, s.size(), all::add);
      for (LedgerRow r : all) {
        assertThat(r.columns()).as("entry " + r.index()).isEqualTo(EntryIndex.of(Json.read(r.canonical())));
      }
    }
  }

  @Test
  void entriesAreFoundByTheirKeyAndReadBackWithExactDecimals() throws Exception {
    try (LedgerStore s = open(null)) {
      ObjectNode p = decision(7);
      p.set("score", Json.read("0.1"));
      s.append("policy-activation", at(0), JsonNodeFactory.instance.objectNode().put("revision", "rev-1"));
      s.append("decision", at(1), p);
      assertThat(s.find("decision", "d-7").orElseThrow().index()).isEqualTo(1);
      JsonNode back = s.find("decision", "d-7").orElseThrow().payload();
      // Read as the decimal 0.1, not as the double nearest to it (0.1000000000000000055511151231257827...),
      // so a replayed policy computes with the number the request carried.
      assertThat(back.get("score").isBigDecimal()).as(back.get("score").getNodeType().toString()).isTrue();
      assertThat(back.get("score").decimalValue()).isEqualByComparingTo(new java.math.BigDecimal("0.1"));
      assertThat(s.find("policy-activation", "rev-1").orElseThrow().index()).isZero();
      assertThat(s.find("decision", "d-8")).isEmpty();
    }
  }

  @Test
  void appendOnceRecordsAKeyOnceEvenUnderConcurrency() throws Exception {
    try (LedgerStore s = open(TestSigner.of(4))) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<LedgerReceipt>> fs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        fs.add(pool.submit(() -> n % 4 == 0 ? s.append("decision", at(n), decision(n))
            : s.appendOnce("policy-activation", at(n), JsonNodeFactory.instance.objectNode().put("revision", "rev-" + (n % 2)))));
      }
      Set<Long> activations = new java.util.HashSet<>();
      for (int i = 0; i < fs.size(); i++) {
        LedgerReceipt r = fs.get(i).get();
        if (i % 4 != 0) {
          activations.add(r.index());
        }
      }
      pool.shutdown();
      assertThat(activations).as("two revisions, each recorded once").hasSize(2);
      assertThat(s.size()).isEqualTo(10 + 2);
      assertThat(s.find("policy-activation", "rev-1").orElseThrow().index()).isIn(activations);
    }
  }

  @Test
  void queriesSelectByModelOutcomeTypeTimeAndCursor() throws Exception {
    try (LedgerStore s = open(null)) {
      s.append("policy-activation", at(0), JsonNodeFactory.instance.objectNode().put("revision", "r"));
      for (int i = 0; i < 9; i++) {
        s.append("decision", at(i + 1), decision(i));
      }
      assertThat(ids(s, new EntryQuery(Set.of(), null, null, "m1", null, -1, false, 100))).containsExactly("d-1", "d-4", "d-7");
      assertThat(ids(s, new EntryQuery(Set.of(), null, null, null, "deny", -1, false, 100))).containsExactly("d-1", "d-3", "d-5", "d-7");
      assertThat(ids(s, new EntryQuery(Set.of("decision"), null, null, null, null, -1, true, 2))).containsExactly("d-8", "d-7");
      assertThat(ids(s, new EntryQuery(Set.of("decision"), null, null, null, null, 8, true, 2))).as("cursor").containsExactly("d-6", "d-5");
      assertThat(ids(s, new EntryQuery(Set.of(), Instant.parse(at(3)), Instant.parse(at(4)), null, null, -1, false, 100)))
          .containsExactly("d-2", "d-3");
      List<Long> all = new ArrayList<>();
      s.query(EntryQuery.ALL, r -> all.add(r.index()));
      assertThat(all).hasSize(10);
    }
  }

  private static List<String> ids(LedgerStore s, EntryQuery q) throws Exception {
    List<String> out = new ArrayList<>();
    s.query(q, r -> out.add(r.columns().decisionId()));
    return out;
  }

  @Test
  void aSignedStoreCheckpointsItsBatchesAndPassesTheFullAudit() throws Exception {
    InMemorySigner key = TestSigner.of(1);
    try (LedgerStore s = open(key)) {
      for (int i = 0; i < 4; i++) {
        s.append("decision", at(i), decision(i));
      }
      String latest = s.latestCheckpoint().orElseThrow();
      Checkpoint cp = Checkpoint.parse(key.key().verifier().open(latest));
      assertThat(cp.size()).isEqualTo(4);
      assertThat(cp.root()).isEqualTo(MerkleTree.root(s.leafHashes(4)));
      assertThat(s.checkpoints()).isNotEmpty();
      Verdict<?> v = LedgerVerification.verify(s, key.key().verifier(), List.of(), LedgerVerification.Progress.NONE);
      // Decisions without attestations are caught by the decision check: the contract's payloads are not real decisions.
      assertThat(v.passed() || v.failure().code().equals("attestation.missing")).as(v.toString()).isTrue();
      assertThat(s.head().orElseThrow().size()).isEqualTo(4);
      assertThat(KeyHistory.of(key.key().verifier(), s.keyRotations()).passed()).isTrue();
    }
  }

  @Test
  void concurrentAppendersFormOneGaplessChain() throws Exception {
    try (LedgerStore s = open(TestSigner.of(2))) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<LedgerReceipt>> fs = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        fs.add(pool.submit(() -> s.append("decision", at(n), decision(n))));
      }
      Set<Long> indexes = new java.util.HashSet<>();
      for (Future<LedgerReceipt> f : fs) {
        indexes.add(f.get().index());
      }
      pool.shutdown();
      assertThat(indexes).hasSize(200);
      assertThat(s.size()).isEqualTo(200);
      ChainVerifier chain = new ChainVerifier();
      List<String> problems = new ArrayList<>();
      s.entries(0, 200, r -> chain.accept(r.stored()).ifPresent(f -> problems.add(f.toString())));
      assertThat(problems).isEmpty();
    }
  }

  @Test
  void proofsFromTheStoreEqualTheProofsFromAllItsLeafHashesAcrossSubtreeBoundaries() throws Exception {
    try (LedgerStore s = open(TestSigner.of(3))) {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<LedgerReceipt>> fs = new ArrayList<>();
      for (int i = 0; i < 530; i++) {
        int n = i;
        fs.add(pool.submit(() -> s.append("access", at(n), JsonNodeFactory.instance.objectNode().put("n", n))));
      }
      for (Future<LedgerReceipt> f : fs) {
        f.get();
      }
      pool.shutdown();
      for (long size : new long[] {1, 2, 255, 256, 257, 511, 512, 513, 530}) {
        List<byte[]> leaves = s.leafHashes(size);
        for (long i = 0; i < size; i += Math.max(1, size / 7)) {
          assertThat(s.inclusionProof(i, size).toJson()).as("inclusion of %d in %d", i, size)
              .isEqualTo(dev.gavel.ledger.InclusionProof.of(i, leaves).toJson());
        }
        assertThat(s.inclusionProof(size - 1, size).toJson()).isEqualTo(dev.gavel.ledger.InclusionProof.of(size - 1, leaves).toJson());
        for (long from : new long[] {1, 128, 256, 257, 300, size}) {
          if (from <= size) {
            assertThat(s.consistencyProof(from, size).toJson()).as("consistency of %d with %d", from, size)
                .isEqualTo(dev.gavel.ledger.ConsistencyProof.of(from, leaves).toJson());
          }
        }
      }
    }
  }

  @Test
  void aReopenedStoreContinuesTheSameChain() throws Exception {
    InMemorySigner key = TestSigner.of(3);
    String head;
    try (LedgerStore s = open(key)) {
      s.append("decision", at(0), decision(0));
      head = s.append("decision", at(1), decision(1)).entryHash();
    }
    try (LedgerStore s = reopen(key)) {
      if (s == null) {
        return;
      }
      assertThat(s.size()).isEqualTo(2);
      assertThat(s.head().orElseThrow().headHash()).isEqualTo(head);
      assertThat(s.append("decision", at(2), decision(2)).index()).isEqualTo(2);
      assertThat(Json.read(s.entry(2).orElseThrow().canonical()).get("prevHash").asText()).isEqualTo(head);
    }
  }
}
