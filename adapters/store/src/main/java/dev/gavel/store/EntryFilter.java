package dev.gavel.store;

import java.time.Instant;

/**
 * Which entries an auditor asks for: a time range (inclusive; null bounds are open), a model name
 * and an outcome ({@code allow} or {@code deny}). Model and outcome select decisions only.
 */
public record EntryFilter(Instant since, Instant until, String model, String outcome) {
  public static final EntryFilter ALL = new EntryFilter(null, null, null, null);

  public EntryFilter {
    if (outcome != null && !outcome.equals("allow") && !outcome.equals("deny")) {
      throw new IllegalArgumentException("outcome must be allow or deny but got " + outcome);
    }
    if (since != null && until != null && until.isBefore(since)) {
      throw new IllegalArgumentException("until " + until + " is before since " + since);
    }
  }

  public boolean isAll() {
    return since == null && until == null && model == null && outcome == null;
  }

  boolean inTime(String timestamp) {
    Instant t = Instant.parse(timestamp);
    return (since == null || !t.isBefore(since)) && (until == null || !t.isAfter(until));
  }
}
