package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.RequestProblem;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * Writing answers: JSON, RFC 9457 problems (or OPA's error shape on the Data API routes), and
 * running blocking work on a {@link BlockingPool} with the answer written back on the request's
 * event-loop context. Every error path goes through {@link Failure#problem}.
 */
final class Replies {
  /** Set on Data API routes: errors are answered in OPA's shape. */
  static final String OPA_SHAPE = "gavel.opa";
  /** The reason of a refusal, for the access log. */
  static final String REASON = "gavel.reason";

  private Replies() {}

  static void json(RoutingContext ctx, int status, JsonNode body, boolean pretty) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(pretty ? body.toPrettyString() + "\n" : body.toString());
  }

  static void json(RoutingContext ctx, int status, JsonNode body) {
    json(ctx, status, body, false);
  }

  static void problem(RoutingContext ctx, Problem p) {
    if (ctx.response().ended()) {
      return;
    }
    if (p.status() == 503 || p.status() == 429) {
      if (ctx.response().headers().get("Retry-After") == null) {
        ctx.response().putHeader("Retry-After", "1");
      }
    }
    if (ctx.get(REASON) == null) {
      ctx.put(REASON, p.type().substring(p.type().lastIndexOf('/') + 1));
    }
    if (bodyPending(ctx)) {
      // The body was not read (refused before it): do not leave it on the connection.
      ctx.response().putHeader("Connection", "close");
      ctx.request().resume();
    }
    if (Boolean.TRUE.equals(ctx.get(OPA_SHAPE))) {
      ctx.response().setStatusCode(p.status()).putHeader("Content-Type", "application/json").end(opa(p).toString());
    } else {
      ctx.response().setStatusCode(p.status()).putHeader("Content-Type", Problem.CONTENT_TYPE).end(p.toJson().toString());
    }
  }

  /** Whether the request declares a body that has not been read. */
  private static boolean bodyPending(RoutingContext ctx) {
    if (ctx.request().isEnded() || ctx.get(BodyReader.BODY) != null) {
      return false;
    }
    String length = ctx.request().getHeader("Content-Length");
    return (length != null && !length.strip().equals("0")) || ctx.request().getHeader("Transfer-Encoding") != null;
  }

  /** OPA's error shape: {code, message, errors?: [{code, message, location?}]}. */
  static ObjectNode opa(Problem p) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("code", switch (p.status()) {
      case 400, 413 -> "invalid_parameter";
      case 401, 403 -> "unauthorized";
      case 404 -> "resource_not_found";
      case 405 -> "method_not_allowed";
      case 429 -> "too_many_requests";
      default -> "internal_error";
    });
    o.put("message", p.detail() == null ? p.title() : p.detail());
    if (!p.errors().isEmpty()) {
      ArrayNode a = o.putArray("errors");
      for (RequestProblem e : p.errors()) {
        a.addObject().put("code", "invalid_parameter").put("message", e.path() + ": " + e.message());
      }
    }
    return o;
  }

  /** Runs {@code work} on {@code pool}; {@code ok} writes the answer; failures become problems. */
  static <T> void async(RoutingContext ctx, BlockingPool pool, Callable<T> work, BiConsumer<RoutingContext, T> ok) {
    Context c = Vertx.currentContext();
    pool.submit(work).whenComplete((v, err) -> c.runOnContext(x -> {
      if (err != null) {
        problem(ctx, Failure.problem(err));
      } else {
        try {
          ok.accept(ctx, v);
        } catch (RuntimeException e) {
          problem(ctx, Failure.problem(e));
        }
      }
    }));
  }
}
