package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.evidence.TrustDataException;
import dev.gavel.core.evidence.TrustRoots;
import dev.gavel.core.governance.Governance;
import dev.gavel.core.governance.PolicyApproval;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.core.port.PolicyTester;
import dev.gavel.core.port.RevisionInfo;
import dev.gavel.core.port.TimeSource;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/policy/pending?limit=}: the revisions waiting for approval, what a board looks at
 * before it signs: the commits of the tracked ref newer than the active revision (newest first, at
 * most {@code limit}), each with whether it compiles, its own tests' results, the approvals
 * recorded for it so far (each checked against the active board now, as an activation would), how
 * many are required and whether the approval gate would pass. Reads only; records nothing. Test
 * results are cached per commit (a commit's tree never changes); the approval checks are not (they
 * depend on the ledger and the time).
 */
final class PendingRevisions {
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 50;
  private static final int CACHED = 64;
  private final ServerParts parts;
  private final LedgerStore ledger;
  private final PolicyEvaluator evaluator;
  private final TimeSource clock;
  private final BlockingPool pool;
  private final Map<String, ObjectNode> checked = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> e) {
      return size() > CACHED;
    }
  };

  PendingRevisions(ServerParts parts, LedgerStore ledger, BlockingPool pool) {
    this.parts = parts;
    this.ledger = ledger;
    this.evaluator = parts.evaluator();
    this.clock = parts.clock();
    this.pool = pool;
  }

  void handle(RoutingContext ctx) {
    int limit;
    try {
      LedgerRoutes.only(ctx, Set.of("limit"));
      limit = LedgerRoutes.count(ctx, "limit", DEFAULT_LIMIT, MAX_LIMIT);
    } catch (Failure.Refusal r) {
      Replies.problem(ctx, r.problem);
      return;
    }
    Replies.async(ctx, pool, () -> pending(limit), (c, o) -> Replies.json(c, 200, o));
  }

  ObjectNode pending(int limit) throws Exception {
    ServerParts.Repository repo = parts.repository().orElseThrow(() -> Failure.refuse(409, "not-governed",
        "Policy not governed", "this server's policy is " + parts.policies().description() + ", not a Git repository: "
            + "nothing is pending"));
    Optional<Governance.Recorded> active = Governance.active(ledger);
    String activeRev = active.map(a -> a.activation().revision()).orElse(null);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (activeRev == null) {
      o.putNull("active");
    } else {
      o.put("active", activeRev);
    }
    TrustRoots board = null;
    String boardProblem = null;
    int required = 0;
    if (active.isEmpty() || active.get().activation().snapshot() == null) {
      boardProblem = "no governed revision is active yet: the first activation is a bootstrap (no approvals counted)";
    } else {
      PolicySnapshot current = active.get().activation().snapshot();
      required = Governance.required(current);
      try {
        board = TrustRoots.fromPolicyData(current.data());
      } catch (TrustDataException e) {
        boardProblem = "the active revision's board cannot be read: " + e.getMessage();
      }
    }
    o.put("required", required);
    ArrayNode revisions = o.putArray("revisions");
    Governance governance = new Governance(repo.source(), ledger, evaluator, repo.tester(), clock);
    boolean reachedActive = false;
    for (RevisionInfo info : repo.source().history(limit + 1)) {
      if (info.commit().equals(activeRev)) {
        reachedActive = true;
        break;
      }
      if (revisions.size() == limit) {
        break;
      }
      ObjectNode r = revisions.addObject();
      r.set("commit", info.toJson());
      r.setAll(checks(repo, info.commit()));
      approvals(r, governance.recordedApprovals(info.commit()), info, board, boardProblem, required);
    }
    o.put("complete", reachedActive || revisions.size() < limit);
    return o;
  }

  /** compiles and tests of a commit, computed once. */
  private ObjectNode checks(ServerParts.Repository repo, String commit) {
    synchronized (checked) {
      ObjectNode c = checked.get(commit);
      if (c != null) {
        return c.deepCopy();
      }
    }
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    ObjectNode compiles = c.putObject("compiles");
    PolicySnapshot snapshot;
    try {
      snapshot = repo.source().snapshot(commit);
      evaluator.prepare(snapshot);
      TrustRoots.fromPolicyData(snapshot.data());
      compiles.put("passed", true).put("detail", snapshot.modules().size() + " modules compile and the trust data loads");
    } catch (PolicySourceException | PolicyEvaluationException | TrustDataException e) {
      compiles.put("passed", false).put("detail", e.getMessage());
      c.putNull("tests");
      remember(commit, c);
      return c.deepCopy();
    }
    ObjectNode t = c.putObject("tests");
    try {
      PolicyTester.Summary s = repo.tester().test(snapshot);
      t.put("passed", s.passed()).put("failed", s.failed()).put("errors", s.errors()).put("skipped", s.skipped())
          .put("allPassed", s.allPassed()).put("summary", s.toString());
      ArrayNode f = t.putArray("failures");
      s.failures().forEach(f::add);
    } catch (PolicyEvaluationException e) {
      t.put("allPassed", false).put("summary", e.getMessage());
    }
    remember(commit, c);
    return c.deepCopy();
  }

  private void remember(String commit, ObjectNode c) {
    synchronized (checked) {
      checked.put(commit, c);
    }
  }

  private void approvals(ObjectNode r, List<JsonNode> envelopes, RevisionInfo info, TrustRoots board, String boardProblem,
      int required) {
    ArrayNode a = r.putArray("approvals");
    Set<String> approvers = new java.util.TreeSet<>();
    Set<String> rejecters = new java.util.TreeSet<>();
    for (JsonNode env : envelopes) {
      if (board == null) {
        a.addObject().put("valid", false).put("detail", boardProblem);
        continue;
      }
      PolicyApproval.Check c = PolicyApproval.check(env, info.commit(), board, info.author().email(), clock.now());
      ObjectNode x = c.toJson();
      x.remove("envelope");
      a.add(x);
      if (c.valid()) {
        (c.approval().decision().equals("reject") ? rejecters : approvers).add(c.approval().approver());
      }
    }
    ObjectNode gate = r.putObject("approvalGate");
    gate.put("valid", approvers.size());
    gate.put("required", required);
    ArrayNode by = gate.putArray("approvedBy");
    approvers.forEach(by::add);
    ArrayNode rej = gate.putArray("rejectedBy");
    rejecters.forEach(rej::add);
    gate.put("passes", board != null && approvers.size() >= required && rejecters.isEmpty());
    gate.put("detail", board == null ? boardProblem : !rejecters.isEmpty() ? "rejected by " + String.join(", ", rejecters)
        : approvers.size() + " of " + required + " required valid approvals by distinct members of the active board");
  }
}
