package dev.gavel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The database going away: the server crashed ({@code pg_ctl stop -m immediate}) under load and
 * started again, a connection killed in the middle of a batch's transaction, a commit whose
 * answer is lost. Callers get errors (never a receipt for an entry that is not committed) and are
 * told whether their batch is in; acknowledged entries survive; appends resume by themselves.
 */
class PostgresOutageTest {
  @Test
  void appendsFailWhileTheServerIsDownAndResumeAfterItRestarts() throws Exception {
    try (TestPostgres.Cluster cluster = TestPostgres.privateCluster()) {
      String url = cluster.freshDatabase();
      Map<Long, String> acknowledged = new ConcurrentHashMap<>();
      AtomicLong errors = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      List<String> wrongErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
      try (JdbcLedgerStore store = JdbcLedgerStore.open(url, PostgresReplicasTest.KEY, 1)) {
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int w = t;
          Thread th = new Thread(() -> {
            for (int n = 0; !stop.get(); n++) {
              try {
                LedgerReceipt r = store.append("access", "2026-11-30T00:00:00Z", JsonNodeFactory.instance.objectNode().put("w", w).put("n", n));
                acknowledged.put(r.index(), r.entryHash());
              } catch (LedgerException e) {
                errors.incrementAndGet();
                if (!e.getMessage().contains("nothing of this batch was recorded") && !e.getMessage().contains("could not be asked")) {
                  wrongErrors.add(e.getMessage());
                }
              }
            }
          });
          writers.add(th);
          th.start();
        }
        Thread.sleep(1000);
        assertThat(acknowledged).isNotEmpty();
        cluster.kill();
        // A batch whose commit was in flight is looked up for up to 20 s; then (or at once) callers get errors.
        long down = System.currentTimeMillis() + 45_000;
        while (errors.get() == 0 && System.currentTimeMillis() < down) {
          Thread.sleep(50);
        }
        long acksWhileDown = acknowledged.size();
        assertThat(errors.get()).as("callers are told the ledger is down").isPositive();
        assertThatThrownBy(() -> JdbcLedgerStore.open(url, PostgresReplicasTest.KEY, 1)).isInstanceOf(LedgerException.class)
            .hasMessageContaining("cannot open ledger database postgresql://127.0.0.1");
        cluster.restart();
        long deadline = System.currentTimeMillis() + 60_000;
        while (acknowledged.size() < acksWhileDown + 100 && System.currentTimeMillis() < deadline) {
          Thread.sleep(50);
        }
        assertThat(acknowledged.size()).as("appends resume after the restart").isGreaterThanOrEqualTo((int) acksWhileDown + 100);
        stop.set(true);
        for (Thread th : writers) {
          th.join(60_000);
        }
      }
      assertThat(wrongErrors).isEmpty();
      PostgresReplicasTest.assertHoldsAtLeast(url, acknowledged);
    }
  }

  @Test
  void aConnectionKilledInTheMiddleOfABatchLeavesAllOfItOutAndItsCallerIsToldSo() throws Exception {
    String url = TestPostgres.freshDatabase();
    try (JdbcLedgerStore store = JdbcLedgerStore.open(url, PostgresReplicasTest.KEY, 1);
        Connection other = DriverManager.getConnection(url)) {
      for (int i = 0; i < 3; i++) {
        store.append("access", "2026-11-30T00:00:00Z", JsonNodeFactory.instance.objectNode().put("n", i));
      }
      // Another session holds an uncommitted checkpoint of size 4: the writer's batch inserts its
      // entry, then waits on that key in the middle of its transaction.
      other.setAutoCommit(false);
      try (Statement s = other.createStatement()) {
        s.execute("INSERT INTO checkpoints (size, root, note, created) VALUES (4, 'x', 'x', 'x')");
      }
      CompletableFuture<LedgerReceipt> pending = CompletableFuture.supplyAsync(() -> {
        try {
          return store.append("access", "2026-11-30T00:00:00Z", JsonNodeFactory.instance.objectNode().put("n", 3));
        } catch (LedgerException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      });
      long writer = waitForWriterBlockedOnALock(url);
      try (Connection admin = DriverManager.getConnection(url); Statement s = admin.createStatement()) {
        s.execute("SELECT pg_terminate_backend(" + writer + ")");
      }
      assertThatThrownBy(() -> pending.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasMessageContaining("nothing of this batch was recorded");
      other.rollback();
      assertThat(store.size()).as("the batch is wholly out").isEqualTo(3);
      assertThat(store.append("access", "2026-11-30T00:00:00Z", JsonNodeFactory.instance.objectNode().put("n", 4)).index())
          .as("the next append takes the same index: no gap").isEqualTo(3);
    }
    PostgresReplicasTest.assertHoldsAtLeast(url, Map.of());
  }

  @Test
  void aCommitWhoseAnswerIsLostIsLookedUpAndAcknowledged() throws Exception {
    String url = TestPostgres.freshDatabase();
    FaultyDialect d = new FaultyDialect();
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    try (JdbcLedgerStore store = JdbcLedgerStore.open(d, url, StoreCredentials.NONE, PostgresReplicasTest.KEY, 1)) {
      LedgerReceipt first = store.append("access", "2026-11-30T00:00:00Z", JsonNodeFactory.instance.objectNode().put("n", 0));
      acknowledged.put(first.index(), first.entryHash());
      d.loseNextCommitAnswer.set(true);
      LedgerReceipt lost = store.append("access", "2026-11-30T00:00:00Z", JsonNodeFactory.instance.objectNode().put("n", 1));
      assertThat(lost.index()).as("committed although its answer was lost: found and acknowledged").isEqualTo(1);
      acknowledged.put(lost.index(), lost.entryHash());
      d.breakBeforeNextCommit.set(true);
      assertThatThrownBy(() -> store.append("access", "2026-11-30T00:00:00Z", JsonNodeFactory.instance.objectNode().put("n", 2)))
          .isInstanceOf(LedgerException.class).hasMessageContaining("nothing of this batch was recorded");
      assertThat(store.size()).isEqualTo(2);
      assertThat(store.append("access", "2026-11-30T00:00:00Z", JsonNodeFactory.instance.objectNode().put("n", 3)).index()).isEqualTo(2);
    }
    PostgresReplicasTest.assertHoldsAtLeast(url, acknowledged);
  }

  private static long waitForWriterBlockedOnALock(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement p = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = 'gavel-ledger-writer'"
            + " AND wait_event_type = 'Lock' AND datname = current_database()")) {
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline) {
        try (ResultSet rs = p.executeQuery()) {
          if (rs.next()) {
            return rs.getLong(1);
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("the writer never waited on the lock");
  }
}
