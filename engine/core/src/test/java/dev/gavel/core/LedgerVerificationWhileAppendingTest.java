package dev.gavel.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerHead;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerRecord;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.core.testing.MemoryLedger;
import dev.gavel.core.testing.TestSigner;
import dev.gavel.ledger.KeyRotation;
import dev.gavel.ledger.LedgerAudit;
import dev.gavel.ledger.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Bug: {@code ledger verify} read the checkpoints before the size, so entries another writer
 * appended in between (with their own checkpoints, written in the same transaction) looked like an
 * unsigned tail and the audit of an intact ledger failed with {@code checkpoint.tail_uncovered}.
 * Here a writer appends right after the audit's first read, whichever read that is.
 */
class LedgerVerificationWhileAppendingTest {
  static final InMemorySigner KEY = TestSigner.of(3);

  static void append(MemoryLedger l, int n) throws LedgerException {
    l.append("access", "2026-12-01T12:00:0" + n + "Z", JsonNodeFactory.instance.objectNode().put("event", "test").put("n", n));
  }

  @Test
  void anEntryAppendedDuringTheAuditIsNotAnUnsignedTail() throws Exception {
    MemoryLedger ledger = new MemoryLedger(KEY);
    for (int i = 0; i < 3; i++) {
      append(ledger, i);
    }
    LedgerReader racing = new AppendsOnFirstRead(ledger);
    Verdict<LedgerAudit.Summary> v = LedgerVerification.verify(racing, KEY.key().verifier(), List.of(), () -> { });
    assertThat(v.passed()).as(v.passed() ? "" : String.valueOf(v.failure())).isTrue();
    assertThat(ledger.size()).as("the writer did append").isEqualTo(5);
  }

  /** A reader over {@code ledger} whose first size or checkpoint read lets a writer append two entries. */
  static final class AppendsOnFirstRead implements LedgerReader {
    private final MemoryLedger ledger;
    private boolean appended;

    AppendsOnFirstRead(MemoryLedger ledger) {
      this.ledger = ledger;
    }

    private void writerRuns() throws LedgerException {
      if (!appended) {
        appended = true;
        append(ledger, 8);
        append(ledger, 9);
      }
    }

    @Override
    public long size() throws LedgerException {
      long s = ledger.size();
      writerRuns();
      return s;
    }

    @Override
    public List<String> checkpoints() throws LedgerException {
      List<String> c = ledger.checkpoints();
      writerRuns();
      return c;
    }

    @Override
    public void entries(long start, long end, Consumer<LedgerRow> sink) {
      ledger.entries(start, end, sink);
    }

    @Override
    public Optional<LedgerRow> entry(long index) {
      return ledger.entry(index);
    }

    @Override
    public Optional<LedgerRecord> find(String type, String key) {
      return ledger.find(type, key);
    }

    @Override
    public void query(EntryQuery query, Consumer<LedgerRow> sink) {
      ledger.query(query, sink);
    }

    @Override
    public Optional<String> latestCheckpoint() {
      return ledger.latestCheckpoint();
    }

    @Override
    public List<KeyRotation> keyRotations() {
      return ledger.keyRotations();
    }

    @Override
    public List<byte[]> leafHashes(long size) {
      return ledger.leafHashes(size);
    }

    @Override
    public Optional<LedgerHead> head() {
      return ledger.head();
    }

    @Override
    public String description() {
      return "racing " + ledger.description();
    }
  }
}
