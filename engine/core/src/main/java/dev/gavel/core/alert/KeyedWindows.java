package dev.gavel.core.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Recent events per key, kept only as long as a rule looks back ({@code horizon}) and bounded in
 * memory: at most {@code maxKeys} keys (the least recently seen is forgotten first) and
 * {@code maxPerKey} events per key (the oldest are dropped), so a flood of distinct tokens or
 * addresses cannot exhaust the heap. Not thread-safe: the detector serialises access.
 *
 * @param <E> what is kept of an event
 */
final class KeyedWindows<E> {
  record Event<E>(Instant at, E value) {}

  private final Duration horizon;
  private final int maxPerKey;
  private final Map<String, ArrayDeque<Event<E>>> byKey;

  KeyedWindows(Duration horizon, int maxKeys, int maxPerKey) {
    this.horizon = horizon;
    this.maxPerKey = maxPerKey;
    this.byKey = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Event<E>>> eldest) {
        return size() > maxKeys;
      }
    };
  }

  /** Adds an event for {@code key} at {@code now}, forgetting what is older than the horizon. */
  void add(String key, Instant now, E value) {
    ArrayDeque<Event<E>> q = byKey.computeIfAbsent(key, k -> new ArrayDeque<>());
    prune(q, now);
    q.addLast(new Event<>(now, value));
    while (q.size() > maxPerKey) {
      q.removeFirst();
    }
  }

  /** The events of {@code key} recorded after {@code from} and at or before {@code to} that match. */
  int count(String key, Instant from, Instant to, Predicate<E> match) {
    ArrayDeque<Event<E>> q = byKey.get(key);
    if (q == null) {
      return 0;
    }
    int n = 0;
    for (Event<E> e : q) {
      if (e.at().isAfter(from) && !e.at().isAfter(to) && match.test(e.value())) {
        n++;
      }
    }
    return n;
  }

  /** The events of {@code key} still within the horizon of {@code now}, oldest first. */
  Iterable<Event<E>> recent(String key, Instant now) {
    ArrayDeque<Event<E>> q = byKey.get(key);
    if (q == null) {
      return java.util.List.of();
    }
    prune(q, now);
    return q;
  }

  void clear(String key) {
    byKey.remove(key);
  }

  private void prune(ArrayDeque<Event<E>> q, Instant now) {
    Instant oldest = now.minus(horizon);
    Iterator<Event<E>> it = q.iterator();
    while (it.hasNext() && !it.next().at().isAfter(oldest)) {
      it.remove();
    }
  }
}
