package dev.gavel.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.http.auth.Endpoint;
import dev.gavel.http.auth.Principal;
import dev.gavel.http.auth.Role;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/whoami}: who the credentials authenticate as (how, the identity, the roles) and
 * which endpoints of the RBAC table ({@link Endpoint}) they may call. The web console signs in with
 * it and shows only what the token may do; the server still checks every call, so what the console
 * hides is a convenience, never the control.
 */
final class SessionRoutes {
  void whoami(RoutingContext ctx) {
    Principal p = ctx.get(Guard.PRINCIPAL);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("kind", p.kind());
    if (p.identity() == null) {
      o.putNull("identity");
    } else {
      o.put("identity", p.identity());
    }
    ArrayNode roles = o.putArray("roles");
    p.roles().stream().map(Role::wire).sorted().forEach(roles::add);
    ArrayNode may = o.putArray("endpoints");
    for (Endpoint e : Endpoint.values()) {
      if (!e.anonymous() && e.allows(p)) {
        may.add(e.name());
      }
    }
    Replies.json(ctx, 200, o);
  }
}
