package dev.gavel.core.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An approval by a board member an activation added to the board less than {@code within} before
 * ({@link AlertRules.NewBoardMember}): a new member approving at once is how a board is packed.
 * Members of the board the server started with count as long-standing (when they joined is not
 * known to it); a member removed and added again counts from the new addition.
 */
final class NewBoardMemberRule implements Rule {
  private record Joined(Instant at, String revision) {}

  private final AlertRules.NewBoardMember t;
  private final Map<String, Joined> joined = new HashMap<>();
  private java.util.Set<String> board;

  NewBoardMemberRule(AlertRules.NewBoardMember t) {
    this.t = t;
  }

  @Override
  public List<Finding> on(Observation o, Instant now) {
    if (o instanceof Observation.Board b) {
      if (board != null && !b.initial()) {
        for (String m : b.members()) {
          if (!board.contains(m)) {
            joined.put(m, new Joined(now, b.revision()));
          }
        }
      }
      joined.keySet().retainAll(b.members());
      board = b.members();
      return List.of();
    }
    if (!(o instanceof Observation.Approved a)) {
      return List.of();
    }
    Joined j = joined.get(a.approver());
    if (j == null) {
      return List.of();
    }
    Duration since = Duration.between(j.at(), now);
    if (since.compareTo(t.within()) >= 0) {
      joined.remove(a.approver());
      return List.of();
    }
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.put("approver", a.approver());
    data.put("commit", a.commit());
    data.put("decision", a.decision());
    data.put("joinedAt", Alert.time(j.at()));
    data.put("joinedWith", j.revision());
    data.put("sinceJoined", since.toString());
    data.putObject("thresholds").put("within", t.within().toString());
    String key = a.approver() + "@" + a.commit();
    return List.of(new Finding("new-board-member", key, a.approver(), data, Duration.ofMillis(1)));
  }
}
