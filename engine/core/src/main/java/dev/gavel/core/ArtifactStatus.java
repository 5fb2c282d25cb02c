package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether an artifact digest may run (DESIGN 3.6), from the ledger alone: {@code revoked} when a
 * revocation names it (revocation is final: a later allow cannot undo it, and the default policy
 * denies releasing a revoked digest again), else {@code released} when a recorded decision allowed
 * a release naming it, else {@code unknown} (denied only, or never asked about). The entries are
 * found through the store's digest index ({@link LedgerReader#byArtifact}), and each one read is
 * checked to name the digest, so a damaged index fails closed instead of answering wrongly.
 */
public record ArtifactStatus(String digest, Status status, List<DecisionRef> decisions, List<RevocationRef> revocations) {
  /** The answer a deployer acts on. */
  public enum Status {
    RELEASED, REVOKED, UNKNOWN;

    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A recorded decision about the digest. */
  public record DecisionRef(String decisionId, boolean allow, String timestamp, String model, String version,
      String environment, long ledgerIndex) {}

  /** A recorded revocation of the digest. */
  public record RevocationRef(Revocation revocation, long ledgerIndex) {}

  public ArtifactStatus {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(status, "status");
    decisions = List.copyOf(decisions);
    revocations = List.copyOf(revocations);
  }

  /**
   * The status of {@code sha256} (64 lowercase hex characters, optionally prefixed {@code
   * sha256:}); IllegalArgumentException for anything else.
   */
  public static ArtifactStatus lookup(LedgerReader ledger, String sha256) throws LedgerException {
    String hex = normalise(sha256);
    List<DecisionRef> decisions = new ArrayList<>();
    List<RevocationRef> revocations = new ArrayList<>();
    LedgerException[] bad = new LedgerException[1];
    ledger.byArtifact(hex, row -> {
      if (bad[0] == null) {
        try {
          read(row, hex, decisions, revocations);
        } catch (LedgerException e) {
          bad[0] = e;
        }
      }
    });
    if (bad[0] != null) {
      throw bad[0];
    }
    Status s = !revocations.isEmpty() ? Status.REVOKED
        : decisions.stream().anyMatch(DecisionRef::allow) ? Status.RELEASED : Status.UNKNOWN;
    return new ArtifactStatus("sha256:" + hex, s, decisions, revocations);
  }

  /** The hex of a digest given as {@code HEX} or {@code sha256:HEX}; IllegalArgumentException naming the problem. */
  public static String normalise(String sha256) {
    Objects.requireNonNull(sha256, "sha256");
    String hex = sha256.startsWith("sha256:") ? sha256.substring(7) : sha256;
    if (!Revocation.isDigest(hex)) {
      throw new IllegalArgumentException("an artifact digest is 64 lowercase hex characters (optionally prefixed sha256:) but got '"
          + TerminalText.escape(sha256.length() > 80 ? sha256.substring(0, 80) + "..." : sha256) + "'");
    }
    return hex;
  }

  private static void read(LedgerRow row, String hex, List<DecisionRef> decisions, List<RevocationRef> revocations)
      throws LedgerException {
    JsonNode entry;
    try {
      entry = Json.read(row.canonical());
    } catch (Json.ParseException e) {
      throw damaged(row, "is not JSON");
    }
    switch (entry.path("type").asText()) {
      case "decision" -> {
        Decision d = Decision.fromEntry(entry, row.entryHash());
        if (d.request().artifacts().stream().noneMatch(a -> a.sha256().equals(hex))) {
          throw damaged(row, "is indexed under sha256:" + hex + " but does not name it");
        }
        decisions.add(new DecisionRef(d.decisionId(), d.allow(), d.timestamp(), d.request().model(), d.request().version(),
            d.request().environment(), row.index()));
      }
      case "revocation" -> {
        Revocation r = Revocation.fromPayload(entry.path("payload"));
        if (!r.artifacts().contains(hex)) {
          throw damaged(row, "is indexed under sha256:" + hex + " but does not revoke it");
        }
        revocations.add(new RevocationRef(r, row.index()));
      }
      default -> throw damaged(row, "is a " + entry.path("type").asText() + " entry, which names no artifact");
    }
  }

  private static LedgerException damaged(LedgerRow row, String why) {
    return new LedgerException(LedgerException.Kind.DAMAGED, "the artifact index is damaged: entry " + row.index() + " " + why
        + "; run `gavel ledger verify`", null);
  }

  /** {@code {digest, status, decisions, revocations}} (DESIGN 3.6). */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("digest", digest);
    o.put("status", status.json());
    ArrayNode ds = o.putArray("decisions");
    for (DecisionRef d : decisions) {
      ObjectNode e = ds.addObject();
      e.put("decisionId", d.decisionId());
      e.put("allow", d.allow());
      e.put("timestamp", d.timestamp());
      putIf(e, "model", d.model());
      putIf(e, "version", d.version());
      putIf(e, "environment", d.environment());
      e.put("ledgerIndex", d.ledgerIndex());
    }
    ArrayNode rs = o.putArray("revocations");
    for (RevocationRef r : revocations) {
      ObjectNode e = rs.addObject();
      Revocation v = r.revocation();
      e.put("revocationId", v.revocationId());
      e.put("revokedAt", v.revokedAt());
      e.put("reason", v.reason());
      e.put("revokedBy", v.revokedBy().identity());
      if (v.decisionId() != null) {
        e.put("decisionId", v.decisionId());
      }
      e.put("ledgerIndex", r.ledgerIndex());
    }
    return o;
  }

  /** What a deployer reads at a glance (control characters from the ledger escaped). */
  public String toText() {
    return text(toJson());
  }

  /** The text form of an answer in its JSON form (this Gavel's, or a server's). */
  public static String text(JsonNode a) {
    StringBuilder b = new StringBuilder();
    b.append(a.path("status").asText("?").toUpperCase(java.util.Locale.ROOT)).append("  ").append(a.path("digest").asText()).append('\n');
    for (JsonNode r : a.path("revocations")) {
      b.append("  revoked   ").append(r.path("revokedAt").asText()).append(" by ").append(TerminalText.escape(r.path("revokedBy").asText()))
          .append(r.hasNonNull("decisionId") ? " (decision " + TerminalText.escape(r.path("decisionId").asText()) + ")" : "")
          .append(": ").append(TerminalText.escape(r.path("reason").asText())).append("  [ledger entry ")
          .append(r.path("ledgerIndex").asLong()).append("]\n");
    }
    for (JsonNode d : a.path("decisions")) {
      b.append("  ").append(d.path("allow").asBoolean() ? "allowed  " : "denied   ").append(d.path("timestamp").asText()).append(' ')
          .append(TerminalText.escape(d.path("model").asText("?"))).append('@').append(TerminalText.escape(d.path("version").asText("?")))
          .append(d.hasNonNull("environment") ? " to " + TerminalText.escape(d.path("environment").asText()) : "")
          .append(" (decision ").append(TerminalText.escape(d.path("decisionId").asText())).append(")  [ledger entry ")
          .append(d.path("ledgerIndex").asLong()).append("]\n");
    }
    if (a.path("decisions").isEmpty() && a.path("revocations").isEmpty()) {
      b.append("  no decision or revocation in the ledger names this digest\n");
    }
    return b.toString();
  }

  private static void putIf(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }
}
