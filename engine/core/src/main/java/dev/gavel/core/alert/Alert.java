package dev.gavel.core.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.Signer;
import dev.gavel.json.CanonicalJson;
import dev.gavel.json.Json;
import dev.gavel.ledger.ChainFailure;
import dev.gavel.ledger.Dsse;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An anomaly the {@link AnomalyDetector} found. Recorded as an {@code alert} ledger entry whose
 * payload is the statement {@code {alertId, type, at, subject, data}} and Gavel's DSSE envelope over
 * its RFC 8785 bytes (payload type {@link #PAYLOAD_TYPE}), as a revocation is: the ledger audit
 * checks the envelope's signature with the key in force and {@link #check} that it states the entry.
 * This record is the only writer and reader of that JSON form.
 *
 * @param type one of {@link #TYPES} (the CloudEvents type is {@code dev.gavel.alert.<type>})
 * @param subject what it is about: a model, a requester, a token id, an address, a decision id, a ledger index
 * @param data the rule's figures (counts, rates, thresholds), never a secret
 */
public record Alert(String alertId, String type, String at, String subject, ObjectNode data, JsonNode attestation) {
  public static final String PAYLOAD_TYPE = "application/vnd.gavel.alert+json";
  public static final Set<String> TYPES = Set.of("deny-spike", "allow-after-denials", "change-window", "new-board-member",
      "token-burst", "auth-failures", "ledger-verification", "checkpoint-stale");
  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public Alert {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(data, "data");
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("alert type must be one of " + TYPES + " but got " + type);
    }
    data = data.deepCopy();
  }

  static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** The statement that is signed: everything but the envelope. */
  public ObjectNode statement() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("alertId", alertId);
    o.put("type", type);
    o.put("at", at);
    o.put("subject", subject);
    o.set("data", data.deepCopy());
    return o;
  }

  /** The payload of the ledger entry: the statement and its envelope. */
  public ObjectNode toPayload() {
    ObjectNode p = statement();
    if (attestation != null) {
      p.set("attestation", attestation);
    }
    return p;
  }

  /** Signs the statement with Gavel's key and appends the {@code alert} entry; returns once it is durable. */
  public LedgerReceipt record(LedgerStore ledger, Signer signer) throws LedgerException {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(signer, "signer");
    ObjectNode p = statement();
    p.set("attestation", signer.envelope(PAYLOAD_TYPE, CanonicalJson.canonicalize(statement())));
    return ledger.append("alert", at, p);
  }

  /** Reads an alert entry's payload; IllegalArgumentException when it is not one ({@link #check} says why). */
  public static Alert fromPayload(JsonNode p) {
    if (!p.path("data").isObject()) {
      throw new IllegalArgumentException("an alert's data must be an object");
    }
    return new Alert(p.path("alertId").asText(""), p.path("type").asText(""), p.path("at").asText(""),
        p.path("subject").asText(""), (ObjectNode) p.get("data"), p.get("attestation"));
  }

  /**
   * What the audits demand of an {@code alert} entry beyond its hashes (the envelope's signature
   * is checked by the ledger audit with the key in force): its fields are well formed, its time is
   * the entry's, and it carries an envelope stating exactly this alert.
   */
  public static Optional<ChainFailure> check(long index, JsonNode entry) {
    JsonNode p = entry.path("payload");
    List<String> bad = new ArrayList<>();
    if (!UUID.matcher(p.path("alertId").asText("")).matches()) {
      bad.add("alertId " + p.path("alertId") + " is not a UUID");
    }
    if (!TYPES.contains(p.path("type").asText(""))) {
      bad.add("type " + p.path("type") + " is not an alert type");
    }
    if (!p.path("at").asText("").equals(entry.path("timestamp").asText())) {
      bad.add("at " + p.path("at") + " is not the entry's time " + entry.path("timestamp"));
    }
    if (!p.path("subject").isTextual()) {
      bad.add("no subject");
    }
    if (!p.path("data").isObject()) {
      bad.add("data is not an object");
    }
    if (!bad.isEmpty()) {
      return Optional.of(new ChainFailure(index, "alert.unreadable", "the alert entry is malformed: " + String.join("; ", bad)));
    }
    JsonNode env = p.get("attestation");
    if (env == null) {
      return Optional.of(new ChainFailure(index, "attestation.missing", "the alert carries no signed statement"));
    }
    try {
      if (!PAYLOAD_TYPE.equals(env.path("payloadType").asText())) {
        return Optional.of(new ChainFailure(index, "attestation.mismatch", "the alert's envelope has payload type "
            + env.path("payloadType") + ", not " + PAYLOAD_TYPE));
      }
      ObjectNode stated = p.deepCopy();
      stated.remove("attestation");
      // Compared as canonical bytes: the signed payload must be exactly the RFC 8785 form of the entry's statement
      // (a JSON node comparison would tell 0.5 read as a double from 0.5 read as a decimal).
      if (!java.util.Arrays.equals(Dsse.payload(env), CanonicalJson.canonicalize(stated))) {
        return Optional.of(new ChainFailure(index, "attestation.mismatch", "the alert's signed statement is not its entry (alert "
            + p.path("alertId").asText() + ")"));
      }
    } catch (IllegalArgumentException e) {
      return Optional.of(new ChainFailure(index, "attestation.mismatch", "the alert's envelope cannot be read: " + e.getMessage()));
    }
    return Optional.empty();
  }
}
