package dev.gavel.http;

import dev.gavel.core.LedgerExport;
import dev.gavel.core.LedgerVerification;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerReader;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The auditor's API, the same tools as {@code gavel ledger ...}: the newest signed checkpoint
 * (text/plain, anonymous), entries by range (the exact hashed bytes, one per line), RFC 9162
 * inclusion and consistency proofs (the JSON shapes {@code gavel ledger proof|consistency} print),
 * and exports ({@link LedgerExport}: jsonl, csv, opa; filtered jsonl is a partial export with
 * inclusion proofs) streamed with backpressure.
 */
final class LedgerRoutes {
  private final LedgerReader ledger;
  private final BlockingPool pool;
  private final BlockingPool streams;

  LedgerRoutes(LedgerReader ledger, BlockingPool pool, BlockingPool streams) {
    this.ledger = ledger;
    this.pool = pool;
    this.streams = streams;
  }

  void checkpoint(RoutingContext ctx) {
    Replies.async(ctx, pool, () -> ledger.latestCheckpoint()
        .orElseThrow(() -> new Failure.Refusal(Problem.notFound("the ledger has no checkpoint yet"))),
        (c, note) -> c.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(note));
  }

  void proof(RoutingContext ctx) {
    Long index;
    Long size;
    try {
      only(ctx, Set.of("index", "size"));
      index = number(ctx, "index", true);
      size = number(ctx, "size", false);
    } catch (Failure.Refusal r) {
      Replies.problem(ctx, r.problem);
      return;
    }
    Replies.async(ctx, pool, () -> {
      long all = ledger.size();
      long n = size == null ? all : size;
      if (n > all || index >= n) {
        throw new Failure.Refusal(Problem.badParameter("index", "index " + index + " is not in a tree of size " + n
            + " (the ledger has " + all + " entries)"));
      }
      return ledger.inclusionProof(index, n).toJson();
    }, (c, j) -> Replies.json(c, 200, j));
  }

  void consistency(RoutingContext ctx) {
    Long from;
    Long to;
    try {
      only(ctx, Set.of("from", "to"));
      from = number(ctx, "from", true);
      to = number(ctx, "to", true);
    } catch (Failure.Refusal r) {
      Replies.problem(ctx, r.problem);
      return;
    }
    Replies.async(ctx, pool, () -> {
      long all = ledger.size();
      if (from < 1 || from > to || to > all) {
        throw new Failure.Refusal(Problem.badParameter("from", "need 1 <= from <= to <= " + all));
      }
      return ledger.consistencyProof(from, to).toJson();
    }, (c, j) -> Replies.json(c, 200, j));
  }

  void entries(RoutingContext ctx) {
    Long start;
    Long end;
    try {
      only(ctx, Set.of("start", "end"));
      start = number(ctx, "start", false);
      end = number(ctx, "end", false);
      if (start != null && end != null && end < start) {
        throw new Failure.Refusal(Problem.badParameter("end", "is before start"));
      }
    } catch (Failure.Refusal r) {
      Replies.problem(ctx, r.problem);
      return;
    }
    stream(ctx, "application/x-ndjson", sink -> {
      long size = ledger.size();
      long s = start == null ? 0 : start;
      long e = end == null ? size : Math.min(end, size);
      if (s < e) {
        ledger.entries(s, e, row -> sink.accept(new String(row.canonical(), StandardCharsets.UTF_8)));
      }
    });
  }

  void export(RoutingContext ctx) {
    LedgerExport.Format format;
    EntryQuery filter;
    try {
      only(ctx, Set.of("format", "since", "until", "model", "outcome"));
      String f = ctx.queryParams().get("format");
      format = switch (f == null ? "jsonl" : f) {
        case "jsonl" -> LedgerExport.Format.JSONL;
        case "csv" -> LedgerExport.Format.CSV;
        case "opa" -> LedgerExport.Format.OPA;
        default -> throw new Failure.Refusal(Problem.badParameter("format", "must be jsonl, csv or opa"));
      };
      String outcome = ctx.queryParams().get("outcome");
      if (outcome != null && !outcome.equals("allow") && !outcome.equals("deny")) {
        throw new Failure.Refusal(Problem.badParameter("outcome", "must be allow or deny"));
      }
      Instant since = time(ctx, "since");
      Instant until = time(ctx, "until");
      if (since != null && until != null && until.isBefore(since)) {
        throw new Failure.Refusal(Problem.badParameter("until", "is before since"));
      }
      String model = ctx.queryParams().get("model");
      filter = since == null && until == null && model == null && outcome == null ? EntryQuery.ALL
          : EntryQuery.decisions(since, until, model, outcome);
    } catch (Failure.Refusal r) {
      Replies.problem(ctx, r.problem);
      return;
    }
    String type = format == LedgerExport.Format.CSV ? "text/csv; charset=utf-8" : "application/x-ndjson";
    stream(ctx, type, sink -> LedgerExport.write(ledger, format, filter, sink, LedgerVerification.Progress.NONE));
  }

  /** What a streamed answer writes. */
  @FunctionalInterface
  interface Producer {
    void produce(LineStream sink) throws Exception;
  }

  private void stream(RoutingContext ctx, String contentType, Producer producer) {
    Context c = Vertx.currentContext();
    LineStream sink = new LineStream(c, ctx.response(), contentType);
    streams.submit(() -> {
      producer.produce(sink);
      sink.finish();
      return null;
    }).whenComplete((v, err) -> {
      if (err == null) {
        return;
      }
      Throwable t = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
      if (t instanceof LineStream.Aborted) {
        return;
      }
      if (sink.started()) {
        sink.cut();
      } else {
        Problem p = t instanceof LedgerExport.ExportException e
            ? Problem.of(409, "export-refused", "Export refused", e.getMessage()) : Failure.problem(t);
        c.runOnContext(x -> Replies.problem(ctx, p));
      }
    });
  }

  static void only(RoutingContext ctx, Set<String> known) throws Failure.Refusal {
    for (String n : ctx.queryParams().names()) {
      if (!known.contains(n)) {
        throw new Failure.Refusal(Problem.badParameter(n, "unknown parameter (known: " + String.join(", ",
            new java.util.TreeSet<>(known)) + ")"));
      }
    }
  }

  static Long number(RoutingContext ctx, String name, boolean required) throws Failure.Refusal {
    String v = ctx.queryParams().get(name);
    if (v == null) {
      if (required) {
        throw new Failure.Refusal(Problem.badParameter(name, "is required"));
      }
      return null;
    }
    try {
      long n = Long.parseLong(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new Failure.Refusal(Problem.badParameter(name, "must be a whole number of at least 0"));
  }

  /** A count parameter of 1..{@code max}, {@code dflt} when absent. */
  static int count(RoutingContext ctx, String name, int dflt, int max) throws Failure.Refusal {
    Long n = number(ctx, name, false);
    if (n == null) {
      return dflt;
    }
    if (n < 1 || n > max) {
      throw new Failure.Refusal(Problem.badParameter(name, "must be 1 to " + max + " but got " + n));
    }
    return n.intValue();
  }

  static Instant time(RoutingContext ctx, String name) throws Failure.Refusal {
    String v = ctx.queryParams().get(name);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new Failure.Refusal(Problem.badParameter(name, "must be an RFC 3339 UTC time such as 2026-12-01T00:00:00Z"));
    }
  }
}
