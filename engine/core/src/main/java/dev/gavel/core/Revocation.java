package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.CanonicalJson;
import dev.gavel.json.Json;
import dev.gavel.ledger.ChainFailure;
import dev.gavel.ledger.Dsse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A revocation (DESIGN 3.6): a risk officer withdrew released artifacts, by digest or by the
 * decision that released them, with a reason. It is a {@code revocation} ledger entry whose payload
 * carries the statement and Gavel's signature over it (a DSSE envelope of payload type
 * {@link #PAYLOAD_TYPE} over the RFC 8785 JSON of the payload without the envelope), so a
 * revocation can be shown and checked on its own, and the ledger audit checks the signature with
 * the key in force like a decision's attestation. This record is the only writer and reader of
 * that JSON form.
 *
 * @param revocationId a UUIDv7, the entry's lookup key
 * @param revokedAt RFC 3339 UTC, the entry's timestamp
 * @param decisionId the decision revoked (null when an artifact was revoked by digest)
 * @param decisionIndex that decision's ledger index (-1 when none)
 * @param artifacts the sha256 hex digests revoked (a decision's: all of its artifacts); sorted, each once
 */
public record Revocation(String revocationId, String revokedAt, String decisionId, long decisionIndex, List<String> artifacts,
    String reason, Actor revokedBy, JsonNode attestation) {
  public static final String PAYLOAD_TYPE = "application/vnd.gavel.revocation+json";
  /** The longest reason kept (a paragraph, not a document). */
  public static final int MAX_REASON = 2000;
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public Revocation {
    Objects.requireNonNull(revocationId, "revocationId");
    Objects.requireNonNull(revokedAt, "revokedAt");
    artifacts = List.copyOf(new TreeSet<>(artifacts));
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(revokedBy, "revokedBy");
    for (String a : artifacts) {
      if (!SHA256.matcher(a).matches()) {
        throw new IllegalArgumentException("a revoked artifact must be a sha256 of 64 lowercase hex characters but got " + a);
      }
    }
  }

  /** Whether {@code s} is a sha256 digest as Gavel writes them: 64 lowercase hex characters. */
  public static boolean isDigest(String s) {
    return s != null && SHA256.matcher(s).matches();
  }

  /**
   * Who revoked: the authenticated identity (a token's name, an OIDC subject, a certificate
   * identity; on the host, who ran the command), how ({@code http} or {@code cli}) and, over HTTP,
   * the token id.
   */
  public record Actor(String identity, String via, String tokenId) {
    public Actor {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(via, "via");
    }

    ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("identity", identity);
      o.put("via", via);
      if (tokenId != null) {
        o.put("tokenId", tokenId);
      }
      return o;
    }

    static Actor fromJson(JsonNode o) {
      return new Actor(o.path("identity").asText(""), o.path("via").asText(""), o.path("tokenId").isTextual()
          ? o.get("tokenId").asText() : null);
    }
  }

  /** The statement that is signed: everything but the envelope. */
  public ObjectNode statement() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("revocationId", revocationId);
    o.put("revokedAt", revokedAt);
    if (decisionId != null) {
      o.put("decisionId", decisionId);
      o.put("decisionIndex", decisionIndex);
    }
    ArrayNode a = o.putArray("artifacts");
    artifacts.forEach(a::add);
    o.put("reason", reason);
    o.set("revokedBy", revokedBy.toJson());
    return o;
  }

  /** The canonical bytes of {@link #statement()}, what the envelope signs. */
  public byte[] statementBytes() {
    return CanonicalJson.canonicalize(statement());
  }

  public Revocation withAttestation(JsonNode envelope) {
    return new Revocation(revocationId, revokedAt, decisionId, decisionIndex, artifacts, reason, revokedBy, envelope);
  }

  /** The payload of the ledger entry: the statement and its envelope. */
  public ObjectNode toPayload() {
    ObjectNode p = statement();
    if (attestation != null) {
      p.set("attestation", attestation);
    }
    return p;
  }

  /** Reads a revocation entry's payload (missing fields read as empty; {@link #check} says what is wrong). */
  public static Revocation fromPayload(JsonNode p) {
    List<String> artifacts = new ArrayList<>();
    for (JsonNode a : p.path("artifacts")) {
      if (isDigest(a.asText())) {
        artifacts.add(a.asText());
      }
    }
    return new Revocation(p.path("revocationId").asText(""), p.path("revokedAt").asText(""),
        p.path("decisionId").isTextual() ? p.get("decisionId").asText() : null, p.path("decisionIndex").asLong(-1), artifacts,
        p.path("reason").asText(""), Actor.fromJson(p.path("revokedBy")), p.get("attestation"));
  }

  /** The API form: the statement, the ledger index and the envelope. */
  public ObjectNode toJson(long ledgerIndex) {
    ObjectNode o = statement();
    o.put("ledgerIndex", ledgerIndex);
    if (attestation != null) {
      o.set("attestation", attestation);
    }
    return o;
  }

  /**
   * What the audits demand of a {@code revocation} entry beyond its hashes (the envelope's
   * signature is checked by the ledger audit with the key in force): its fields are well formed,
   * its time is the entry's, it carries an envelope, and the envelope states exactly this
   * revocation. A copied or altered envelope is caught.
   */
  static Optional<ChainFailure> check(long index, JsonNode entry) {
    JsonNode p = entry.path("payload");
    List<String> bad = new ArrayList<>();
    if (!p.path("revocationId").isTextual() || p.get("revocationId").asText().isEmpty()) {
      bad.add("no revocationId");
    }
    if (!p.path("revokedAt").asText("").equals(entry.path("timestamp").asText())) {
      bad.add("revokedAt " + p.path("revokedAt") + " is not the entry's time " + entry.path("timestamp"));
    }
    if (!p.path("artifacts").isArray() || p.get("artifacts").isEmpty()) {
      bad.add("no revoked artifacts");
    } else {
      for (JsonNode a : p.get("artifacts")) {
        if (!isDigest(a.asText(null))) {
          bad.add("artifact " + a + " is not a sha256 digest");
        }
      }
    }
    if (!p.path("reason").isTextual() || p.get("reason").asText().isBlank()) {
      bad.add("no reason");
    }
    if (!bad.isEmpty()) {
      return Optional.of(new ChainFailure(index, "revocation.unreadable", "the revocation entry is malformed: "
          + String.join("; ", bad)));
    }
    JsonNode env = p.get("attestation");
    if (env == null) {
      return Optional.of(new ChainFailure(index, "attestation.missing", "the revocation carries no signed statement"));
    }
    Revocation r = fromPayload(p);
    try {
      if (!PAYLOAD_TYPE.equals(env.path("payloadType").asText())) {
        return Optional.of(new ChainFailure(index, "attestation.mismatch", "the revocation's envelope has payload type "
            + env.path("payloadType") + ", not " + PAYLOAD_TYPE));
      }
      JsonNode signed = Json.read(Dsse.payload(env));
      ObjectNode stated = p.deepCopy();
      stated.remove("attestation");
      if (!signed.equals(stated)) {
        return Optional.of(new ChainFailure(index, "attestation.mismatch", "the revocation's signed statement is not its entry "
            + "(revocation " + r.revocationId() + ")"));
      }
    } catch (IllegalArgumentException | Json.ParseException e) {
      return Optional.of(new ChainFailure(index, "attestation.mismatch", "the revocation's envelope cannot be read: " + e.getMessage()));
    }
    return Optional.empty();
  }
}
