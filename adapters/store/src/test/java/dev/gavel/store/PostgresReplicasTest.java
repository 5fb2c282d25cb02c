package dev.gavel.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.LedgerVerification;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.InMemorySigner;
import dev.gavel.ledger.Verdict;
import dev.gavel.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several replicas on one PostgreSQL ledger, as behind a load balancer: store instances with
 * pools of their own in one JVM, and separate JVMs, appending at once; one of them SIGKILLed
 * again and again. Afterwards the full audit passes (one chain, every checkpoint verifies) and
 * every acknowledged entry is present once, byte for byte as acknowledged.
 */
class PostgresReplicasTest {
  static final InMemorySigner KEY = new InMemorySigner(CrashAppender.signer());

  @Test
  void storesWithTheirOwnPoolsExtendOneChainAndRecordAnActivationOnce() throws Exception {
    String url = TestPostgres.freshDatabase();
    List<JdbcLedgerStore> replicas = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      replicas.add(JdbcLedgerStore.open(url, KEY, 1));
    }
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<LedgerReceipt>> appends = new ArrayList<>();
      List<Future<LedgerReceipt>> activations = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        JdbcLedgerStore s = replicas.get(i % 4);
        int n = i;
        appends.add(pool.submit(() -> {
          go.await();
          return s.append("access", "2026-11-30T00:00:00Z", JsonNodeFactory.instance.objectNode().put("n", n));
        }));
        if (i % 10 == 0) {
          activations.add(pool.submit(() -> {
            go.await();
            return s.appendOnce("policy-activation", "2026-11-30T00:00:00Z",
                JsonNodeFactory.instance.objectNode().put("revision", "sha256:" + "a".repeat(64)));
          }));
        }
      }
      go.countDown();
      Set<Long> indexes = new HashSet<>();
      for (Future<LedgerReceipt> f : appends) {
        assertThat(indexes.add(f.get(60, TimeUnit.SECONDS).index())).isTrue();
      }
      Set<Long> activationIndexes = new HashSet<>();
      for (Future<LedgerReceipt> f : activations) {
        activationIndexes.add(f.get(60, TimeUnit.SECONDS).index());
      }
      assertThat(activationIndexes).as("40 calls from 4 replicas, one activation").hasSize(1);
      assertThat(indexes).doesNotContainAnyElementsOf(activationIndexes);
      try (JdbcLedgerStore audit = JdbcLedgerStore.openReadOnly(url)) {
        assertThat(audit.size()).isEqualTo(401);
        assertAudits(audit);
      }
    } finally {
      pool.shutdownNow();
      for (JdbcLedgerStore s : replicas) {
        s.close();
      }
    }
  }

  @Test
  void threeReplicaProcessesAppendingFrom16ThreadsEachFormOneAuditedChain() throws Exception {
    String url = TestPostgres.freshDatabase();
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    List<String> conflicts = new CopyOnWriteArrayList<>();
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      replicas.add(Replica.start(url, "r" + i, 16, 25, acknowledged, conflicts));
    }
    for (Replica r : replicas) {
      assertThat(r.awaitDone(240)).as("replica finished").isTrue();
      assertThat(r.errors).isEmpty();
      assertThat(r.acks.get()).isEqualTo(16 * 25);
    }
    assertThat(conflicts).isEmpty();
    assertHoldsExactly(url, acknowledged, 3 * 16 * 25);
  }

  @Test
  void aReplicaKilledMidBatchLosesNothingAcknowledgedAndTheOthersGoOn() throws Exception {
    String url = TestPostgres.freshDatabase();
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    List<String> conflicts = new CopyOnWriteArrayList<>();
    Replica steady1 = Replica.start(url, "steady1", 8, 0, acknowledged, conflicts);
    Replica steady2 = Replica.start(url, "steady2", 8, 0, acknowledged, conflicts);
    Random random = new Random(20261201L);
    try {
      for (int round = 0; round < 6; round++) {
        Replica victim = Replica.start(url, "victim" + round, 16, 0, acknowledged, conflicts);
        assertThat(victim.firstAck.await(60, TimeUnit.SECONDS)).as("victim acknowledged in round " + round).isTrue();
        Thread.sleep(random.nextInt(300));
        long before = steady1.acks.get() + steady2.acks.get();
        victim.kill();
        long deadline = System.currentTimeMillis() + 30_000;
        while (steady1.acks.get() + steady2.acks.get() < before + 50 && System.currentTimeMillis() < deadline) {
          Thread.sleep(20);
        }
        assertThat(steady1.acks.get() + steady2.acks.get()).as("the others go on after kill " + round).isGreaterThanOrEqualTo(before + 50);
      }
    } finally {
      steady1.kill();
      steady2.kill();
    }
    assertThat(steady1.errors).isEmpty();
    assertThat(steady2.errors).isEmpty();
    assertThat(conflicts).isEmpty();
    // A replica killed in the middle of a batch may have had entries committed it never acknowledged.
    assertHoldsAtLeast(url, acknowledged);
  }

  static void assertAudits(JdbcLedgerStore s) throws Exception {
    Verdict<?> v = LedgerVerification.verify(s, CrashAppender.signer().verifier(), List.of(), LedgerVerification.Progress.NONE);
    assertThat(v.passed()).as(v.toString()).isTrue();
  }

  static void assertHoldsExactly(String url, Map<Long, String> acknowledged, long size) throws Exception {
    assertThat(acknowledged).hasSize((int) size);
    try (JdbcLedgerStore s = JdbcLedgerStore.openReadOnly(url)) {
      assertThat(s.size()).isEqualTo(size);
      assertHoldsAtLeast(s, acknowledged);
    }
  }

  static void assertHoldsAtLeast(String url, Map<Long, String> acknowledged) throws Exception {
    // Reopening for writing runs the open checks (head row against the tail) and signs the tail a killed replica left.
    JdbcLedgerStore.open(url, KEY, 1).close();
    try (JdbcLedgerStore s = JdbcLedgerStore.openReadOnly(url)) {
      assertHoldsAtLeast(s, acknowledged);
    }
  }

  private static void assertHoldsAtLeast(JdbcLedgerStore s, Map<Long, String> acknowledged) throws Exception {
    assertAudits(s);
    Map<Long, String> stored = new HashMap<>();
    Map<String, Integer> payloads = new HashMap<>();
    s.entries(0, s.size(), r -> {
      stored.put(r.index(), r.entryHash());
      String payload = new String(r.canonical(), java.nio.charset.StandardCharsets.UTF_8).replaceAll(".*\"payload\":(\\{[^}]*\\}).*", "$1");
      payloads.merge(payload, 1, Integer::sum);
    });
    for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
      assertThat(stored.get(a.getKey())).as("acknowledged entry " + a.getKey()).isEqualTo(a.getValue());
    }
    assertThat(payloads.values()).as("no append recorded twice").allMatch(n -> n == 1);
  }

  static ObjectNode payload(int n) {
    return JsonNodeFactory.instance.objectNode().put("n", n);
  }
}
