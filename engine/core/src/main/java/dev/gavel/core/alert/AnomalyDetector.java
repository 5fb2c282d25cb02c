package dev.gavel.core.alert;

import dev.gavel.core.UuidV7;
import dev.gavel.core.port.TimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Anomaly detection over what the server sees (decisions, authenticated requests, authentication
 * failures, board changes and approvals, the periodic ledger check): each enabled rule of
 * {@link AlertRules} is told every {@link Observation} with the time of {@code clock}, and what
 * it finds becomes an {@link Alert} unless the same rule already alerted for the same key within
 * its cooldown. Pure: no I/O, no clock or randomness of its own; memory is bounded (see
 * {@link KeyedWindows}). Thread-safe: observations are serialised, each costs microseconds.
 */
public final class AnomalyDetector {
  private final TimeSource clock;
  private final RandomGenerator random;
  private final List<Rule> rules = new ArrayList<>();
  private final Map<String, Instant> quietUntil = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > 50_000;
    }
  };

  public AnomalyDetector(AlertRules config, TimeSource clock, RandomGenerator random) {
    Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    if (config.denySpike() != null) {
      rules.add(new DenySpikeRule(config.denySpike()));
    }
    if (config.allowAfterDenials() != null) {
      rules.add(new AllowAfterDenialsRule(config.allowAfterDenials()));
    }
    if (config.changeWindow() != null) {
      rules.add(new ChangeWindowRule(config.changeWindow()));
    }
    if (config.newBoardMember() != null) {
      rules.add(new NewBoardMemberRule(config.newBoardMember()));
    }
    if (config.tokenBurst() != null) {
      rules.add(new CountRule(config.tokenBurst()));
    }
    if (config.authFailures() != null) {
      rules.add(new CountRule(config.authFailures()));
    }
    if (config.ledger() != null) {
      rules.add(new LedgerHealthRule(config.ledger()));
    }
  }

  /** The alerts {@code o} raises now (usually none). */
  public synchronized List<Alert> observe(Observation o) {
    Objects.requireNonNull(o, "o");
    if (rules.isEmpty()) {
      return List.of();
    }
    Instant now = clock.now();
    List<Alert> out = new ArrayList<>();
    for (Rule r : rules) {
      for (Finding f : r.on(o, now)) {
        String quiet = f.type() + "\u0000" + f.key();
        Instant until = quietUntil.get(quiet);
        if (until != null && now.isBefore(until)) {
          continue;
        }
        quietUntil.put(quiet, now.plus(f.cooldown()));
        out.add(new Alert(UuidV7.at(now, random).toString(), f.type(), Alert.time(now), f.subject(), f.data(), null));
      }
    }
    return out;
  }
}
