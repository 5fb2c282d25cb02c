package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.Decision;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/artifacts/{sha256}} (DESIGN 3.6): whether an artifact digest is released, from
 * the ledger: {@code {digest, status, decisions, revocations}} with {@code released} when a
 * recorded decision allowed a release naming it, {@code unknown} otherwise (denied only, or never
 * asked about). Revocation entries are not defined yet (issue 16): while the ledger holds none the
 * answer is complete; once it holds any, this server cannot interpret them and answers 501 rather
 * than call a possibly revoked artifact released (fail closed). An in-memory index of digests to
 * decision entries is built on first use (one pass over the ledger) and extended with the entries
 * appended since, by this or any other process.
 */
final class ArtifactRoutes {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private final LedgerReader ledger;
  private final BlockingPool pool;
  private final Map<String, List<Long>> byDigest = new HashMap<>();
  private long indexed;
  private long revocations;

  ArtifactRoutes(LedgerReader ledger, BlockingPool pool) {
    this.ledger = ledger;
    this.pool = pool;
  }

  void handle(RoutingContext ctx) {
    String raw = ctx.pathParam("sha256");
    String hex = raw.startsWith("sha256:") ? raw.substring(7) : raw;
    if (!SHA256.matcher(hex).matches()) {
      Replies.problem(ctx, Problem.badParameter("sha256", "must be 64 lowercase hex characters (optionally prefixed sha256:)"));
      return;
    }
    Replies.async(ctx, pool, () -> status(hex), (c, o) -> Replies.json(c, 200, o));
  }

  ObjectNode status(String hex) throws LedgerException, Failure.Refusal {
    List<Long> entries;
    synchronized (this) {
      catchUp();
      if (revocations > 0) {
        throw Failure.refuse(501, "revocations-not-supported", "Revocations not interpreted", "the ledger holds "
            + revocations + " revocation entries, which this server does not interpret yet; it will not call an artifact "
            + "released that may be revoked");
      }
      entries = List.copyOf(byDigest.getOrDefault(hex, List.of()));
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("digest", "sha256:" + hex);
    boolean released = false;
    ArrayNode ds = JsonNodeFactory.instance.arrayNode();
    for (long i : entries) {
      LedgerRow row = ledger.entry(i).orElseThrow(() -> new LedgerException("entry " + i + " disappeared"));
      Decision d = DecisionRoutes.decision(row);
      released |= d.allow();
      ObjectNode e = ds.addObject();
      e.put("decisionId", d.decisionId());
      e.put("allow", d.allow());
      e.put("timestamp", d.timestamp());
      putIf(e, "model", d.request().model());
      putIf(e, "version", d.request().version());
      putIf(e, "environment", d.request().environment());
      e.put("ledgerIndex", i);
    }
    o.put("status", released ? "released" : "unknown");
    o.set("decisions", ds);
    o.putArray("revocations");
    return o;
  }

  /** Indexes the entries appended since the last call. */
  private void catchUp() throws LedgerException {
    long size = ledger.size();
    if (size <= indexed) {
      return;
    }
    LedgerException[] bad = new LedgerException[1];
    ledger.entries(indexed, size, row -> {
      if (bad[0] != null) {
        return;
      }
      String type = row.columns() == null ? null : row.columns().type();
      if (type != null && !type.equals("decision") && !type.equals("revocation")) {
        return;
      }
      try {
        JsonNode e = Json.read(row.canonical());
        switch (e.path("type").asText()) {
          case "decision" -> {
            for (JsonNode a : e.path("payload").path("request").path("artifacts")) {
              byDigest.computeIfAbsent(a.path("sha256").asText(), k -> new ArrayList<>()).add(row.index());
            }
          }
          case "revocation" -> revocations++;
          default -> { }
        }
      } catch (Json.ParseException x) {
        bad[0] = new LedgerException(LedgerException.Kind.DAMAGED, "entry " + row.index() + " is not JSON; run `gavel ledger verify`", x);
      }
    });
    if (bad[0] != null) {
      throw bad[0];
    }
    indexed = size;
  }

  private static void putIf(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }
}
