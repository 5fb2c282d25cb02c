package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.Decision;
import dev.gavel.core.Revocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The columns a store keeps beside an entry's bytes so auditors' queries are fast: type, recording
 * time, previous hash, and for decisions model, outcome and decision id, plus the lookup key of
 * {@link LedgerReader#find} and the artifact digests of {@link LedgerReader#byArtifact} (the
 * artifacts a decision names, the artifacts a revocation revokes; sorted, each once). They are
 * derived from the entry by {@link #of} alone, when written and again when audited, so a column
 * (or a digest row) that disagrees with its entry's bytes is caught. {@code digests} is null when
 * the store keeps no digest rows (an old ledger read without being upgraded), and then not compared.
 */
public record EntryIndex(String type, String timestamp, String prevHash, String model, String outcome, String decisionId,
    String key, List<String> digests) {
  public EntryIndex {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(prevHash, "prevHash");
    // null: the store keeps no digest rows (a ledger opened read-only before they existed); not compared
    digests = digests == null ? null : List.copyOf(new TreeSet<>(digests));
  }

  /** The columns of an entry that names no artifact. */
  public EntryIndex(String type, String timestamp, String prevHash, String model, String outcome, String decisionId, String key) {
    this(type, timestamp, prevHash, model, outcome, decisionId, key, List.of());
  }

  /** The columns of an entry with this type, time, previous hash and payload. */
  public static EntryIndex of(String type, String timestamp, String prevHash, JsonNode payload) {
    switch (type) {
      case "decision": {
        Decision d = Decision.fromPayload(payload, timestamp);
        List<String> digests = new ArrayList<>();
        d.request().artifacts().stream().map(a -> a.sha256()).filter(Revocation::isDigest).forEach(digests::add);
        return new EntryIndex(type, timestamp, prevHash, d.request().model(), d.allow() ? "allow" : "deny", d.decisionId(),
            d.decisionId(), digests);
      }
      case "revocation": {
        Revocation r = Revocation.fromPayload(payload);
        return new EntryIndex(type, timestamp, prevHash, null, null, null, r.revocationId(), r.artifacts());
      }
      case "policy-activation":
        // A refusal is not a policy decisions can be made with, so lookups by revision skip it.
        return new EntryIndex(type, timestamp, prevHash, null, null, null,
            "refused".equals(text(payload, "outcome")) ? null : text(payload, "revision"));
      case "policy-approval":
        return new EntryIndex(type, timestamp, prevHash, null, null, null, text(payload, "commit"));
      case "key-rotation":
        return new EntryIndex(type, timestamp, prevHash, null, null, null, text(payload, "newKey"));
      case "alert":
        return new EntryIndex(type, timestamp, prevHash, null, null, null, text(payload, "alertId"));
      default:
        return new EntryIndex(type, timestamp, prevHash, null, null, null, null);
    }
  }

  /** The columns of a parsed canonical entry {@code {index, timestamp, type, payload, prevHash}}. */
  public static EntryIndex of(JsonNode entry) {
    return of(entry.path("type").asText(), entry.path("timestamp").asText(), entry.path("prevHash").asText(),
        entry.path("payload"));
  }

  private static String text(JsonNode payload, String field) {
    JsonNode v = payload.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /** The first column that differs from {@code derived}, as "name: stored X but the entry says Y"; empty when equal. */
  public java.util.Optional<String> difference(EntryIndex derived) {
    String[][] cols = {{"type", type, derived.type}, {"timestamp", timestamp, derived.timestamp},
        {"prev_hash", prevHash, derived.prevHash}, {"model", model, derived.model}, {"outcome", outcome, derived.outcome},
        {"decision_id", decisionId, derived.decisionId}, {"entry_key", key, derived.key},
        {"digests", digests == null || digests.isEmpty() ? null : String.join(",", digests),
            digests == null || derived.digests.isEmpty() ? null : String.join(",", derived.digests)}};
    for (String[] c : cols) {
      if (!Objects.equals(c[1], c[2])) {
        return java.util.Optional.of(c[0] + ": stored " + show(c[1]) + " but the entry says " + show(c[2]));
      }
    }
    return java.util.Optional.empty();
  }

  private static String show(String s) {
    return s == null ? "NULL" : "'" + s + "'";
  }
}
