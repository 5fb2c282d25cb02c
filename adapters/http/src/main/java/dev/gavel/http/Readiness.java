package dev.gavel.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySource;
import java.time.Duration;

/**
 * Whether the server can decide now: the ledger answers a read and no append failed in the last
 * {@code failureWindow}, and the active policy can be read and compiles. A probe runs at most
 * every {@code probeEvery} (on a worker thread); decisions consult the last probe and answer 503
 * while it failed, so an unusable ledger or policy is never an allow. After the window a new
 * decision is tried again, so the server recovers by itself when the cause goes away.
 */
final class Readiness {
  private final PolicySource policies;
  private final PolicyEvaluator evaluator;
  private final LedgerReader ledger;
  private final long probeEveryNanos;
  private final long failureWindowNanos;
  private volatile long lastAppendFailure = Long.MIN_VALUE;
  private volatile String appendFailure;
  private volatile Status last;
  private volatile long lastProbe = Long.MIN_VALUE;

  /** The outcome of a probe: null messages mean usable. */
  record Status(String ledgerProblem, String policyProblem, String revision) {
    boolean ready() {
      return ledgerProblem == null && policyProblem == null;
    }

    ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("ledger", ledgerProblem == null ? "ok" : ledgerProblem);
      o.put("policy", policyProblem == null ? "ok" : policyProblem);
      if (revision != null) {
        o.put("revision", revision);
      }
      return o;
    }

    String summary() {
      return ledgerProblem != null ? "ledger: " + ledgerProblem : policyProblem != null ? "policy: " + policyProblem : "ready";
    }
  }

  Readiness(PolicySource policies, PolicyEvaluator evaluator, LedgerReader ledger, Duration probeEvery, Duration failureWindow) {
    this.policies = policies;
    this.evaluator = evaluator;
    this.ledger = ledger;
    this.probeEveryNanos = probeEvery.toNanos();
    this.failureWindowNanos = failureWindow.toNanos();
  }

  /** The current status, probing again when the last probe is older than the probe interval. Blocking. */
  Status check() {
    long now = System.nanoTime();
    Status s = last;
    if (s != null && now - lastProbe < probeEveryNanos && !recentFailure(now)) {
      return s;
    }
    s = probe(now);
    last = s;
    lastProbe = now;
    return s;
  }

  private Status probe(long now) {
    String ledgerProblem = null;
    String policyProblem = null;
    String revision = null;
    try {
      ledger.size();
      if (recentFailure(now)) {
        ledgerProblem = "an append failed: " + appendFailure;
      }
    } catch (Exception e) {
      ledgerProblem = "cannot be read: " + e.getMessage();
    }
    try {
      PolicySnapshot snap = policies.active();
      revision = snap.revision();
      evaluator.prepare(snap);
    } catch (Exception e) {
      policyProblem = e.getMessage();
    }
    return new Status(ledgerProblem, policyProblem, revision);
  }

  private boolean recentFailure(long now) {
    long f = lastAppendFailure;
    return f != Long.MIN_VALUE && now - f < failureWindowNanos;
  }

  void appendFailed(Exception e) {
    appendFailure = e.getMessage();
    lastAppendFailure = System.nanoTime();
    last = null;
  }

  /** A revision was activated here: probe again at once rather than after the interval. */
  void policyChanged() {
    last = null;
  }

  void appended() {
    // A success after a failure clears it at once (another writer may have fixed the cause).
    if (lastAppendFailure != Long.MIN_VALUE) {
      lastAppendFailure = Long.MIN_VALUE;
      last = null;
    }
  }
}
