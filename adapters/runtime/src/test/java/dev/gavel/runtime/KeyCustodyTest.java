package dev.gavel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key custody: one key per ledger, created atomically, replaced only by rotation. */
class KeyCustodyTest {
  @TempDir
  Path home;

  @Test
  void racingFirstUsesAllEndUpWithTheSameKey() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> keys = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      keys.add(pool.submit(() -> {
        go.await();
        return new KeyCustody(home).forAppending(0).verifierKey();
      }));
    }
    go.countDown();
    Set<String> distinct = new HashSet<>();
    for (Future<String> k : keys) {
      distinct.add(k.get());
    }
    pool.shutdown();
    assertThat(distinct).hasSize(1);
    assertThat(new KeyCustody(home).current().orElseThrow().verifierKey()).isEqualTo(distinct.iterator().next());
    try (var s = Files.list(home.resolve("keys"))) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).as("no temporary files left").containsExactly("ledger.key");
    }
  }

  @Test
  void aLedgerWithEntriesGetsNoNewKey() throws Exception {
    KeyCustody keys = new KeyCustody(home);
    assertThatThrownBy(() -> keys.forAppending(5)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the ledger has 5 entries but its signing key");
    assertThat(Files.exists(keys.keyFile())).isFalse();
    dev.gavel.ledger.NoteKey first = keys.forAppending(0);
    assertThatThrownBy(() -> keys.generate(true, 5)).hasMessageContaining("use `gavel keys rotate`");
    assertThatThrownBy(() -> keys.generate(false, 0)).hasMessageContaining("already exists (use --force");
    assertThat(keys.current().orElseThrow().verifierKey()).isEqualTo(first.verifierKey());
    assertThat(keys.generate(true, 0).verifierKey()).isNotEqualTo(first.verifierKey());
  }

  @Test
  void anUnreadableKeyDirectoryIsSaidPlainly() throws Exception {
    Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
        "running as root, who reads any directory: the permission check cannot be exercised; skipping");
    KeyCustody keys = new KeyCustody(home);
    keys.forAppending(0);
    Files.setPosixFilePermissions(home.resolve("keys"), PosixFilePermissions.fromString("-wx------"));
    try {
      assertThatThrownBy(() -> keys.generate(false, 0)).hasMessageContaining("cannot read the key directory")
          .hasMessageContaining("permission denied");
    } finally {
      Files.setPosixFilePermissions(home.resolve("keys"), PosixFilePermissions.fromString("rwx------"));
    }
  }
}
