package dev.gavel.http;

import dev.gavel.core.Decision;
import dev.gavel.core.Reason;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What {@code /metrics} shows (Prometheus text through Micrometer): decisions by outcome and tier
 * and their reason codes, evaluation and ledger-append latency histograms, HTTP requests by route
 * and status, authentication failures by reason, refusals for load, the ledger size, the age of
 * the newest checkpoint, the active policy revision, and alerts by type with their delivery. Label values come from the policy's
 * reason codes and the request's tier, never from free text.
 */
final class ServerMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer evaluation;
  private final Timer append;
  private final AtomicLong ledgerSize = new AtomicLong();
  private final AtomicLong checkpointAgeMillis = new AtomicLong(-1);
  private final AtomicReference<String> revision = new AtomicReference<>("");
  private final MultiGauge policy;

  ServerMetrics(Supplier<Number> workerLoad) {
    evaluation = Timer.builder("gavel.evaluation").description("Policy evaluation of one decision (the decision query and the mask rule)")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    append = Timer.builder("gavel.ledger.append").description("One durable ledger append (commit and checkpoint)")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    Gauge.builder("gavel.ledger.entries", ledgerSize, AtomicLong::get).description("Entries in the ledger").register(registry);
    Gauge.builder("gavel.checkpoint.age", checkpointAgeMillis, a -> a.get() < 0 ? Double.NaN : a.get() / 1000.0)
        .baseUnit("seconds").description("Time since the last entry covered by the newest signed checkpoint was recorded")
        .register(registry);
    Gauge.builder("gavel.workers.load", workerLoad).description("Requests running or waiting for a worker").register(registry);
    policy = MultiGauge.builder("gavel.policy.active").description("The active policy revision (value 1)").register(registry);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  void decided(Decision d) {
    String outcome = d.allow() ? "allow" : "deny";
    String tier = d.request().riskTier() == null ? "unknown" : d.request().riskTier();
    registry.counter("gavel.decisions", "outcome", outcome, "tier", tier).increment();
    for (Reason r : d.reasons()) {
      registry.counter("gavel.decision.reasons", "code", r.code(), "outcome", outcome).increment();
    }
    activeRevision(d.policy().revision());
  }

  void activeRevision(String rev) {
    if (rev != null && !rev.equals(revision.getAndSet(rev))) {
      policy.register(List.of(MultiGauge.Row.of(Tags.of("revision", rev), 1)), true);
    }
  }

  void refused(String kind) {
    registry.counter("gavel.refused", "reason", kind).increment();
  }

  void authFailure(String reason) {
    registry.counter("gavel.auth.failures", "reason", reason).increment();
  }

  void request(String route, String method, int status, long nanos) {
    registry.timer("gavel.http.requests", "route", route, "method", method, "status", Integer.toString(status))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  Timer evaluationTimer() {
    return evaluation;
  }

  Timer appendTimer() {
    return append;
  }

  void ledger(long size, long checkpointAge) {
    ledgerSize.set(size);
    checkpointAgeMillis.set(checkpointAge);
  }

  /** An alert raised, by type ({@code gavel_alerts_total{type="deny-spike"}}). */
  void alert(String type) {
    io.micrometer.core.instrument.Counter.builder("gavel.alerts").description("Alerts raised by the anomaly rules, by type")
        .tag("type", type).register(registry).increment();
  }

  /** An alert a webhook did not get, by why (dead-lettered). */
  void alertUndelivered(String reason) {
    io.micrometer.core.instrument.Counter.builder("gavel.alerts.undelivered")
        .description("Alert deliveries given up and written to the dead letter, by reason").tag("reason", reason)
        .register(registry).increment();
  }

  void alertDelivered() {
    io.micrometer.core.instrument.Counter.builder("gavel.alerts.delivered").description("Alerts a webhook accepted (2xx)")
        .register(registry).increment();
  }

  /** An alert that could not be recorded in the ledger. */
  void alertUnrecorded() {
    io.micrometer.core.instrument.Counter.builder("gavel.alerts.unrecorded")
        .description("Alerts that could not be recorded in the ledger").register(registry).increment();
  }

  String scrape() {
    return registry.scrape();
  }

}
