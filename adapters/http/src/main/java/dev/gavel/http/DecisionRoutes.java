package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.Decision;
import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.ReleaseGate;
import dev.gavel.core.ReleaseRequest;
import dev.gavel.core.ReleaseRequestParser;
import dev.gavel.core.RequestProblem;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerRecord;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.http.auth.Endpoint;
import dev.gavel.http.auth.Principal;
import dev.gavel.json.Json;
import dev.gavel.json.Utf8;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/decisions} and {@code GET /v1/decisions/{id}}: the same use case and the same
 * Decision document as {@code gavel evaluate}. The body is a ReleaseRequest (strict JSON, the
 * shipped schema, the server's limits on size, depth, artifacts and scans); the evaluation time is
 * the server's clock and the policy data the server's, so {@code at} and {@code data} (CLI-only)
 * are refused. A pipeline asks only as the identity it authenticated as ({@code requester.id});
 * and reads only decisions it asked for (others are 404: their existence is not disclosed).
 */
final class DecisionRoutes {
  static final String DECISION_ID = "gavel.decisionId";
  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Set<String> DECIDE_PARAMS = Set.of("explain");

  private final ReleaseGate gate;
  private final ReleaseRequestParser parser = new ReleaseRequestParser();
  private final LedgerReader ledger;
  private final Readiness readiness;
  private final BlockingPool pool;
  private final ServerConfig.Limits limits;
  private final ServerMetrics metrics;
  private final RecordedExplanation explanation;
  private final AlertPipeline alerts;

  DecisionRoutes(ReleaseGate gate, LedgerReader ledger, Readiness readiness, BlockingPool pool, ServerConfig.Limits limits,
      ServerMetrics metrics, RecordedExplanation explanation, AlertPipeline alerts) {
    this.explanation = explanation;
    this.alerts = alerts;
    this.gate = gate;
    this.ledger = ledger;
    this.readiness = readiness;
    this.pool = pool;
    this.limits = limits;
    this.metrics = metrics;
  }

  void create(RoutingContext ctx) {
    for (String name : ctx.queryParams().names()) {
      if (!DECIDE_PARAMS.contains(name)) {
        String why = name.equals("at") || name.equals("data")
            ? "--" + name + " is CLI-only: over HTTP the evaluation time is the server's clock and the policy data is the server's"
            : "unknown parameter (POST /v1/decisions takes only explain)";
        Replies.problem(ctx, Problem.badParameter(name, why));
        return;
      }
    }
    boolean explain;
    try {
      explain = flag(ctx, "explain");
    } catch (Failure.Refusal r) {
      Replies.problem(ctx, r.problem);
      return;
    }
    Buffer body = BodyReader.body(ctx);
    Principal p = ctx.get(Guard.PRINCIPAL);
    boolean ownOnly = Endpoint.DECIDE.onlyAsPipeline(p);
    Replies.async(ctx, pool, () -> decide(body, p, ownOnly), (c, d) -> {
      c.put(DECISION_ID, d.decisionId());
      Replies.json(c, 200, document(d, explain));
    });
  }

  private Decision decide(Buffer body, Principal p, boolean ownOnly) throws Exception {
    Readiness.Status st = readiness.check();
    if (!st.ready()) {
      throw Failure.refuse(503, "not-ready", "Not ready", "the server cannot decide now (" + st.summary()
          + "); nothing was evaluated or recorded");
    }
    ReleaseRequest req = parse(body == null ? new byte[0] : body.getBytes());
    if (ownOnly && !req.requesterId().equals(p.identity())) {
      throw new Failure.Refusal(new Problem(403, "https://gavel.dev/problems/forbidden", "Forbidden",
          "a pipeline may only ask as its own identity; nothing was evaluated or recorded",
          List.of(new RequestProblem("$.requester.id", "must be '" + p.identity() + "' (the authenticated identity)"))));
    }
    Decision d = gate.decide(req);
    metrics.decided(d);
    // After the decision is recorded; only queues work, so the answer is not held up.
    alerts.decided(req, d, p);
    return d;
  }

  /** Strict UTF-8, depth, the schema, then the counts the server limits. */
  ReleaseRequest parse(byte[] bytes) throws InvalidRequestException {
    if (bytes.length == 0) {
      throw new InvalidRequestException(List.of(new RequestProblem("$", "empty body: send a ReleaseRequest (JSON)")));
    }
    int depth = JsonDepth.of(bytes);
    if (depth > limits.maxJsonDepth()) {
      throw new InvalidRequestException(List.of(new RequestProblem("$", "nests " + depth + " levels deep; the limit is "
          + limits.maxJsonDepth() + " (max-json-depth)")));
    }
    String text;
    try {
      text = Utf8.decode(bytes);
    } catch (Json.ParseException e) {
      throw new InvalidRequestException(List.of(new RequestProblem("$", e.getMessage())));
    }
    ReleaseRequest req = parser.parse(text);
    int artifacts = req.json().path("model").path("artifacts").size();
    if (artifacts > limits.maxArtifacts()) {
      throw new InvalidRequestException(List.of(new RequestProblem("$.model.artifacts", "has " + artifacts
          + " artifacts; the limit is " + limits.maxArtifacts() + " (max-artifacts)")));
    }
    int scans = req.json().path("scans").size();
    if (scans > limits.maxScans()) {
      throw new InvalidRequestException(List.of(new RequestProblem("$.scans", "has " + scans + " scans; the limit is "
          + limits.maxScans() + " (max-scans)")));
    }
    return req;
  }

  void read(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!UUID.matcher(id).matches()) {
      Replies.problem(ctx, Problem.badParameter("id", "must be a decision id (a lowercase UUID)"));
      return;
    }
    boolean explain;
    try {
      explain = flag(ctx, "explain");
    } catch (Failure.Refusal r) {
      Replies.problem(ctx, r.problem);
      return;
    }
    Principal p = ctx.get(Guard.PRINCIPAL);
    boolean ownOnly = Endpoint.DECISION.onlyAsPipeline(p);
    Replies.async(ctx, pool, () -> {
      Optional<Decision> d = find(ledger, id);
      if (d.isEmpty() || (ownOnly && !p.identity().equals(d.get().request().requester()))) {
        throw new Failure.Refusal(Problem.notFound("no decision " + id));
      }
      if (!explain) {
        return new RecordedExplanation.Explained(d.get(), null);
      }
      return explanation.explain(d.get());
    }, (c, e) -> {
      c.put(DECISION_ID, e.decision().decisionId());
      com.fasterxml.jackson.databind.node.ObjectNode doc = document(e.decision(), explain);
      if (e.note() != null) {
        doc.set("explanation", e.note());
      }
      Replies.json(c, 200, doc);
    });
  }

  /**
   * A decision as the HTTP API answers it (asked for, read back or searched): the API document, with
   * the requester and environment of the request added (who asked is what a board or an auditor
   * searches by), so every answer about one decision is the same document.
   */
  static com.fasterxml.jackson.databind.node.ObjectNode document(Decision d, boolean explain) {
    com.fasterxml.jackson.databind.node.ObjectNode o = d.toJson(explain);
    if (o.get("request") instanceof com.fasterxml.jackson.databind.node.ObjectNode r) {
      if (d.request().requester() != null) {
        r.put("requester", d.request().requester());
      }
      if (d.request().environment() != null) {
        r.put("environment", d.request().environment());
      }
    }
    return o;
  }

  /** The recorded decision with this id, read from its entry's exact bytes. */
  static Optional<Decision> find(LedgerReader ledger, String id) throws LedgerException, Failure.Refusal {
    Optional<LedgerRecord> rec = ledger.find("decision", id);
    if (rec.isEmpty()) {
      return Optional.empty();
    }
    Optional<LedgerRow> row = ledger.entry(rec.get().index());
    if (row.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(decision(row.get()));
  }

  static Decision decision(LedgerRow row) throws Failure.Refusal {
    try {
      JsonNode entry = Json.read(row.canonical());
      return Decision.fromEntry(entry, row.entryHash());
    } catch (Json.ParseException | IllegalArgumentException e) {
      throw Failure.refuse(500, "ledger-damaged", "Ledger damaged", "entry " + row.index() + " cannot be read as a decision ("
          + e.getMessage() + "); run `gavel ledger verify`");
    }
  }

  static boolean flag(RoutingContext ctx, String name) throws Failure.Refusal {
    String v = ctx.queryParams().get(name);
    if (v == null || v.equals("false")) {
      return false;
    }
    if (v.isEmpty() || v.equals("true")) {
      return true;
    }
    throw new Failure.Refusal(Problem.badParameter(name, "must be true or false"));
  }
}
