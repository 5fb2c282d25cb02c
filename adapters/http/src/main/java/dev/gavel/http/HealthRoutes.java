package dev.gavel.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

/**
 * Health (anonymous): {@code /health} answers as OPA's does (200 {@code {}} when the server can
 * evaluate, with {@code ?bundles} when the policy is loaded; else 500 {@code {error}}),
 * {@code /health/live} 200 while the process serves, {@code /health/ready} 200 only while the ledger
 * and the policy are usable (else 503 with what is wrong), for load balancers and Kubernetes.
 */
final class HealthRoutes {
  private final Readiness readiness;
  private final BlockingPool pool;
  private volatile boolean stopping;

  HealthRoutes(Readiness readiness, BlockingPool pool) {
    this.readiness = readiness;
    this.pool = pool;
  }

  /** Readiness fails from the start of a graceful shutdown, so balancers stop sending work. */
  void stopping() {
    stopping = true;
  }

  void opa(RoutingContext ctx) {
    Replies.async(ctx, pool, readiness::check, (c, s) -> {
      if (s.ready() && !stopping) {
        Replies.json(c, 200, JsonNodeFactory.instance.objectNode());
      } else {
        Replies.json(c, 500, JsonNodeFactory.instance.objectNode().put("error", stopping ? "shutting down"
            : s.policyProblem() != null ? "unable to perform evaluation: " + s.policyProblem() : s.summary()));
      }
    });
  }

  void live(RoutingContext ctx) {
    Replies.json(ctx, 200, JsonNodeFactory.instance.objectNode());
  }

  void ready(RoutingContext ctx) {
    Replies.async(ctx, pool, readiness::check, (c, s) -> {
      ObjectNode o = s.toJson();
      if (stopping) {
        o.put("error", "shutting down");
        Replies.json(c, 503, o);
      } else if (s.ready()) {
        Replies.json(c, 200, o);
      } else {
        o.put("error", s.summary());
        Replies.json(c, 503, o);
      }
    });
  }
}
