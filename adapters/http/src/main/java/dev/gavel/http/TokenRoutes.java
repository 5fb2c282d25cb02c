package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.TimeSource;
import dev.gavel.http.auth.Principal;
import dev.gavel.http.auth.Role;
import dev.gavel.http.auth.TokenStore;
import dev.gavel.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * Token management for the admin role, the same store and ledger entries as {@code gavel tokens}:
 * {@code GET /v1/tokens} lists them (never a token or its hash), {@code POST /v1/tokens}
 * {@code {name, role, expires?}} issues one (201; the token is in this answer only), and
 * {@code DELETE /v1/tokens/{id}} revokes it at once. Issuing and revoking are {@code access}
 * entries naming the admin who did it; the issue is recorded before the token is usable.
 */
final class TokenRoutes {
  private final TokenStore tokens;
  private final LedgerStore ledger;
  private final TimeSource clock;
  private final BlockingPool pool;

  TokenRoutes(TokenStore tokens, LedgerStore ledger, TimeSource clock, BlockingPool pool) {
    this.tokens = tokens;
    this.ledger = ledger;
    this.clock = clock;
    this.pool = pool;
  }

  void list(RoutingContext ctx) {
    Replies.async(ctx, pool, () -> {
      Instant now = clock.now();
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      ArrayNode a = o.putArray("tokens");
      for (TokenStore.Token t : tokens.list()) {
        describe(a.addObject(), t).put("status", t.status(now));
      }
      return o;
    }, (c, o) -> Replies.json(c, 200, o));
  }

  void create(RoutingContext ctx) {
    Principal admin = ctx.get(Guard.PRINCIPAL);
    byte[] body = BodyReader.body(ctx).getBytes();
    Replies.async(ctx, pool, () -> {
      JsonNode req;
      try {
        req = Json.read(body);
      } catch (Json.ParseException e) {
        throw new Failure.Refusal(Problem.badParameter("$", "malformed JSON: " + e.located()));
      }
      if (!req.isObject()) {
        throw new Failure.Refusal(Problem.badParameter("$", "must be an object {name, role, expires?}"));
      }
      var names = req.fieldNames();
      while (names.hasNext()) {
        String k = names.next();
        if (!Set.of("name", "role", "expires").contains(k)) {
          throw new Failure.Refusal(Problem.badParameter("$." + k, "unknown field (known: name, role, expires)"));
        }
      }
      Role role;
      try {
        role = Role.require(req.path("role").asText(""));
      } catch (IllegalArgumentException e) {
        throw new Failure.Refusal(Problem.badParameter("$.role", e.getMessage()));
      }
      Instant now = clock.now().truncatedTo(ChronoUnit.SECONDS);
      Instant expires = null;
      if (req.hasNonNull("expires")) {
        try {
          expires = now.plus(TokenStore.lifetime(req.get("expires").asText()));
        } catch (IllegalArgumentException e) {
          throw new Failure.Refusal(Problem.badParameter("$.expires", "must be a lifetime such as 90d, 12h or 30m"));
        }
      }
      TokenStore.Issued issued;
      try {
        issued = TokenStore.mint(req.path("name").asText(null), role, now, expires);
      } catch (IllegalArgumentException e) {
        throw new Failure.Refusal(Problem.badParameter("$.name", e.getMessage()));
      }
      AccessEntries.tokenCreated(ledger, now, admin.key(), issued.token());
      tokens.save(issued);
      ObjectNode o = describe(JsonNodeFactory.instance.objectNode(), issued.token());
      o.put("token", issued.secret());
      return o;
    }, (c, o) -> Replies.json(c, 201, o));
  }

  void revoke(RoutingContext ctx) {
    Principal admin = ctx.get(Guard.PRINCIPAL);
    String id = ctx.pathParam("id");
    if (!id.matches("[0-9a-f]{12}")) {
      Replies.problem(ctx, Problem.badParameter("id", "must be a token id (12 hex characters, see GET /v1/tokens)"));
      return;
    }
    Replies.async(ctx, pool, () -> {
      Instant now = clock.now().truncatedTo(ChronoUnit.SECONDS);
      List<TokenStore.Token> done = tokens.revoke(id, now);
      if (done.isEmpty()) {
        throw new Failure.Refusal(Problem.notFound("no active token " + id));
      }
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      ArrayNode a = o.putArray("revoked");
      for (TokenStore.Token t : done) {
        AccessEntries.tokenRevoked(ledger, now, admin.key(), t);
        describe(a.addObject(), t);
      }
      return o;
    }, (c, o) -> Replies.json(c, 200, o));
  }

  private static ObjectNode describe(ObjectNode o, TokenStore.Token t) {
    o.put("id", t.id());
    o.put("name", t.name());
    o.put("role", t.role().wire());
    o.put("created", t.created().toString());
    if (t.expires() != null) {
      o.put("expires", t.expires().toString());
    }
    if (t.revoked() != null) {
      o.put("revoked", t.revoked().toString());
    }
    return o;
  }
}
