package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerHead;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerRecord;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicyOutcome;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.ledger.ConsistencyProof;
import dev.gavel.ledger.InclusionProof;
import dev.gavel.ledger.KeyRotation;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The ports the server's release gate runs on, measured: evaluation and append latency go to the
 * metrics, and a failed append tells readiness the ledger is not usable. Behaviour is the wrapped
 * port's, unchanged.
 */
final class TimedPorts {
  private TimedPorts() {}

  static PolicyEvaluator evaluator(PolicyEvaluator e, Timer timer) {
    return new PolicyEvaluator() {
      @Override
      public String name() {
        return e.name();
      }

      @Override
      public void prepare(PolicySnapshot snapshot) throws PolicyEvaluationException {
        e.prepare(snapshot);
      }

      @Override
      public PolicyOutcome evaluate(PolicySnapshot snapshot, JsonNode input, Instant at) throws PolicyEvaluationException {
        long t0 = System.nanoTime();
        try {
          return e.evaluate(snapshot, input, at);
        } finally {
          timer.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
      }
    };
  }

  static LedgerStore ledger(LedgerStore s, Timer timer, Readiness readiness) {
    return new LedgerStore() {
      @Override
      public LedgerReceipt append(String type, String timestamp, JsonNode payload) throws LedgerException {
        long t0 = System.nanoTime();
        try {
          LedgerReceipt r = s.append(type, timestamp, payload);
          readiness.appended();
          return r;
        } catch (LedgerException | RuntimeException e) {
          readiness.appendFailed(e);
          throw e;
        } finally {
          timer.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
      }

      @Override
      public LedgerReceipt appendOnce(String type, String timestamp, JsonNode payload) throws LedgerException {
        try {
          return s.appendOnce(type, timestamp, payload);
        } catch (LedgerException | RuntimeException e) {
          readiness.appendFailed(e);
          throw e;
        }
      }

      @Override
      public void close() throws LedgerException {
        s.close();
      }

      @Override
      public long size() throws LedgerException {
        return s.size();
      }

      @Override
      public void entries(long start, long end, Consumer<LedgerRow> sink) throws LedgerException {
        s.entries(start, end, sink);
      }

      @Override
      public Optional<LedgerRow> entry(long index) throws LedgerException {
        return s.entry(index);
      }

      @Override
      public Optional<LedgerRecord> find(String type, String key) throws LedgerException {
        return s.find(type, key);
      }

      @Override
      public void query(EntryQuery query, Consumer<LedgerRow> sink) throws LedgerException {
        s.query(query, sink);
      }

      @Override
      public void byArtifact(String sha256, Consumer<LedgerRow> sink) throws LedgerException {
        s.byArtifact(sha256, sink);
      }

      @Override
      public List<String> checkpoints() throws LedgerException {
        return s.checkpoints();
      }

      @Override
      public Optional<String> latestCheckpoint() throws LedgerException {
        return s.latestCheckpoint();
      }

      @Override
      public List<KeyRotation> keyRotations() throws LedgerException {
        return s.keyRotations();
      }

      @Override
      public List<byte[]> leafHashes(long size) throws LedgerException {
        return s.leafHashes(size);
      }

      @Override
      public InclusionProof inclusionProof(long index, long size) throws LedgerException {
        return s.inclusionProof(index, size);
      }

      @Override
      public ConsistencyProof consistencyProof(long from, long to) throws LedgerException {
        return s.consistencyProof(from, to);
      }

      @Override
      public Optional<LedgerHead> head() throws LedgerException {
        return s.head();
      }

      @Override
      public String description() {
        return s.description();
      }
    };
  }
}
