package dev.gavel.core.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Repeated denials of one model version followed by an allow with changed evidence ({@link
 * AlertRules.AllowAfterDenials}): the shape of someone adjusting evidence until the gate gives
 * way. An allow ends the sequence for that version, whether it alerted or not.
 */
final class AllowAfterDenialsRule implements Rule {
  private record Denial(String decisionId, String evidence) {}

  private final AlertRules.AllowAfterDenials t;
  private final KeyedWindows<Denial> denials;

  AllowAfterDenialsRule(AlertRules.AllowAfterDenials t) {
    this.t = t;
    this.denials = new KeyedWindows<>(t.window(), 10_000, Math.max(1_000, t.denials()));
  }

  @Override
  public List<Finding> on(Observation o, Instant now) {
    if (!(o instanceof Observation.Decided d)) {
      return List.of();
    }
    String key = d.model() + "@" + d.version();
    if (!d.allow()) {
      denials.add(key, now, new Denial(d.decisionId(), d.evidenceDigest()));
      return List.of();
    }
    List<Denial> recent = new ArrayList<>();
    denials.recent(key, now).forEach(e -> recent.add(e.value()));
    denials.clear(key);
    if (recent.size() < t.denials() || recent.get(recent.size() - 1).evidence().equals(d.evidenceDigest())) {
      return List.of();
    }
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.put("model", d.model());
    data.put("version", d.version());
    data.put("requester", d.requester());
    data.put("window", t.window().toString());
    data.put("denials", recent.size());
    ArrayNode ids = data.putArray("deniedDecisions");
    Set<String> evidence = new LinkedHashSet<>();
    for (Denial x : recent) {
      ids.add(x.decisionId());
      evidence.add(x.evidence());
    }
    ArrayNode ev = data.putArray("deniedEvidence");
    evidence.forEach(ev::add);
    data.put("allowedDecision", d.decisionId());
    data.put("allowedEvidence", d.evidenceDigest());
    data.putObject("thresholds").put("denials", t.denials());
    return List.of(new Finding("allow-after-denials", key, key, data, t.cooldown()));
  }
}
