package dev.gavel.http;

import dev.gavel.core.port.TimeSource;
import dev.gavel.http.auth.Authenticator;
import dev.gavel.http.auth.Endpoint;
import dev.gavel.http.auth.Principal;
import dev.gavel.http.auth.RateLimiter;
import dev.gavel.http.auth.Role;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The first handler of every route: authenticates the caller, applies the per-identity rate
 * limit, and checks the RBAC table ({@link Endpoint}) before the body is read. A refusal is
 * answered here (401, 429 with Retry-After, 403) and the route's handler never runs, so nothing
 * is evaluated or recorded. Anonymous endpoints skip authentication; all but the health checks
 * are rate-limited per client address.
 */
final class Guard {
  static final String PRINCIPAL = "gavel.principal";
  static final String ROUTE = "gavel.route";
  private final Authenticator authenticator;
  private final RateLimiter limiter;
  private final ServerMetrics metrics;
  private final TimeSource clock;
  private final AlertPipeline alerts;

  Guard(Authenticator authenticator, RateLimiter limiter, ServerMetrics metrics, TimeSource clock, AlertPipeline alerts) {
    this.alerts = alerts;
    this.authenticator = authenticator;
    this.limiter = limiter;
    this.metrics = metrics;
    this.clock = clock;
  }

  Handler<RoutingContext> require(Endpoint e) {
    return ctx -> {
      ctx.put(ROUTE, e.name());
      if (e.anonymous()) {
        Principal anon = Principal.anonymous(remote(ctx));
        ctx.put(PRINCIPAL, anon);
        if (e != Endpoint.HEALTH && !admit(ctx, anon)) {
          return;
        }
        ctx.next();
        return;
      }
      String authorization = ctx.request().getHeader("Authorization");
      List<Certificate> peer = peer(ctx);
      if (authenticator.mayBlock(authorization)) {
        // A JWKS may have to be fetched: off the event loop, with the body held back meanwhile.
        ctx.request().pause();
        ctx.vertx().executeBlocking(() -> authenticator.authenticate(authorization, peer, clock.now()), false)
            .onComplete(ar -> decide(ctx, e, ar.succeeded() ? ar.result()
                : new Authenticator.Outcome(null, "internal", "authentication failed")));
      } else {
        decide(ctx, e, authenticator.authenticate(authorization, peer, clock.now()));
      }
    };
  }

  private void decide(RoutingContext ctx, Endpoint e, Authenticator.Outcome o) {
    if (!o.ok()) {
      metrics.authFailure(o.reason());
      alerts.authFailed(remote(ctx), o.reason());
      ctx.put(Replies.REASON, "auth." + o.reason());
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"gavel\""
          + (o.reason().equals("missing") ? "" : ", error=\"invalid_token\""));
      Replies.problem(ctx, Problem.of(401, "unauthenticated", "Unauthenticated", o.message()));
      return;
    }
    Principal p = o.principal();
    ctx.put(PRINCIPAL, p);
    alerts.request(p);
    if (!admit(ctx, p)) {
      return;
    }
    if (!e.allows(p)) {
      metrics.authFailure("forbidden");
      alerts.authFailed(remote(ctx), "forbidden");
      ctx.put(Replies.REASON, "auth.forbidden");
      Replies.problem(ctx, Problem.of(403, "forbidden", "Forbidden", "role " + roles(p) + " may not call " + e.route()
          + " (allowed: " + e.roles().stream().map(Role::wire).sorted().collect(Collectors.joining(", "))
          + "); nothing was evaluated or recorded"));
      return;
    }
    ctx.next();
  }

  private boolean admit(RoutingContext ctx, Principal p) {
    if (limiter == null) {
      return true;
    }
    long wait = limiter.acquire(p.key(), System.nanoTime());
    if (wait == 0) {
      return true;
    }
    metrics.refused("rate_limited");
    ctx.put(Replies.REASON, "rate_limited");
    ctx.response().putHeader("Retry-After", Long.toString(wait));
    Replies.problem(ctx, Problem.of(429, "rate-limited", "Too many requests", "the rate limit for this identity is exceeded; "
        + "retry after " + wait + " s (nothing was evaluated or recorded)"));
    return false;
  }

  private static String roles(Principal p) {
    return p.roles().stream().map(Role::wire).sorted().collect(Collectors.joining(","));
  }

  static String remote(RoutingContext ctx) {
    var a = ctx.request().remoteAddress();
    return a == null ? "?" : a.hostAddress();
  }

  private static List<Certificate> peer(RoutingContext ctx) {
    if (!ctx.request().isSSL()) {
      return null;
    }
    try {
      return ctx.request().connection().peerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
