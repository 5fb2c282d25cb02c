package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.governance.Governance;
import dev.gavel.core.governance.ImpactAnalysis;
import dev.gavel.core.governance.ImpactReport;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySource;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.core.port.RevisionInfo;
import dev.gavel.core.port.TimeSource;
import dev.gavel.core.port.VersionedPolicySource;
import dev.gavel.http.auth.Principal;
import dev.gavel.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Policy governance over HTTP (DESIGN 3.5, 3.8), the same use cases as {@code gavel policy}:
 * {@code GET /v1/policy} (the active revision, the tracked ref's head, the activations and
 * refusals newest first), {@code POST /v1/policy/approvals} (a board member's signed approval,
 * checked against the active board and recorded), {@code POST /v1/policy/activate}
 * {@code {revision?, bootstrap?}} (every gate checked, the outcome recorded; 200 whether activated
 * or refused, as a decision is 200 whether allowed or denied) and
 * {@code GET /v1/policy/impact?revision=&since=&limit=}. The ones that need a policy repository
 * answer 409 on a server whose policy is a directory or a bundle. Activations are serialised: two
 * boards racing cannot both activate on the same predecessor.
 */
final class PolicyRoutes {
  static final int DEFAULT_HISTORY = 20;
  static final int MAX_HISTORY = 1000;
  static final int DEFAULT_IMPACT = 1000;
  static final int MAX_IMPACT = 10_000;
  private final PolicySource policies;
  private final Optional<ServerParts.Repository> repository;
  private final PolicyEvaluator evaluator;
  private final LedgerStore ledger;
  private final TimeSource clock;
  private final BlockingPool pool;
  private final Consumer<String> activated;
  private final Object activation = new Object();
  private final AlertPipeline alerts;

  PolicyRoutes(ServerParts parts, LedgerStore ledger, BlockingPool pool, Consumer<String> activated, AlertPipeline alerts) {
    this.alerts = alerts;
    this.policies = parts.policies();
    this.repository = parts.repository();
    this.evaluator = parts.evaluator();
    this.ledger = ledger;
    this.clock = parts.clock();
    this.pool = pool;
    this.activated = activated;
  }

  void status(RoutingContext ctx) {
    int limit;
    try {
      LedgerRoutes.only(ctx, Set.of("limit"));
      limit = LedgerRoutes.count(ctx, "limit", DEFAULT_HISTORY, MAX_HISTORY);
    } catch (Failure.Refusal r) {
      Replies.problem(ctx, r.problem);
      return;
    }
    Replies.async(ctx, pool, () -> {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("governed", policies.governed());
      o.put("source", policies.description());
      Optional<Governance.Recorded> active = Governance.active(ledger);
      if (active.isPresent()) {
        o.set("active", recorded(active.get()));
      } else {
        o.putNull("active");
      }
      if (repository.isPresent()) {
        VersionedPolicySource repo = repository.get().source();
        String head = repo.head();
        RevisionInfo info = repo.info(head);
        ObjectNode h = o.putObject("head");
        h.put("commit", head);
        h.set("info", info.toJson());
        h.put("active", active.isPresent() && active.get().activation().revision().equals(head));
        repo.unreachable().ifPresent(u -> h.put("unreachable", u));
      }
      ArrayNode history = o.putArray("history");
      for (Governance.Recorded r : Governance.log(ledger, limit)) {
        history.add(recorded(r));
      }
      return o;
    }, (c, o) -> Replies.json(c, 200, o));
  }

  void approve(RoutingContext ctx) {
    Principal board = ctx.get(Guard.PRINCIPAL);
    byte[] body = BodyReader.body(ctx).getBytes();
    Replies.async(ctx, pool, () -> {
      Governance governance = governance();
      JsonNode envelope = object(body, "a DSSE envelope {payloadType, payload, signatures} made by `gavel policy approve -o`");
      long index;
      try {
        index = governance.submit(envelope, requester(board));
      } catch (Governance.InvalidApprovalException e) {
        throw new Failure.Refusal(new Problem(422, "https://gavel.dev/problems/approval-invalid", "Approval not valid",
            e.getMessage() + "; nothing was recorded", List.of()));
      }
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("index", index);
      JsonNode payload = Json.read(ledger.entry(index).orElseThrow().canonical()).path("payload");
      o.put("commit", payload.path("commit").asText());
      o.put("approver", payload.path("approver").asText());
      o.put("decision", payload.path("decision").asText());
      alerts.approved(o.path("approver").asText(), o.path("commit").asText(), o.path("decision").asText());
      return o;
    }, (c, o) -> Replies.json(c, 201, o));
  }

  void activate(RoutingContext ctx) {
    Principal board = ctx.get(Guard.PRINCIPAL);
    byte[] body = BodyReader.body(ctx).getBytes();
    Replies.async(ctx, pool, () -> {
      Governance governance = governance();
      JsonNode req = body.length == 0 ? JsonNodeFactory.instance.objectNode() : object(body, "an object {revision?, bootstrap?}");
      var names = req.fieldNames();
      while (names.hasNext()) {
        String k = names.next();
        if (!Set.of("revision", "bootstrap").contains(k)) {
          throw new Failure.Refusal(Problem.badParameter("$." + k, "unknown field (known: revision, bootstrap)"));
        }
      }
      JsonNode rev = req.path("revision");
      if (!rev.isMissingNode() && !rev.isNull() && !rev.isTextual()) {
        throw new Failure.Refusal(Problem.badParameter("$.revision", "must be a commit id or ref but got " + rev));
      }
      String revision = rev.isTextual() ? revision(rev.asText(), "$.revision") : null;
      JsonNode boot = req.path("bootstrap");
      if (!boot.isMissingNode() && !boot.isBoolean()) {
        throw new Failure.Refusal(Problem.badParameter("$.bootstrap", "must be true or false but got " + boot));
      }
      Governance.Result r;
      synchronized (activation) {
        r = governance.activate(revision, boot.asBoolean(false), List.of(), requester(board));
      }
      if (r.activated()) {
        activated.accept(r.recorded().activation().revision());
        alerts.board(r.recorded().activation().revision(), r.recorded().activation().snapshot().data(), false);
      }
      return recorded(r.recorded());
    }, (c, o) -> Replies.json(c, 200, o));
  }

  void impact(RoutingContext ctx) {
    String revision;
    Instant since;
    int limit;
    try {
      LedgerRoutes.only(ctx, Set.of("revision", "since", "limit"));
      String r = ctx.queryParams().get("revision");
      if (r == null) {
        throw new Failure.Refusal(Problem.badParameter("revision", "is required: the proposed revision (a commit id or ref)"));
      }
      revision = revision(r, "revision");
      since = LedgerRoutes.time(ctx, "since");
      limit = LedgerRoutes.count(ctx, "limit", DEFAULT_IMPACT, MAX_IMPACT);
    } catch (Failure.Refusal e) {
      Replies.problem(ctx, e.problem);
      return;
    }
    Replies.async(ctx, pool, () -> {
      VersionedPolicySource repo = repository().source();
      PolicySnapshot proposed;
      try {
        proposed = repo.snapshot(revision);
      } catch (PolicySourceException e) {
        throw unusable("the revision cannot be read: " + e.getMessage());
      }
      try {
        evaluator.prepare(proposed);
      } catch (PolicyEvaluationException e) {
        if (e.kind() != PolicyEvaluationException.Kind.POLICY_INVALID) {
          throw e;
        }
        throw unusable("the revision does not compile: " + e.getMessage());
      }
      ImpactReport report = new ImpactAnalysis(ledger, evaluator).run(proposed, since, limit);
      return report.toJson();
    }, (c, o) -> Replies.json(c, 200, o));
  }

  private static ObjectNode recorded(Governance.Recorded r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("index", r.index());
    o.put("timestamp", r.timestamp());
    o.setAll(r.activation().toSummary());
    return o;
  }

  private ServerParts.Repository repository() throws Failure.Refusal {
    return repository.orElseThrow(() -> Failure.refuse(409, "not-governed", "Policy not governed",
        "this server's policy is " + policies.description() + ", not a Git repository: start gavel serve with "
            + "--policy-repo to govern it (nothing was recorded)"));
  }

  private Governance governance() throws Failure.Refusal {
    ServerParts.Repository r = repository();
    return new Governance(r.source(), ledger, evaluator, r.tester(), clock);
  }

  private static String requester(Principal p) {
    return (p.identity() == null ? "?" : p.identity()) + " (" + p.key() + ")";
  }

  private static JsonNode object(byte[] body, String expected) throws Failure.Refusal {
    JsonNode n;
    try {
      n = Json.read(body);
    } catch (Json.ParseException e) {
      throw new Failure.Refusal(Problem.badParameter("$", "malformed JSON: " + e.located()));
    }
    if (!n.isObject()) {
      throw new Failure.Refusal(Problem.badParameter("$", "must be " + expected));
    }
    return n;
  }

  /** A revision as a client names it: bounded, printable, not an option. */
  private static String revision(String r, String where) throws Failure.Refusal {
    if (r.isEmpty() || r.length() > 256 || r.startsWith("-") || !r.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
      throw new Failure.Refusal(Problem.badParameter(where, "must be a commit id or ref (1 to 256 printable characters, "
          + "not starting with -)"));
    }
    return r;
  }

  private static Failure.Refusal unusable(String detail) {
    return new Failure.Refusal(new Problem(422, "https://gavel.dev/problems/revision-unusable", "Revision unusable",
        detail + " (nothing was replayed or recorded)", List.of()));
  }
}
