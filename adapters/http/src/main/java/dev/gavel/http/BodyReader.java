package dev.gavel.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body up to {@code limit} bytes (after any gzip Content-Encoding is undone) and
 * hands it to the next handler; a larger body is answered 413 as soon as it passes the limit (or
 * at once when Content-Length says so) and is never buffered whole. It runs after the
 * {@link Guard}, so a refused request's body is never read at all.
 */
final class BodyReader implements Handler<RoutingContext> {
  static final String BODY = "gavel.body";
  private final int limit;

  BodyReader(int limit) {
    this.limit = limit;
  }

  static Buffer body(RoutingContext ctx) {
    Buffer b = ctx.get(BODY);
    return b == null ? Buffer.buffer() : b;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String declared = ctx.request().getHeader("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > limit) {
          tooLarge(ctx);
          return;
        }
      } catch (NumberFormatException e) {
        Replies.problem(ctx, Problem.badParameter("Content-Length", "is not a number"));
        return;
      }
    }
    if (ctx.request().isEnded()) {
      ctx.put(BODY, Buffer.buffer());
      ctx.next();
      return;
    }
    Buffer buf = Buffer.buffer();
    boolean[] over = new boolean[1];
    ctx.request().handler(chunk -> {
      if (over[0]) {
        return;
      }
      if (buf.length() + chunk.length() > limit) {
        over[0] = true;
        tooLarge(ctx);
        return;
      }
      buf.appendBuffer(chunk);
    });
    ctx.request().endHandler(v -> {
      if (!over[0]) {
        ctx.put(BODY, buf);
        ctx.next();
      }
    });
    ctx.request().exceptionHandler(e -> over[0] = true);
    ctx.request().resume();
  }

  private void tooLarge(RoutingContext ctx) {
    Replies.problem(ctx, Problem.of(413, "too-large", "Request body too large",
        "the body exceeds " + limit + " bytes (max-body); nothing was evaluated or recorded"));
  }
}
