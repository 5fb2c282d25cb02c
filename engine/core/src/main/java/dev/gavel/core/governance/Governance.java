package dev.gavel.core.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.evidence.TrustDataException;
import dev.gavel.core.evidence.TrustRoots;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.core.port.PolicyTester;
import dev.gavel.core.port.RevisionInfo;
import dev.gavel.core.port.TimeSource;
import dev.gavel.core.port.VersionedPolicySource;
import dev.gavel.json.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Policy governance (DESIGN 3.5): a revision of the policy repository becomes active only when
 * every gate passes (it resolves on the tracked ref; it compiles and its trust data loads; its
 * tests pass; enough valid approvals by board members of the currently active revision, none by
 * its author, and no valid rejection). The first activation of a ledger is an explicit bootstrap
 * (no approvals counted). Every activation and every refusal is a ledger entry; the previous
 * revision keeps deciding until a new one passes. Approvals are recorded as {@code policy-approval}
 * entries or handed to an activation as files.
 */
public final class Governance {
  /** When the active revision's data does not say, two approvals are required (four eyes). */
  public static final int DEFAULT_REQUIRED = 2;

  private final VersionedPolicySource repo;
  private final LedgerStore ledger;
  private final PolicyEvaluator evaluator;
  private final PolicyTester tester;
  private final TimeSource clock;

  public Governance(VersionedPolicySource repo, LedgerStore ledger, PolicyEvaluator evaluator, PolicyTester tester,
      TimeSource clock) {
    this.repo = Objects.requireNonNull(repo, "repo");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.tester = Objects.requireNonNull(tester, "tester");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** An activation or refusal as the ledger holds it. */
  public record Recorded(long index, String timestamp, PolicyActivation activation) {}

  /** The revision that decides now: the newest activation in the ledger (governed or not). */
  public static Optional<Recorded> active(LedgerReader ledger) throws LedgerException {
    return newest(ledger, true, 1).stream().findFirst();
  }

  /** Activations and refusals, newest first. */
  public static List<Recorded> log(LedgerReader ledger, int limit) throws LedgerException {
    return newest(ledger, false, limit);
  }

  private static List<Recorded> newest(LedgerReader ledger, boolean activatedOnly, int limit) throws LedgerException {
    List<Recorded> out = new ArrayList<>();
    List<LedgerException> damaged = new ArrayList<>();
    ledger.query(new EntryQuery(Set.of("policy-activation"), null, null, null, null, -1, true, Integer.MAX_VALUE), row -> {
      if (out.size() >= limit || !damaged.isEmpty()) {
        return;
      }
      try {
        JsonNode entry = Json.read(row.canonical());
        PolicyActivation a = PolicyActivation.fromPayload(entry.path("payload"));
        if (!activatedOnly || a.activated()) {
          out.add(new Recorded(row.index(), entry.path("timestamp").asText(), a));
        }
      } catch (Json.ParseException | IllegalArgumentException e) {
        damaged.add(new LedgerException(LedgerException.Kind.DAMAGED, "policy-activation entry " + row.index()
            + " cannot be read: " + e.getMessage() + "; run `gavel ledger verify`", e));
      }
    });
    if (!damaged.isEmpty()) {
      throw damaged.get(0);
    }
    return out;
  }

  /** What an activation attempt did: recorded at {@code index}, with every gate. */
  public record Result(Recorded recorded) {
    public boolean activated() {
      return recorded.activation().outcome() == PolicyActivation.Outcome.ACTIVATED;
    }
  }

  /**
   * Tries to activate {@code revision} (null: the tracked ref's head). Records the activation or
   * the refusal, whatever the outcome. Throws only when nothing can be recorded (the ledger fails).
   *
   * @param approvalFiles approval envelopes handed over directly, in addition to those in the ledger
   * @param requestedBy who asks (recorded with the outcome), or null when unknown
   */
  public Result activate(String revision, boolean bootstrap, List<JsonNode> approvalFiles, String requestedBy)
      throws LedgerException {
    Objects.requireNonNull(approvalFiles, "approvalFiles");
    Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
    Optional<Recorded> current = active(ledger);
    List<PolicyActivation.Gate> gates = new ArrayList<>();
    String requested = revision == null ? "the head of " + repo.description() : revision;
    String commitId = requested;
    PolicySnapshot snapshot = null;
    RevisionInfo info = null;
    try {
      commitId = revision == null ? repo.head() : repo.info(revision).commit();
      info = repo.info(commitId);
      snapshot = repo.snapshot(commitId);
      gates.add(new PolicyActivation.Gate("resolves", true, "commit " + commitId + " of " + repo.description()
          + repo.unreachable().map(u -> " (remote unreachable, last fetched state: " + u + ")").orElse("")));
    } catch (PolicySourceException e) {
      gates.add(new PolicyActivation.Gate("resolves", false, e.getMessage()));
      return record(refusal(commitId, bootstrap, current, info, null, List.of(), 0, gates, requestedBy), now);
    }
    if (current.isPresent() && current.get().activation().revision().equals(commitId)) {
      gates.add(new PolicyActivation.Gate("new", false, "commit " + commitId + " is already the active revision"));
      return record(refusal(commitId, bootstrap, current, info, null, List.of(), 0, gates, requestedBy), now);
    }
    boolean compiles = compiles(snapshot, gates);
    PolicyTester.Summary tests = null;
    if (compiles) {
      try {
        tests = tester.test(snapshot);
        gates.add(new PolicyActivation.Gate("tests", tests.allPassed(), tests.toString()
            + (tests.failures().isEmpty() ? "" : ": " + String.join("; ", tests.failures()))));
      } catch (PolicyEvaluationException e) {
        gates.add(new PolicyActivation.Gate("tests", false, e.getMessage()));
      }
    }
    List<JsonNode> checks = new ArrayList<>();
    int required = 0;
    if (bootstrap) {
      boolean governedBefore = current.isPresent() && current.get().activation().outcome() != PolicyActivation.Outcome.IMPLICIT;
      gates.add(new PolicyActivation.Gate("bootstrap", !governedBefore, governedBefore
          ? "this ledger already has a governed active revision (" + current.get().activation().revision()
              + "): a bootstrap is only for the first activation"
          : "first activation of this ledger: no approvals counted"));
    } else if (current.isEmpty() || current.get().activation().outcome() == PolicyActivation.Outcome.IMPLICIT) {
      gates.add(new PolicyActivation.Gate("approvals", false, "no governed revision is active yet: the first activation "
          + "is an explicit bootstrap (`gavel policy activate --bootstrap`)"));
    } else {
      PolicySnapshot active = current.get().activation().snapshot();
      required = required(active);
      approvals(commitId, info, active, approvalFiles, now, required, checks, gates);
    }
    boolean ok = gates.stream().allMatch(PolicyActivation.Gate::passed);
    PolicyActivation a = ok
        ? new PolicyActivation(commitId, snapshot.source(), PolicyActivation.Outcome.ACTIVATED, snapshot, bootstrap,
            current.map(c -> c.activation().revision()).orElse(null), info, tests, checks, required, gates, requestedBy)
        : refusal(commitId, bootstrap, current, info, tests, checks, required, gates, requestedBy);
    return record(a, now);
  }

  private boolean compiles(PolicySnapshot snapshot, List<PolicyActivation.Gate> gates) {
    try {
      evaluator.prepare(snapshot);
      TrustRoots.fromPolicyData(snapshot.data());
      gates.add(new PolicyActivation.Gate("compiles", true, snapshot.modules().size() + " modules compile and the trust data loads"));
      return true;
    } catch (PolicyEvaluationException e) {
      gates.add(new PolicyActivation.Gate("compiles", false, e.getMessage()));
    } catch (TrustDataException e) {
      gates.add(new PolicyActivation.Gate("compiles", false, "trust data: " + e.getMessage()));
    }
    return false;
  }

  /** {@code data.gavel.governance.policyApprovals.required} of a revision (the active one decides the bar). */
  public static int required(PolicySnapshot active) {
    JsonNode r = active.data().at("/gavel/governance/policyApprovals/required");
    return r.canConvertToInt() && r.isIntegralNumber() && r.asInt() >= 0 ? r.asInt() : DEFAULT_REQUIRED;
  }

  private void approvals(String commit, RevisionInfo info, PolicySnapshot active, List<JsonNode> files, Instant now,
      int required, List<JsonNode> checks, List<PolicyActivation.Gate> gates) throws LedgerException {
    TrustRoots board;
    try {
      board = TrustRoots.fromPolicyData(active.data());
    } catch (TrustDataException e) {
      gates.add(new PolicyActivation.Gate("approvals", false, "the active revision's board cannot be read: " + e.getMessage()));
      return;
    }
    List<JsonNode> envelopes = new ArrayList<>(recordedApprovals(commit));
    envelopes.addAll(files);
    Map<String, PolicyApproval.Check> byApprover = new LinkedHashMap<>();
    List<String> rejections = new ArrayList<>();
    for (JsonNode env : envelopes) {
      PolicyApproval.Check c = PolicyApproval.check(env, commit, board, info.author().email(), now);
      checks.add(c.toJson());
      if (c.valid() && c.approval().decision().equals("reject")) {
        rejections.add(c.approval().approver());
      } else if (c.valid()) {
        byApprover.putIfAbsent(c.approval().approver(), c);
      }
    }
    int valid = byApprover.size();
    String who = byApprover.isEmpty() ? "" : " (" + String.join(", ", byApprover.keySet()) + ")";
    gates.add(new PolicyActivation.Gate("approvals", valid >= required && rejections.isEmpty(), rejections.isEmpty()
        ? valid + " of " + required + " required valid approvals by distinct members of the active board" + who
        : "rejected by " + String.join(", ", rejections)));
  }

  /** The approval envelopes recorded in the ledger for a commit. */
  public List<JsonNode> recordedApprovals(String commit) throws LedgerException {
    List<JsonNode> out = new ArrayList<>();
    ledger.query(new EntryQuery(Set.of("policy-approval"), null, null, null, null, -1, false, Integer.MAX_VALUE), row -> {
      if (commit.equals(row.columns().key())) {
        try {
          out.add(Json.read(row.canonical()).at("/payload/envelope"));
        } catch (Json.ParseException e) {
          // an unreadable entry is the audit's to report; it approves nothing
        }
      }
    });
    return out;
  }

  private static PolicyActivation refusal(String commit, boolean bootstrap, Optional<Recorded> current, RevisionInfo info,
      PolicyTester.Summary tests, List<JsonNode> checks, int required, List<PolicyActivation.Gate> gates, String requestedBy) {
    return new PolicyActivation(commit, "", PolicyActivation.Outcome.REFUSED, null, bootstrap,
        current.map(c -> c.activation().revision()).orElse(null), info, tests, checks, required, gates, requestedBy);
  }

  /** Records the refusal of a revision whose repository cannot be read at all. */
  public static Recorded refuseUnreadable(LedgerStore ledger, TimeSource clock, String requested, boolean bootstrap, String why,
      String requestedBy) throws LedgerException {
    Optional<Recorded> current = active(ledger);
    PolicyActivation a = refusal(requested, bootstrap, current, null, null, List.of(), 0,
        List.of(new PolicyActivation.Gate("resolves", false, why)), requestedBy);
    String ts = DateTimeFormatter.ISO_INSTANT.format(clock.now().truncatedTo(ChronoUnit.MILLIS));
    LedgerReceipt r = ledger.append("policy-activation", ts, a.toPayload());
    return new Recorded(r.index(), ts, a);
  }

  private Result record(PolicyActivation a, Instant now) throws LedgerException {
    String ts = DateTimeFormatter.ISO_INSTANT.format(now);
    LedgerReceipt r = ledger.append("policy-activation", ts, a.toPayload());
    return new Result(new Recorded(r.index(), ts, a));
  }

  /**
   * Records a board member's approval in the ledger ({@code policy-approval}), after checking it
   * against the active board: an approval that could never count is refused here (exit 2), not
   * recorded.
   *
   * @param submittedBy who handed it in (recorded beside the signed approval), or null when unknown
   */
  public long submit(JsonNode envelope, String submittedBy) throws LedgerException, InvalidApprovalException {
    Objects.requireNonNull(envelope, "envelope");
    Optional<Recorded> current = active(ledger);
    if (current.isEmpty()) {
      throw new InvalidApprovalException("no revision is active yet: the first activation is a bootstrap and counts no approvals");
    }
    PolicyApproval a;
    try {
      a = PolicyApproval.fromEnvelope(envelope);
    } catch (IllegalArgumentException e) {
      throw new InvalidApprovalException("the approval cannot be read: " + e.getMessage());
    }
    TrustRoots board;
    try {
      board = TrustRoots.fromPolicyData(current.get().activation().snapshot().data());
    } catch (TrustDataException e) {
      throw new InvalidApprovalException("the active revision's board cannot be read: " + e.getMessage());
    }
    PolicyApproval.Check c = PolicyApproval.check(envelope, a.commit(), board, null, clock.now());
    if (!c.valid()) {
      throw new InvalidApprovalException("the approval of " + a.commit() + " by '" + a.approver() + "' is not valid: " + c.detail());
    }
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("commit", a.commit());
    p.put("approver", a.approver());
    p.put("decision", a.decision());
    p.put("at", a.at().toString());
    p.set("envelope", envelope);
    if (submittedBy != null) {
      p.put("submittedBy", submittedBy);
    }
    return ledger.append("policy-approval", DateTimeFormatter.ISO_INSTANT.format(clock.now().truncatedTo(ChronoUnit.MILLIS)), p)
        .index();
  }

  /** An approval that cannot be recorded; nothing was. */
  public static final class InvalidApprovalException extends Exception {
    public InvalidApprovalException(String message) {
      super(message);
    }
  }
}
