package dev.gavel.core.alert;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * The thresholds of the anomaly rules (gavel.yaml {@code serve.alerts.*}). A rule is off when its
 * settings are null. Every rule has a cooldown: once it fired for a key (a model, a token, an
 * address...), it stays quiet for that key until the cooldown has passed, so one incident is one
 * alert, not one per request.
 */
public record AlertRules(DenySpike denySpike, AllowAfterDenials allowAfterDenials, ChangeWindow changeWindow,
    NewBoardMember newBoardMember, Count tokenBurst, Count authFailures, LedgerHealth ledger) {
  public static final AlertRules NONE = new AlertRules(null, null, null, null, null, null, null);

  /** Whether any rule is on. */
  public boolean any() {
    return denySpike != null || allowAfterDenials != null || changeWindow != null || newBoardMember != null
        || tokenBurst != null || authFailures != null || ledger != null;
  }

  /**
   * A deny-rate spike per model and per requester: within {@code window} at least {@code minDecisions}
   * decisions for the key, a deny rate of at least {@code minRate}, and at least {@code factor} times
   * the key's own deny rate over the {@code baseline} period before the window (0 when it has none).
   */
  public record DenySpike(Duration window, Duration baseline, int minDecisions, double minRate, double factor,
      Duration cooldown) {
    public DenySpike {
      positive("deny-spike.window", window);
      positive("deny-spike.baseline", baseline);
      positive("deny-spike.cooldown", cooldown);
      atLeastOne("deny-spike.min-decisions", minDecisions);
      if (!(minRate > 0 && minRate <= 1)) {
        throw new IllegalArgumentException("deny-spike.min-rate must be a fraction in (0, 1] but got " + minRate);
      }
      if (!(factor >= 1) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("deny-spike.factor must be a number of at least 1 but got " + factor);
      }
    }
  }

  /**
   * Retried until allowed: at least {@code denials} denials of one model version within
   * {@code window}, then an allow whose evidence (scans, signatures, attestations, approvals,
   * waivers) differs from the last denied request's.
   */
  public record AllowAfterDenials(Duration window, int denials, Duration cooldown) {
    public AllowAfterDenials {
      positive("allow-after-denials.window", window);
      positive("allow-after-denials.cooldown", cooldown);
      atLeastOne("allow-after-denials.denials", denials);
    }
  }

  /**
   * The change window releases should land in: on {@code days}, from {@code from} (inclusive) to
   * {@code to} (exclusive) local time in {@code zone}. An allowed decision for one of
   * {@code environments} (all when empty) outside it is an alert.
   */
  public record ChangeWindow(ZoneId zone, Set<DayOfWeek> days, LocalTime from, LocalTime to, Set<String> environments) {
    public ChangeWindow {
      Objects.requireNonNull(zone, "zone");
      days = Set.copyOf(days);
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      environments = Set.copyOf(environments);
      if (days.isEmpty()) {
        throw new IllegalArgumentException("change-window.days must name at least one day");
      }
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("change-window.from must be before change-window.to (a window within one day) but got "
            + from + " and " + to);
      }
    }
  }

  /** An approval by a board member who joined the board (an activation added them) less than {@code within} before. */
  public record NewBoardMember(Duration within) {
    public NewBoardMember {
      positive("new-board-member.within", within);
    }
  }

  /** At least {@code count} events for one key within {@code window} (requests per token; authentication failures per address). */
  public record Count(String name, Duration window, int count, Duration cooldown) {
    public Count {
      Objects.requireNonNull(name, "name");
      positive(name + ".window", window);
      positive(name + ".cooldown", cooldown);
      atLeastOne(name + "." + (name.equals("token-burst") ? "requests" : "failures"), count);
    }
  }

  /**
   * The periodic ledger check: every {@code interval} the ledger is verified in place (when
   * {@code verify}) and an entry that has waited longer than {@code maxCheckpointAge} for a signed
   * checkpoint covering it is an alert.
   */
  public record LedgerHealth(Duration interval, boolean verify, Duration maxCheckpointAge, Duration cooldown) {
    public LedgerHealth {
      positive("ledger.interval", interval);
      positive("ledger.max-checkpoint-age", maxCheckpointAge);
      positive("ledger.cooldown", cooldown);
    }
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration but got " + d);
    }
  }

  private static void atLeastOne(String name, int n) {
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 but got " + n);
    }
  }
}
