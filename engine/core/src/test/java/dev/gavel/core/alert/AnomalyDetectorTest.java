package dev.gavel.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule of the detector as a table: a sequence of observations (with the clock moved between
 * them) and how many alerts of the rule's type it must raise, with the cases on either side of
 * every threshold.
 */
class AnomalyDetectorTest {
  static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z"); // a Wednesday
  static final AlertRules.DenySpike SPIKE = new AlertRules.DenySpike(Duration.ofMinutes(10), Duration.ofHours(24), 5, 0.5, 3,
      Duration.ofMinutes(10));
  static final AlertRules.AllowAfterDenials RETRY = new AlertRules.AllowAfterDenials(Duration.ofHours(1), 3, Duration.ofHours(1));
  static final AlertRules.ChangeWindow WINDOW = new AlertRules.ChangeWindow(ZoneId.of("Europe/Berlin"),
      Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY), LocalTime.of(9, 0),
      LocalTime.of(17, 0), Set.of("production"));
  static final AlertRules.NewBoardMember BOARD = new AlertRules.NewBoardMember(Duration.ofHours(168));
  static final AlertRules.Count BURST = new AlertRules.Count("token-burst", Duration.ofMinutes(1), 5, Duration.ofMinutes(1));
  static final AlertRules.Count AUTH = new AlertRules.Count("auth-failures", Duration.ofMinutes(5), 3, Duration.ofMinutes(5));
  static final AlertRules.LedgerHealth LEDGER = new AlertRules.LedgerHealth(Duration.ofMinutes(1), true, Duration.ofMinutes(10),
      Duration.ofHours(1));

  /** A scripted run: observations with clock moves in between. */
  static final class Script {
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final AnomalyDetector detector;
    final List<Alert> alerts = new ArrayList<>();
    int seq;

    Script(AlertRules rules) {
      detector = new AnomalyDetector(rules, now::get, new SplittableRandom(7));
    }

    Script at(Instant t) {
      now.set(t);
      return this;
    }

    Script after(Duration d) {
      now.set(now.get().plus(d));
      return this;
    }

    Script see(Observation o) {
      alerts.addAll(detector.observe(o));
      return this;
    }

    Script decide(String model, String requester, boolean allow, String evidence) {
      return see(new Observation.Decided("d" + seq++, model, "1.0", requester, "token:t1", "production", allow,
          allow ? List.of() : List.of("scan.missing"), evidence));
    }

    Script decisions(int allows, int denies) {
      for (int i = 0; i < allows; i++) {
        decide("fraud", "ci/" + seq, true, "e");
      }
      for (int i = 0; i < denies; i++) {
        decide("fraud", "ci/" + seq, false, "e");
      }
      return this;
    }

    long count(String type) {
      return alerts.stream().filter(a -> a.type().equals(type)).count();
    }
  }

  static AlertRules only(Object rule) {
    return new AlertRules(rule instanceof AlertRules.DenySpike s ? s : null,
        rule instanceof AlertRules.AllowAfterDenials r ? r : null, rule instanceof AlertRules.ChangeWindow w ? w : null,
        rule instanceof AlertRules.NewBoardMember b ? b : null,
        rule instanceof AlertRules.Count c && c.name().equals("token-burst") ? c : null,
        rule instanceof AlertRules.Count c && c.name().equals("auth-failures") ? c : null,
        rule instanceof AlertRules.LedgerHealth l ? l : null);
  }

  static Arguments row(String behaviour, Object rule, String type, long expected, Consumer<Script> run) {
    return Arguments.of(behaviour, rule, type, expected, run);
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        // deny-spike: 5 decisions, rate 0.5, factor 3 over the model's own baseline
        row("deny spike fires at min-decisions and min-rate (2 allows then 3 denials)", SPIKE, "deny-spike", 1,
            s -> s.decisions(2, 3)),
        row("deny spike does not fire one decision short of min-decisions", SPIKE, "deny-spike", 0, s -> s.decisions(1, 3)),
        row("deny spike does not fire below min-rate (3 allows then 2 denials)", SPIKE, "deny-spike", 0, s -> s.decisions(3, 2)),
        row("deny spike fires when the rate is exactly factor times the baseline", SPIKE, "deny-spike", 1,
            s -> s.decisions(8, 2).after(Duration.ofMinutes(30)).decisions(2, 3)), // baseline 0.2, now 0.6 = 3 x 0.2
        row("deny spike fires for a first burst but not again while the baseline is as bad", SPIKE, "deny-spike", 1,
            s -> s.decisions(0, 5).after(Duration.ofMinutes(30)).decisions(2, 3)),
        row("deny spike by requester fires across models", SPIKE, "deny-spike", 1, s -> {
          for (int i = 0; i < 5; i++) {
            s.decide("model-" + i, "ci/one", false, "e");
          }
        }),
        row("deny spike stays quiet within its cooldown", SPIKE, "deny-spike", 1, s -> s.decisions(0, 8)),
        row("deny spike fires again once the old burst has left window and baseline", SPIKE, "deny-spike", 2,
            s -> s.decisions(0, 8).after(Duration.ofHours(25)).decisions(0, 5)),
        // allow-after-denials: 3 denials then an allow with different evidence
        row("allow after 3 denials with changed evidence fires", RETRY, "allow-after-denials", 1,
            s -> s.decide("m", "ci", false, "e1").decide("m", "ci", false, "e2").decide("m", "ci", false, "e3")
                .decide("m", "ci", true, "e4")),
        row("allow after only 2 denials does not fire", RETRY, "allow-after-denials", 0,
            s -> s.decide("m", "ci", false, "e1").decide("m", "ci", false, "e2").decide("m", "ci", true, "e4")),
        row("allow with the evidence of the last denial does not fire (the policy or data changed, not the evidence)", RETRY,
            "allow-after-denials", 0, s -> s.decide("m", "ci", false, "e1").decide("m", "ci", false, "e1")
                .decide("m", "ci", false, "e1").decide("m", "ci", true, "e1")),
        row("denials older than the window do not count", RETRY, "allow-after-denials", 0,
            s -> s.decide("m", "ci", false, "e1").decide("m", "ci", false, "e2").after(Duration.ofMinutes(61))
                .decide("m", "ci", false, "e3").decide("m", "ci", true, "e4")),
        row("an allow ends the sequence", RETRY, "allow-after-denials", 1,
            s -> s.decide("m", "ci", false, "e1").decide("m", "ci", false, "e2").decide("m", "ci", false, "e3")
                .decide("m", "ci", true, "e4").decide("m", "ci", true, "e5")),
        // change-window: Mon-Thu 09:00-17:00 Berlin, production only
        row("a release inside the window does not fire (Wed 11:00 Berlin)", WINDOW, "change-window", 0,
            s -> s.decide("m", "ci", true, "e")),
        row("a release at the window's end fires (17:00 Berlin is outside)", WINDOW, "change-window", 1,
            s -> s.at(Instant.parse("2026-12-02T16:00:00Z")).decide("m", "ci", true, "e")),
        row("a release at the window's start does not fire (09:00 Berlin)", WINDOW, "change-window", 0,
            s -> s.at(Instant.parse("2026-12-02T08:00:00Z")).decide("m", "ci", true, "e")),
        row("a release on a Friday fires", WINDOW, "change-window", 1,
            s -> s.at(Instant.parse("2026-12-04T10:00:00Z")).decide("m", "ci", true, "e")),
        row("a denial outside the window does not fire (nothing was released)", WINDOW, "change-window", 0,
            s -> s.at(Instant.parse("2026-12-04T10:00:00Z")).decide("m", "ci", false, "e")),
        row("a staging release outside the window does not fire", WINDOW, "change-window", 0,
            s -> s.at(Instant.parse("2026-12-04T10:00:00Z")).see(new Observation.Decided("x", "m", "1", "ci", "t", "staging",
                true, List.of(), "e"))),
        // new-board-member: an approval within 168h of joining
        row("an approval by a member added an hour before fires", BOARD, "new-board-member", 1,
            s -> s.see(new Observation.Board("r1", Set.of("alice", "bob"), true)).see(new Observation.Board("r2",
                Set.of("alice", "bob", "mallory"), false)).after(Duration.ofHours(1))
                .see(new Observation.Approved("mallory", "r3", "approve"))),
        row("an approval by a member added exactly 168h before does not fire", BOARD, "new-board-member", 0,
            s -> s.see(new Observation.Board("r1", Set.of("alice"), true)).see(new Observation.Board("r2",
                Set.of("alice", "mallory"), false)).after(Duration.ofHours(168))
                .see(new Observation.Approved("mallory", "r3", "approve"))),
        row("an approval by a member of the board the server started with does not fire", BOARD, "new-board-member", 0,
            s -> s.see(new Observation.Board("r1", Set.of("alice"), true)).see(new Observation.Approved("alice", "r2", "approve"))),
        row("a member removed before approving does not fire", BOARD, "new-board-member", 0,
            s -> s.see(new Observation.Board("r1", Set.of("alice"), true)).see(new Observation.Board("r2",
                Set.of("alice", "mallory"), false)).see(new Observation.Board("r3", Set.of("alice"), false))
                .see(new Observation.Approved("mallory", "r4", "approve"))),
        // token-burst: 5 requests a minute
        row("5 requests from one token within a minute fire", BURST, "token-burst", 1, s -> {
          for (int i = 0; i < 5; i++) {
            s.see(new Observation.Request("token:a")).after(Duration.ofSeconds(10));
          }
        }),
        row("4 requests from one token within a minute do not fire", BURST, "token-burst", 0, s -> {
          for (int i = 0; i < 4; i++) {
            s.see(new Observation.Request("token:a"));
          }
        }),
        row("5 requests spread over two tokens do not fire", BURST, "token-burst", 0, s -> {
          for (int i = 0; i < 5; i++) {
            s.see(new Observation.Request("token:" + (i % 2)));
          }
        }),
        row("5 requests spread over more than the window do not fire", BURST, "token-burst", 0, s -> {
          for (int i = 0; i < 5; i++) {
            s.see(new Observation.Request("token:a")).after(Duration.ofSeconds(16));
          }
        }),
        // auth-failures: 3 per address in 5 minutes
        row("3 authentication failures from one address fire", AUTH, "auth-failures", 1, s -> {
          for (int i = 0; i < 3; i++) {
            s.see(new Observation.AuthFailed("10.0.0.1", i == 0 ? "missing" : "invalid"));
          }
        }),
        row("2 authentication failures do not fire", AUTH, "auth-failures", 0,
            s -> s.see(new Observation.AuthFailed("10.0.0.1", "invalid")).see(new Observation.AuthFailed("10.0.0.1", "invalid"))),
        row("a failure storm alerts once per cooldown", AUTH, "auth-failures", 2, s -> {
          for (int i = 0; i < 40; i++) {
            s.see(new Observation.AuthFailed("10.0.0.1", "invalid")).after(Duration.ofSeconds(10));
          }
        }),
        // ledger: failed verification; an entry waiting more than 10 minutes for a checkpoint
        row("a failed verification fires", LEDGER, "ledger-verification", 1,
            s -> s.see(new Observation.LedgerChecked(new Observation.LedgerChecked.Failure(4, "chain.prev_hash", "bad"), 9, 9, null))),
        row("a lasting verification failure alerts once per cooldown", LEDGER, "ledger-verification", 1,
            s -> s.see(new Observation.LedgerChecked(new Observation.LedgerChecked.Failure(4, "chain.prev_hash", "bad"), 9, 9, null))
                .after(Duration.ofMinutes(1))
                .see(new Observation.LedgerChecked(new Observation.LedgerChecked.Failure(4, "chain.prev_hash", "bad"), 9, 9, null))),
        row("a passing verification of a covered ledger does not fire", LEDGER, "ledger-verification", 0,
            s -> s.see(new Observation.LedgerChecked(null, 9, 9, null))),
        row("an entry uncovered for 10 minutes and 1 second fires", LEDGER, "checkpoint-stale", 1,
            s -> s.see(new Observation.LedgerChecked(null, 10, 9, T0.minusSeconds(601)))),
        row("an entry uncovered for exactly 10 minutes does not fire", LEDGER, "checkpoint-stale", 0,
            s -> s.see(new Observation.LedgerChecked(null, 10, 9, T0.minusSeconds(600)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void eachRuleFiresAtItsThresholdAndNotBelow(String behaviour, Object rule, String type, long expected, Consumer<Script> run) {
    Script s = new Script(only(rule));
    run.accept(s);
    assertThat(s.count(type)).as(behaviour + ": " + s.alerts).isEqualTo(expected);
    assertThat(s.alerts).as("only the rule under test raises alerts").allMatch(a -> a.type().equals(type));
  }

  @Test
  void anAlertNamesItsSubjectTimeAndFigures() {
    Script s = new Script(only(SPIKE));
    s.decisions(2, 3);
    Alert a = s.alerts.get(0);
    assertThat(a.type()).isEqualTo("deny-spike");
    assertThat(a.subject()).isEqualTo("model:fraud");
    assertThat(a.at()).isEqualTo("2026-12-02T10:00:00Z");
    assertThat(a.alertId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(a.data().path("decisions").asInt()).isEqualTo(5);
    assertThat(a.data().path("denials").asInt()).isEqualTo(3);
    assertThat(a.data().path("denyRate").asDouble()).isEqualTo(0.6);
    assertThat(a.data().path("baseline").path("decisions").asInt()).isZero();
  }

  @Test
  void withNoRulesNothingIsKept() {
    Script s = new Script(AlertRules.NONE);
    s.decisions(0, 100);
    assertThat(s.alerts).isEmpty();
    assertThat(AlertRules.NONE.any()).isFalse();
  }

  @Test
  void badThresholdsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new AlertRules.DenySpike(Duration.ofMinutes(1), Duration.ofHours(1), 0, 0.5, 3, Duration.ofMinutes(1)))
        .hasMessageContaining("deny-spike.min-decisions");
    assertThatThrownBy(() -> new AlertRules.DenySpike(Duration.ofMinutes(1), Duration.ofHours(1), 5, 1.5, 3, Duration.ofMinutes(1)))
        .hasMessageContaining("deny-spike.min-rate");
    assertThatThrownBy(() -> new AlertRules.ChangeWindow(ZoneId.of("UTC"), Set.of(DayOfWeek.MONDAY), LocalTime.of(17, 0),
        LocalTime.of(9, 0), Set.of())).hasMessageContaining("change-window.from");
    assertThatThrownBy(() -> new AlertRules.Count("token-burst", Duration.ZERO, 5, Duration.ofMinutes(1)))
        .hasMessageContaining("token-burst.window");
  }
}
