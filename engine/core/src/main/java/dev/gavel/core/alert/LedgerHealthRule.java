package dev.gavel.core.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The periodic ledger check ({@link AlertRules.LedgerHealth}): a failed verification
 * ({@code ledger-verification}, keyed by the failure so a lasting one alerts once per cooldown),
 * and an entry that has waited longer than {@code max-checkpoint-age} for a signed checkpoint
 * ({@code checkpoint-stale}). An idle ledger whose every entry is covered is not stale.
 */
final class LedgerHealthRule implements Rule {
  private final AlertRules.LedgerHealth t;

  LedgerHealthRule(AlertRules.LedgerHealth t) {
    this.t = t;
  }

  @Override
  public List<Finding> on(Observation o, Instant now) {
    if (!(o instanceof Observation.LedgerChecked c)) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    if (c.failure() != null) {
      ObjectNode data = Json.MAPPER.createObjectNode();
      data.put("index", c.failure().index());
      data.put("code", c.failure().code());
      data.put("message", c.failure().message());
      data.put("size", c.size());
      out.add(new Finding("ledger-verification", c.failure().code() + "@" + c.failure().index(),
          "ledger/" + c.failure().index(), data, t.cooldown()));
    }
    if (c.oldestUncovered() != null) {
      Duration waited = Duration.between(c.oldestUncovered(), now);
      if (waited.compareTo(t.maxCheckpointAge()) > 0) {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("size", c.size());
        data.put("checkpointSize", c.checkpointSize());
        data.put("oldestUncovered", Alert.time(c.oldestUncovered()));
        data.put("waited", waited.toString());
        data.putObject("thresholds").put("maxCheckpointAge", t.maxCheckpointAge().toString());
        out.add(new Finding("checkpoint-stale", "checkpoint", "ledger/" + c.checkpointSize(), data, t.cooldown()));
      }
    }
    return out;
  }
}
