package dev.gavel.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.http.auth.TokenStore;
import dev.gavel.json.CanonicalJson;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Privileged actions as {@code access} ledger entries (DESIGN 3.3): a token issued or revoked, and
 * the server started with its configuration (by digest, and the non-secret settings themselves).
 * Payload: {@code {action, actor, ...}}; never a token, a hash of one, or a key.
 */
public final class AccessEntries {
  private AccessEntries() {}

  public static LedgerReceipt tokenCreated(LedgerStore ledger, Instant now, String actor, TokenStore.Token t)
      throws LedgerException {
    ObjectNode p = base("token.created", actor);
    token(p, t);
    return ledger.append("access", time(now), p);
  }

  public static LedgerReceipt tokenRevoked(LedgerStore ledger, Instant now, String actor, TokenStore.Token t)
      throws LedgerException {
    ObjectNode p = base("token.revoked", actor);
    token(p, t);
    return ledger.append("access", time(now), p);
  }

  /** {@code server.started} with the SHA-256 of the canonical settings and the settings. */
  public static LedgerReceipt serverStarted(LedgerStore ledger, Instant now, String actor, ObjectNode settings)
      throws LedgerException {
    ObjectNode p = base("server.started", actor);
    p.put("configDigest", CanonicalJson.sha256(settings));
    p.set("config", settings);
    return ledger.append("access", time(now), p);
  }

  private static ObjectNode base(String action, String actor) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("action", action);
    p.put("actor", actor);
    return p;
  }

  private static void token(ObjectNode p, TokenStore.Token t) {
    p.put("tokenId", t.id());
    p.put("name", t.name());
    p.put("role", t.role().wire());
    if (t.expires() != null) {
      p.put("expires", t.expires().toString());
    }
  }

  private static String time(Instant now) {
    return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MILLIS));
  }
}
