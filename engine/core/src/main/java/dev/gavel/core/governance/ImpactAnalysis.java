package dev.gavel.core.governance;

import dev.gavel.core.Decision;
import dev.gavel.core.DecisionReplay;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Impact analysis: replays recorded decisions (newest first) against a proposed revision at each
 * decision's recorded evaluation time, with evidence re-verified under that revision's trust data,
 * on the same decision path as the release gate ({@link DecisionReplay}). Writes nothing; masked
 * decisions are counted as skipped, never un-masked.
 */
public final class ImpactAnalysis {
  private final LedgerReader ledger;
  private final DecisionReplay replay;

  public ImpactAnalysis(LedgerReader ledger, PolicyEvaluator evaluator) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.replay = new DecisionReplay(evaluator);
  }

  /** @param since only decisions recorded at or after it (null: all); @param limit at most this many, newest first */
  public ImpactReport run(PolicySnapshot proposed, Instant since, int limit) throws LedgerException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1 but got " + limit);
    }
    List<LedgerRow> rows = new ArrayList<>();
    ledger.query(new EntryQuery(Set.of("decision"), since, null, null, null, -1, true, limit), rows::add);
    int unchanged = 0;
    int skipped = 0;
    List<ImpactReport.Change> changed = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (LedgerRow row : rows) {
      Decision d;
      try {
        d = Decision.fromEntry(Json.read(row.canonical()), row.entryHash());
      } catch (Json.ParseException | IllegalArgumentException e) {
        skipped++;
        why.add("entry " + row.index() + ": unreadable (" + e.getMessage() + ")");
        continue;
      }
      DecisionReplay.Result r = replay.replay(d, proposed);
      switch (r.status()) {
        case IDENTICAL -> unchanged++;
        case NOT_REPLAYABLE -> {
          skipped++;
          why.add(d.decisionId() + ": " + r.explanation());
        }
        default -> {
          boolean failed = r.differences().stream().anyMatch(x -> x.startsWith("re-evaluation failed"));
          changed.add(new ImpactReport.Change(d.decisionId(), orEmpty(d.request().model()), orEmpty(d.request().version()),
              outcome(d.allow()), failed ? "error" : outcome(r.replayedAllow()), failed ? r.differences() : r.reasonsAdded(),
              r.reasonsRemoved()));
        }
      }
    }
    return new ImpactReport(proposed.revision(), rows.size() - skipped, unchanged, skipped, changed, why);
  }

  private static String outcome(boolean allow) {
    return allow ? "allow" : "deny";
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
