package dev.gavel.core.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A deny-rate spike per model and per requester against the key's own baseline ({@link
 * AlertRules.DenySpike}). Checked when a denial arrives: a spike is made of denials.
 */
final class DenySpikeRule implements Rule {
  /** Rates are ratios of small counts: 0.6 must reach 3 x 0.2 although the doubles differ in the last bit. */
  private static final double EPSILON = 1e-9;
  private final AlertRules.DenySpike t;
  private final KeyedWindows<Boolean> denied;

  DenySpikeRule(AlertRules.DenySpike t) {
    this.t = t;
    this.denied = new KeyedWindows<>(t.window().plus(t.baseline()), 10_000, 100_000);
  }

  @Override
  public List<Finding> on(Observation o, Instant now) {
    if (!(o instanceof Observation.Decided d)) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    for (String[] key : new String[][] {{"model", d.model()}, {"requester", d.requester()}}) {
      String k = key[0] + ":" + key[1];
      denied.add(k, now, !d.allow());
      if (d.allow()) {
        continue;
      }
      Instant windowStart = now.minus(t.window());
      Instant baseStart = windowStart.minus(t.baseline());
      int n = denied.count(k, windowStart, now, x -> true);
      int denials = denied.count(k, windowStart, now, x -> x);
      int baseN = denied.count(k, baseStart, windowStart, x -> true);
      int baseDenials = denied.count(k, baseStart, windowStart, x -> x);
      double rate = (double) denials / n;
      double baseRate = baseN == 0 ? 0 : (double) baseDenials / baseN;
      if (n >= t.minDecisions() && rate >= t.minRate() && rate + EPSILON >= t.factor() * baseRate) {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put(key[0], key[1]);
        data.put("window", t.window().toString());
        data.put("decisions", n);
        data.put("denials", denials);
        data.put("denyRate", round(rate));
        ObjectNode b = data.putObject("baseline");
        b.put("period", t.baseline().toString());
        b.put("decisions", baseN);
        b.put("denials", baseDenials);
        b.put("denyRate", round(baseRate));
        ObjectNode th = data.putObject("thresholds");
        th.put("minDecisions", t.minDecisions());
        th.put("minRate", t.minRate());
        th.put("factor", t.factor());
        data.put("lastDecision", d.decisionId());
        out.add(new Finding("deny-spike", k, k, data, t.cooldown()));
      }
    }
    return out;
  }

  private static double round(double r) {
    return Math.round(r * 10_000) / 10_000.0;
  }
}
