package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.alert.AlertRules;
import dev.gavel.runtime.ConfigurationException;
import dev.gavel.runtime.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code serve.alerts} mapping of gavel.yaml into an {@link AlertConfig}. A rule runs
 * when its key is present ({@code deny-spike: {}} takes every default); every problem names its
 * key ({@code gavel.yaml serve.alerts.deny-spike.min-rate}) and what was expected.
 */
final class AlertSettings {
  static final Set<String> KEYS = Set.of("webhooks", "source", "retries", "backoff", "max-backoff", "timeout", "queue",
      "dead-letter", "deny-spike", "allow-after-denials", "change-window", "new-board-member", "token-burst", "auth-failures",
      "ledger");
  private static final Map<String, Set<String>> RULE_KEYS = Map.of(
      "deny-spike", Set.of("window", "baseline", "min-decisions", "min-rate", "factor", "cooldown"),
      "allow-after-denials", Set.of("window", "denials", "cooldown"),
      "change-window", Set.of("zone", "days", "from", "to", "environments"),
      "new-board-member", Set.of("within"),
      "token-burst", Set.of("window", "requests", "cooldown"),
      "auth-failures", Set.of("window", "failures", "cooldown"),
      "ledger", Set.of("interval", "verify", "max-checkpoint-age", "cooldown"));
  private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY, "wed",
      DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY, "sun", DayOfWeek.SUNDAY);

  private final Path home;

  private AlertSettings(Path home) {
    this.home = home;
  }

  static AlertConfig parse(Path home, JsonNode a) throws ConfigurationException {
    if (a == null || a.isNull()) {
      return AlertConfig.off(home);
    }
    return new AlertSettings(home).read(a);
  }

  private AlertConfig read(JsonNode a) throws ConfigurationException {
    mapping(a, "", KEYS);
    AlertRules rules;
    try {
      rules = new AlertRules(denySpike(a.get("deny-spike")), allowAfterDenials(a.get("allow-after-denials")),
          changeWindow(a.get("change-window")), newBoardMember(a.get("new-board-member")),
          count("token-burst", "requests", a.get("token-burst"), Duration.ofMinutes(1), 600),
          count("auth-failures", "failures", a.get("auth-failures"), Duration.ofMinutes(5), 20), ledger(a.get("ledger")));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("gavel serve: gavel.yaml serve.alerts." + e.getMessage(), e);
    }
    List<URI> hooks = new ArrayList<>();
    JsonNode w = a.get("webhooks");
    if (w != null && !w.isNull()) {
      if (!w.isArray()) {
        throw bad("webhooks", "a list of {url: http(s) URL}", w);
      }
      int i = 0;
      for (JsonNode h : w) {
        String where = "webhooks[" + i++ + "]";
        mapping(h, where + ".", Set.of("url"));
        if (!h.path("url").isTextual()) {
          throw bad(where + ".url", "an http(s) URL", h.path("url"));
        }
        try {
          hooks.add(new URI(h.get("url").asText()));
        } catch (URISyntaxException e) {
          throw bad(where + ".url", "an http(s) URL", h.get("url"));
        }
      }
    }
    AlertConfig off = AlertConfig.off(home);
    try {
      return new AlertConfig(rules, hooks, text(a, "source", off.source()), integer(a, "", "retries", off.retries()),
          duration(a, "", "backoff", off.backoff()), duration(a, "", "max-backoff", off.maxBackoff()),
          duration(a, "", "timeout", off.timeout()), integer(a, "", "queue", off.queue()),
          a.has("dead-letter") ? home.resolve(text(a, "dead-letter", null)) : off.deadLetter());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("gavel serve: gavel.yaml serve." + e.getMessage(), e);
    }
  }

  private AlertRules.DenySpike denySpike(JsonNode r) throws ConfigurationException {
    if (!on("deny-spike", r)) {
      return null;
    }
    String p = "deny-spike.";
    Duration window = duration(r, p, "window", Duration.ofMinutes(10));
    return new AlertRules.DenySpike(window, duration(r, p, "baseline", Duration.ofHours(24)), integer(r, p, "min-decisions", 10),
        number(r, p, "min-rate", 0.5), number(r, p, "factor", 3), duration(r, p, "cooldown", window));
  }

  private AlertRules.AllowAfterDenials allowAfterDenials(JsonNode r) throws ConfigurationException {
    if (!on("allow-after-denials", r)) {
      return null;
    }
    String p = "allow-after-denials.";
    Duration window = duration(r, p, "window", Duration.ofHours(1));
    return new AlertRules.AllowAfterDenials(window, integer(r, p, "denials", 3), duration(r, p, "cooldown", window));
  }

  private AlertRules.ChangeWindow changeWindow(JsonNode r) throws ConfigurationException {
    if (!on("change-window", r)) {
      return null;
    }
    String p = "change-window.";
    ZoneId zone;
    try {
      zone = ZoneId.of(text(r, "zone", "UTC"));
    } catch (DateTimeException e) {
      throw bad(p + "zone", "a time zone such as UTC or Europe/Berlin", r.get("zone"));
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String d : list(r, p, "days", List.of("mon", "tue", "wed", "thu", "fri"))) {
      DayOfWeek day = DAYS.get(d.toLowerCase());
      if (day == null) {
        throw bad(p + "days", "a list of mon, tue, wed, thu, fri, sat, sun", r.get("days"));
      }
      days.add(day);
    }
    return new AlertRules.ChangeWindow(zone, days, time(r, p, "from", "09:00"), time(r, p, "to", "17:00"),
        new LinkedHashSet<>(list(r, p, "environments", List.of("production"))));
  }

  private AlertRules.NewBoardMember newBoardMember(JsonNode r) throws ConfigurationException {
    return on("new-board-member", r) ? new AlertRules.NewBoardMember(duration(r, "new-board-member.", "within",
        Duration.ofHours(168))) : null;
  }

  private AlertRules.Count count(String name, String countKey, JsonNode r, Duration window, int dflt) throws ConfigurationException {
    if (!on(name, r)) {
      return null;
    }
    Duration w = duration(r, name + ".", "window", window);
    return new AlertRules.Count(name, w, integer(r, name + ".", countKey, dflt), duration(r, name + ".", "cooldown", w));
  }

  private AlertRules.LedgerHealth ledger(JsonNode r) throws ConfigurationException {
    if (!on("ledger", r)) {
      return null;
    }
    JsonNode v = r.get("verify");
    if (v != null && !v.isBoolean()) {
      throw bad("ledger.verify", "true or false", v);
    }
    return new AlertRules.LedgerHealth(duration(r, "ledger.", "interval", Duration.ofMinutes(5)), v == null || v.asBoolean(),
        duration(r, "ledger.", "max-checkpoint-age", Duration.ofMinutes(10)), duration(r, "ledger.", "cooldown", Duration.ofHours(1)));
  }

  private boolean on(String rule, JsonNode r) throws ConfigurationException {
    if (r == null) {
      return false;
    }
    if (r.isNull() || r.isBoolean()) {
      return r.isNull() || r.asBoolean(); // "deny-spike:" or "deny-spike: true": every default; false: off
    }
    mapping(r, rule + ".", RULE_KEYS.get(rule));
    return true;
  }

  private void mapping(JsonNode n, String prefix, Set<String> known) throws ConfigurationException {
    if (!n.isObject()) {
      throw bad(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), "a mapping", n);
    }
    var it = n.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new ConfigurationException("gavel.yaml: unknown key serve.alerts." + prefix + k + " (known: "
            + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  private static String text(JsonNode n, String key, String dflt) throws ConfigurationException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw bad(key, "a string", v);
    }
    return v.asText();
  }

  private static List<String> list(JsonNode n, String prefix, String key, List<String> dflt) throws ConfigurationException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isArray()) {
      throw bad(prefix + key, "a list of strings", v);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw bad(prefix + key, "a list of strings", v);
      }
      out.add(e.asText());
    }
    return out;
  }

  private static LocalTime time(JsonNode n, String prefix, String key, String dflt) throws ConfigurationException {
    String t = text(n, key, dflt);
    try {
      return LocalTime.parse(t);
    } catch (DateTimeException e) {
      throw bad(prefix + key, "a local time HH:MM such as 09:00", n.get(key));
    }
  }

  private static int integer(JsonNode n, String prefix, String key, int dflt) throws ConfigurationException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > Integer.MAX_VALUE) {
      throw bad(prefix + key, "a whole number", v);
    }
    return v.asInt();
  }

  private static double number(JsonNode n, String prefix, String key, double dflt) throws ConfigurationException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber()) {
      throw bad(prefix + key, "a number", v);
    }
    return v.asDouble();
  }

  private static Duration duration(JsonNode n, String prefix, String key, Duration dflt) throws ConfigurationException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    try {
      return Durations.parse(v.asText());
    } catch (IllegalArgumentException e) {
      throw bad(prefix + key, "a duration such as 250ms, 10s, 5m or 24h", v);
    }
  }

  private static ConfigurationException bad(String key, String expected, JsonNode got) {
    return new ConfigurationException("gavel serve: gavel.yaml serve.alerts" + (key.isEmpty() ? "" : "." + key) + " must be "
        + expected + " but got " + got);
  }
}
