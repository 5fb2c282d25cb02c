package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.Decision;
import dev.gavel.core.LedgerVerification;
import dev.gavel.core.Reason;
import dev.gavel.core.ReleaseRequest;
import dev.gavel.core.alert.Alert;
import dev.gavel.core.alert.AnomalyDetector;
import dev.gavel.core.alert.Observation;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.Signer;
import dev.gavel.core.port.TimeSource;
import dev.gavel.http.auth.Principal;
import dev.gavel.json.CanonicalJson;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.ledger.Verdict;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the server's observations meet the {@link AnomalyDetector} and its alerts leave: each
 * alert is counted ({@code gavel_alerts_total{type}} on /metrics), recorded as a signed
 * {@code alert} ledger entry by a thread of its own, and handed to every webhook's
 * {@link WebhookDelivery} as a CloudEvent. The callers (a decision's worker, the event loop on an
 * authentication failure) only run the detector (microseconds) and queue work: nothing here waits
 * for the ledger or a webhook, and nothing here can fail a request. With ledger rules on, a
 * thread verifies the ledger in place and checks checkpoint coverage every interval.
 */
final class AlertPipeline implements AutoCloseable {
  private final AlertConfig config;
  private final AnomalyDetector detector;
  private final ServerMetrics metrics;
  private final LedgerStore ledger;
  private final Signer signer;
  private final TimeSource clock;
  private final ThreadPoolExecutor recorder;
  private final List<WebhookDelivery> webhooks = new ArrayList<>();
  private final ScheduledExecutorService checker;

  AlertPipeline(AlertConfig config, LedgerStore ledger, Signer signer, TimeSource clock, ServerMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.ledger = ledger;
    this.signer = signer;
    this.clock = clock;
    this.detector = new AnomalyDetector(config.rules(), clock, new SecureRandom());
    this.recorder = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(config.queue()), r -> {
      Thread t = new Thread(r, "gavel-alert-recorder");
      t.setDaemon(true);
      return t;
    });
    DeadLetters dead = new DeadLetters(config.deadLetter(), metrics);
    for (URI u : config.webhooks()) {
      webhooks.add(new WebhookDelivery(u, config, dead, metrics));
    }
    if (config.rules().ledger() != null) {
      checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gavel-ledger-check");
        t.setDaemon(true);
        return t;
      });
      long every = config.rules().ledger().interval().toMillis();
      checker.scheduleWithFixedDelay(this::checkLedger, every, every, TimeUnit.MILLISECONDS);
    } else {
      checker = null;
    }
  }

  boolean enabled() {
    return config.rules().any();
  }

  /** A decision was recorded for {@code req}, asked by {@code p}. */
  void decided(ReleaseRequest req, Decision d, Principal p) {
    if (!enabled()) {
      return;
    }
    List<String> codes = d.reasons().stream().map(Reason::code).toList();
    observe(new Observation.Decided(d.decisionId(), nz(d.request().model()), nz(d.request().version()),
        nz(d.request().requester()), p == null ? "?" : p.key(), d.request().environment(), d.allow(), codes, evidence(req.json())));
  }

  /** The sha256 of what a request offers as evidence: its scans, signatures, attestations, approvals and waivers. */
  static String evidence(JsonNode request) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    for (String k : List.of("scans", "signatures", "attestations", "approvals", "waivers")) {
      e.set(k, request.path(k).isMissingNode() ? JsonNodeFactory.instance.nullNode() : request.get(k));
    }
    return CanonicalJson.sha256(e);
  }

  void request(Principal p) {
    if (enabled()) {
      observe(new Observation.Request(p.key()));
    }
  }

  void authFailed(String remote, String reason) {
    if (enabled()) {
      observe(new Observation.AuthFailed(remote, reason));
    }
  }

  /** The board of the revision now active ({@code data.gavel.board.members[].id}). */
  void board(String revision, JsonNode data, boolean initial) {
    if (!enabled()) {
      return;
    }
    Set<String> members = new LinkedHashSet<>();
    for (JsonNode m : data.path("gavel").path("board").path("members")) {
      if (m.path("id").isTextual()) {
        members.add(m.get("id").asText());
      }
    }
    observe(new Observation.Board(revision == null ? "?" : revision, members, initial));
  }

  void approved(String approver, String commit, String decision) {
    if (enabled()) {
      observe(new Observation.Approved(approver, commit, decision));
    }
  }

  private void observe(Observation o) {
    List<Alert> alerts;
    try {
      alerts = detector.observe(o);
    } catch (RuntimeException e) {
      // A detector bug must not fail the request it watches; it is said where the operator looks.
      System.err.println("gavel serve: anomaly detection failed on " + o.getClass().getSimpleName() + ": " + e);
      return;
    }
    for (Alert a : alerts) {
      publish(a);
    }
  }

  private void publish(Alert a) {
    metrics.alert(a.type());
    try {
      recorder.execute(() -> {
        try {
          a.record(ledger, signer);
        } catch (LedgerException | RuntimeException e) {
          metrics.alertUnrecorded();
          System.err.println("gavel serve: alert " + a.alertId() + " (" + a.type() + ") could not be recorded: " + e.getMessage());
        }
      });
    } catch (RejectedExecutionException e) {
      metrics.alertUnrecorded();
      System.err.println("gavel serve: alert " + a.alertId() + " (" + a.type() + ") not recorded: the recorder's queue is full");
    }
    ObjectNode event = CloudEvent.of(a, config.source());
    for (WebhookDelivery w : webhooks) {
      w.offer(event);
    }
  }

  /** One periodic ledger check: verification in place (when on) and the oldest entry no checkpoint covers. */
  void checkLedger() {
    try {
      Observation.LedgerChecked.Failure failure = null;
      if (config.rules().ledger().verify()) {
        Verdict<?> v = LedgerVerification.verify(ledger, NoteVerifier.parse(signer.verifierKey()), List.of(),
            LedgerVerification.Progress.NONE);
        if (!v.passed()) {
          failure = new Observation.LedgerChecked.Failure(v.failure().index(), v.failure().code(), v.failure().message());
        }
      }
      long size = ledger.size();
      var note = ledger.latestCheckpoint();
      long covered = note.isPresent() ? Checkpoint.claimedBy(note.get()).size() : 0;
      Instant oldest = null;
      if (size > covered) {
        var row = ledger.entry(covered);
        if (row.isPresent() && row.get().columns() != null) {
          oldest = Instant.parse(row.get().columns().timestamp());
        }
      }
      observe(new Observation.LedgerChecked(failure, size, covered, oldest));
    } catch (LedgerException | RuntimeException e) {
      // A ledger that cannot even be read is a failed verification.
      observe(new Observation.LedgerChecked(new Observation.LedgerChecked.Failure(-1, "ledger.unreadable",
          String.valueOf(e.getMessage())), -1, -1, null));
    }
  }

  private static String nz(String s) {
    return s == null ? "?" : s;
  }

  /** Stops checking, records what is queued (up to 10 s), then stops the webhooks (their queues go to the dead letter). */
  @Override
  public void close() {
    if (checker != null) {
      checker.shutdownNow();
    }
    recorder.shutdown();
    try {
      recorder.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (WebhookDelivery w : webhooks) {
      w.close();
    }
  }
}
