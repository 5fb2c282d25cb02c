package dev.gavel.core.port;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Which entries to read: entry types (empty: all), a recording-time range (inclusive; null bounds
 * are open), a model name and an outcome ({@code allow} or {@code deny}; these two select
 * decisions only), a cursor (only entries after index {@code after}, or before it when newest
 * first), and a limit.
 */
public record EntryQuery(Set<String> types, Instant since, Instant until, String model, String outcome, long after,
    boolean newestFirst, int limit) {
  public static final EntryQuery ALL = new EntryQuery(Set.of(), null, null, null, null, -1, false, Integer.MAX_VALUE);

  public EntryQuery {
    types = Set.copyOf(Objects.requireNonNull(types, "types"));
    if (outcome != null && !outcome.equals("allow") && !outcome.equals("deny")) {
      throw new IllegalArgumentException("outcome must be allow or deny but got " + outcome);
    }
    if (since != null && until != null && until.isBefore(since)) {
      throw new IllegalArgumentException("until " + until + " is before since " + since);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1 but got " + limit);
    }
  }

  /** Decisions matching the filter (model, outcome, time), oldest first, no limit. */
  public static EntryQuery decisions(Instant since, Instant until, String model, String outcome) {
    return new EntryQuery(Set.of("decision"), since, until, model, outcome, -1, false, Integer.MAX_VALUE);
  }

  /** True when the query selects everything. */
  public boolean isAll() {
    return types.isEmpty() && since == null && until == null && model == null && outcome == null && after < 0;
  }

  /** Whether an entry with these columns is selected (ignoring the cursor and the limit). */
  public boolean matches(EntryIndex c) {
    if (!types.isEmpty() && !types.contains(c.type())) {
      return false;
    }
    if ((model != null || outcome != null) && !"decision".equals(c.type())) {
      return false;
    }
    if (model != null && !model.equals(c.model())) {
      return false;
    }
    if (outcome != null && !outcome.equals(c.outcome())) {
      return false;
    }
    Instant t = Instant.parse(c.timestamp());
    return (since == null || !t.isBefore(since)) && (until == null || !t.isAfter(until));
  }
}
