package dev.gavel.core.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

/** An allowed release outside the configured change window ({@link AlertRules.ChangeWindow}); one alert per decision. */
final class ChangeWindowRule implements Rule {
  private final AlertRules.ChangeWindow w;

  ChangeWindowRule(AlertRules.ChangeWindow w) {
    this.w = w;
  }

  /** Whether {@code t} falls inside the window. */
  boolean inside(Instant t) {
    ZonedDateTime local = t.atZone(w.zone());
    var time = local.toLocalTime();
    return w.days().contains(local.getDayOfWeek()) && !time.isBefore(w.from()) && time.isBefore(w.to());
  }

  @Override
  public List<Finding> on(Observation o, Instant now) {
    if (!(o instanceof Observation.Decided d) || !d.allow()
        || (!w.environments().isEmpty() && (d.environment() == null || !w.environments().contains(d.environment())))) {
      return List.of();
    }
    if (inside(now)) {
      return List.of();
    }
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.put("decisionId", d.decisionId());
    data.put("model", d.model());
    data.put("version", d.version());
    data.put("requester", d.requester());
    if (d.environment() != null) {
      data.put("environment", d.environment());
    }
    data.put("localTime", now.atZone(w.zone()).toLocalDateTime().toString());
    ObjectNode win = data.putObject("window");
    win.put("zone", w.zone().getId());
    var days = win.putArray("days");
    w.days().stream().sorted().forEach(day -> days.add(day.name().substring(0, 3).toLowerCase()));
    win.put("from", w.from().toString());
    win.put("to", w.to().toString());
    // Each release is its own incident: the cooldown key is the decision.
    return List.of(new Finding("change-window", d.decisionId(), d.decisionId(), data, Duration.ofMillis(1)));
  }
}
