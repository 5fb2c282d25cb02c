package dev.gavel.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.Decision;
import dev.gavel.core.port.EntryIndex;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.http.auth.Endpoint;
import dev.gavel.http.auth.Principal;
import dev.gavel.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/decisions?model=&outcome=&since=&until=&version=&tier=&reason=&requester=&limit=&cursor=}:
 * recorded decisions, newest first, a page at a time. {@code model}, {@code outcome} and the time
 * range select on the store's index columns; {@code version}, {@code tier}, {@code reason} (a
 * reason code) and {@code requester} are then matched on each decision read (exactly, as recorded). The answer is {@code {decisions: [...], next}}; {@code next} is an
 * opaque cursor for the following page, null on the last. Selection uses the store's index
 * columns, and each selected entry's columns are compared with its bytes (as exports do): a
 * damaged column stops the search (500) instead of silently dropping or adding a decision. A
 * pipeline sees only the decisions it asked for; its pages may be short (each request scans at
 * most {@code SCAN_FACTOR} x limit entries) but the cursor always moves on.
 */
final class DecisionSearch {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private static final int SCAN_FACTOR = 20;
  private static final Set<String> PARAMS = Set.of("model", "outcome", "since", "until", "limit", "cursor", "version", "tier",
      "reason", "requester");
  private final LedgerReader ledger;
  private final BlockingPool pool;

  DecisionSearch(LedgerReader ledger, BlockingPool pool) {
    this.ledger = ledger;
    this.pool = pool;
  }

  record Page(List<Decision> decisions, Long next) {}

  /** What is matched on each decision rather than on the index columns; null fields match anything. */
  record Match(String version, String tier, String reason, String requester) {
    static final Match ANY = new Match(null, null, null, null);

    boolean any() {
      return version == null && tier == null && reason == null && requester == null;
    }

    boolean test(Decision d) {
      return (version == null || version.equals(d.request().version()))
          && (tier == null || tier.equals(d.request().riskTier()))
          && (requester == null || requester.equals(d.request().requester()))
          && (reason == null || d.reasons().stream().anyMatch(r -> r.code().equals(reason)));
    }
  }

  void handle(RoutingContext ctx) {
    EntryQuery q;
    int limit;
    Match match;
    try {
      for (String n : ctx.queryParams().names()) {
        if (!PARAMS.contains(n)) {
          throw new Failure.Refusal(Problem.badParameter(n, "unknown parameter (known: cursor, limit, model, outcome, reason, "
              + "requester, since, tier, until, version)"));
        }
      }
      String outcome = ctx.queryParams().get("outcome");
      if (outcome != null && !outcome.equals("allow") && !outcome.equals("deny")) {
        throw new Failure.Refusal(Problem.badParameter("outcome", "must be allow or deny"));
      }
      limit = limit(ctx.queryParams().get("limit"));
      long after = cursor(ctx.queryParams().get("cursor"));
      Instant since = LedgerRoutes.time(ctx, "since");
      Instant until = LedgerRoutes.time(ctx, "until");
      if (since != null && until != null && until.isBefore(since)) {
        throw new Failure.Refusal(Problem.badParameter("until", "is before since"));
      }
      q = new EntryQuery(Set.of("decision"), since, until, blank(ctx.queryParams().get("model")), outcome, after, true, limit);
      match = new Match(blank(ctx.queryParams().get("version")), blank(ctx.queryParams().get("tier")),
          blank(ctx.queryParams().get("reason")), blank(ctx.queryParams().get("requester")));
    } catch (Failure.Refusal r) {
      Replies.problem(ctx, r.problem);
      return;
    }
    Principal p = ctx.get(Guard.PRINCIPAL);
    String own = Endpoint.DECISIONS.onlyAsPipeline(p) ? p.identity() : null;
    Match m = match;
    Replies.async(ctx, pool, () -> page(q, limit, own, m), (c, page) -> {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      ArrayNode a = o.putArray("decisions");
      page.decisions().forEach(d -> a.add(DecisionRoutes.document(d, false)));
      if (page.next() == null) {
        o.putNull("next");
      } else {
        o.put("next", encode(page.next()));
      }
      Replies.json(c, 200, o);
    });
  }

  /** One page; {@code own} (a pipeline's identity) keeps only its decisions. */
  Page page(EntryQuery q, int limit, String own) throws Exception {
    return page(q, limit, own, Match.ANY);
  }

  /**
   * One page of the decisions {@code match} accepts; {@code own} (a pipeline's identity) keeps only
   * its decisions. Matching after the index scans at most {@code SCAN_FACTOR} x limit entries per
   * request, so such a page may be short (even empty) while {@code next} still moves on.
   */
  Page page(EntryQuery q, int limit, String own, Match match) throws Exception {
    List<Decision> out = new ArrayList<>();
    long cursor = q.after();
    int budget = own == null && match.any() ? limit : limit * SCAN_FACTOR;
    boolean exhausted = false;
    while (out.size() < limit && budget > 0) {
      int ask = Math.min(budget, MAX_LIMIT);
      EntryQuery step = new EntryQuery(q.types(), q.since(), q.until(), q.model(), q.outcome(), cursor, true, ask);
      List<LedgerRow> rows = new ArrayList<>();
      ledger.query(step, rows::add);
      int consumed = 0;
      for (LedgerRow row : rows) {
        consumed++;
        budget--;
        cursor = row.index();
        Decision d = checked(row, q);
        if (d != null && (own == null || own.equals(d.request().requester())) && match.test(d)) {
          out.add(d);
          if (out.size() == limit) {
            break;
          }
        }
      }
      if (rows.size() < ask && consumed == rows.size()) {
        exhausted = true;
        break;
      }
    }
    return new Page(out, exhausted || cursor <= 0 ? null : cursor);
  }

  /** The decision of a selected row after checking its columns against its bytes; null if its bytes do not match. */
  private static Decision checked(LedgerRow row, EntryQuery q) throws Failure.Refusal {
    EntryIndex derived;
    try {
      derived = EntryIndex.of(Json.read(row.canonical()));
    } catch (Json.ParseException e) {
      throw Failure.refuse(500, "ledger-damaged", "Ledger damaged", "entry " + row.index() + " is not JSON; run `gavel ledger verify`");
    }
    Optional<String> diff = row.columns() == null ? Optional.empty() : row.columns().difference(derived);
    if (diff.isPresent()) {
      throw Failure.refuse(500, "ledger-damaged", "Ledger damaged", "entry " + row.index() + "'s index column " + diff.get()
          + "; run `gavel ledger verify` (the search stops rather than answer from a damaged column)");
    }
    return q.matches(derived) ? DecisionRoutes.decision(row) : null;
  }

  private static int limit(String v) throws Failure.Refusal {
    if (v == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new Failure.Refusal(Problem.badParameter("limit", "must be a whole number from 1 to " + MAX_LIMIT));
  }

  static String encode(long index) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("d1:" + index).getBytes(StandardCharsets.US_ASCII));
  }

  private static long cursor(String v) throws Failure.Refusal {
    if (v == null) {
      return -1;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(v), StandardCharsets.US_ASCII);
      if (s.startsWith("d1:")) {
        long n = Long.parseLong(s.substring(3));
        if (n > 0) {
          return n;
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new Failure.Refusal(Problem.badParameter("cursor", "is not a cursor this server issued (use the next of a previous page)"));
  }

  private static String blank(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
