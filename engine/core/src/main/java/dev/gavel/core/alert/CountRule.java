package dev.gavel.core.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * At least {@code count} events for one key within {@code window} ({@link AlertRules.Count}): a
 * burst of requests from one token ({@code token-burst}), or authentication failures from one
 * address ({@code auth-failures}, with the failure reasons counted).
 */
final class CountRule implements Rule {
  private final AlertRules.Count t;
  private final boolean requests;
  private final KeyedWindows<String> events;

  CountRule(AlertRules.Count t) {
    this.t = t;
    this.requests = t.name().equals("token-burst");
    this.events = new KeyedWindows<>(t.window(), 10_000, t.count());
  }

  @Override
  public List<Finding> on(Observation o, Instant now) {
    String key;
    String what;
    if (requests && o instanceof Observation.Request r) {
      key = r.token();
      what = "request";
    } else if (!requests && o instanceof Observation.AuthFailed f) {
      key = f.remote();
      what = f.reason();
    } else {
      return List.of();
    }
    events.add(key, now, what);
    int n = events.count(key, now.minus(t.window()), now, x -> true);
    if (n < t.count()) {
      return List.of();
    }
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.put(requests ? "token" : "remote", key);
    data.put("window", t.window().toString());
    data.put(requests ? "requests" : "failures", n);
    if (!requests) {
      Map<String, Integer> reasons = new TreeMap<>();
      events.recent(key, now).forEach(e -> reasons.merge(e.value(), 1, Integer::sum));
      ObjectNode rs = data.putObject("reasons");
      reasons.forEach(rs::put);
    }
    data.putObject("thresholds").put(requests ? "requests" : "failures", t.count());
    return List.of(new Finding(t.name(), key, key, data, t.cooldown()));
  }
}
