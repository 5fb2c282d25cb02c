package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.ArtifactStatus;
import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.Revocation;
import dev.gavel.core.Revocations;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.http.auth.Principal;
import dev.gavel.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code GET /v1/artifacts/{sha256}} (DESIGN 3.6): {@code {digest, status: released|revoked|unknown,
 * decisions, revocations}} from the ledger ({@link ArtifactStatus}, one indexed read at any ledger
 * size), for the admission check of every deployment; and the risk officer's {@code POST
 * /v1/revocations} {@code {artifact | decision, reason}}: 201 with the signed revocation, recorded
 * (with who asked) before it is answered. Bad input is 400 naming the field; an unknown decision
 * 404; a decision that released nothing 409; nothing is recorded for any of them.
 */
final class ArtifactRoutes {
  private static final Set<String> FIELDS = Set.of("artifact", "decision", "reason");
  private final LedgerReader ledger;
  private final Revocations revocations;
  private final BlockingPool pool;

  ArtifactRoutes(LedgerReader ledger, Revocations revocations, BlockingPool pool) {
    this.ledger = ledger;
    this.revocations = revocations;
    this.pool = pool;
  }

  void status(RoutingContext ctx) {
    String raw = ctx.pathParam("sha256");
    try {
      ArtifactStatus.normalise(raw);
    } catch (IllegalArgumentException e) {
      Replies.problem(ctx, Problem.badParameter("sha256", "must be 64 lowercase hex characters (optionally prefixed sha256:)"));
      return;
    }
    Replies.async(ctx, pool, () -> ArtifactStatus.lookup(ledger, raw).toJson(), (c, o) -> Replies.json(c, 200, o));
  }

  void revoke(RoutingContext ctx) {
    Principal who = ctx.get(Guard.PRINCIPAL);
    byte[] body = BodyReader.body(ctx).getBytes();
    Replies.async(ctx, pool, () -> {
      JsonNode req;
      try {
        req = Json.read(body);
      } catch (Json.ParseException e) {
        throw new Failure.Refusal(Problem.badParameter("$", "malformed JSON: " + e.located()));
      }
      if (!req.isObject()) {
        throw new Failure.Refusal(Problem.badParameter("$", "must be an object {artifact | decision, reason}"));
      }
      var names = req.fieldNames();
      while (names.hasNext()) {
        String k = names.next();
        if (!FIELDS.contains(k)) {
          throw new Failure.Refusal(Problem.badParameter("$." + k, "unknown field (known: artifact, decision, reason)"));
        }
      }
      for (String k : FIELDS) {
        if (req.has(k) && !req.get(k).isTextual()) {
          throw new Failure.Refusal(Problem.badParameter("$." + k, "must be a string"));
        }
      }
      Revocation.Actor by = new Revocation.Actor(who.identity() == null ? who.key() : who.identity(), "http", who.key());
      Revocations.Recorded r;
      try {
        r = revocations.revoke(text(req, "artifact"), text(req, "decision"), text(req, "reason"), by);
      } catch (InvalidRequestException e) {
        throw new Failure.Refusal(Problem.invalid("the revocation is not valid (nothing was recorded)", e.problems()));
      } catch (Revocations.Refused e) {
        throw new Failure.Refusal(e.kind() == Revocations.Refused.Kind.NOT_FOUND ? Problem.notFound(e.getMessage())
            : Problem.of(409, "nothing-released", "Nothing released", e.getMessage()));
      }
      ObjectNode o = r.revocation().toJson(r.receipt().index());
      o.put("entryHash", r.receipt().entryHash());
      return o;
    }, (c, o) -> Replies.json(c, 201, o));
  }

  private static String text(JsonNode req, String field) {
    JsonNode v = req.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
