package dev.gavel.core.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.evidence.TrustRoots;
import dev.gavel.core.evidence.TrustedKey;
import dev.gavel.json.CanonicalJson;
import dev.gavel.json.Json;
import dev.gavel.ledger.Dsse;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A board member's signed statement about a policy revision (DESIGN 3.5): a DSSE envelope of
 * payload type {@value #PAYLOAD_TYPE} whose payload is the RFC 8785 JSON of
 * {@code {commit, approver, decision, at}}, signed with the member's board key. This record is the
 * only writer and reader of that form.
 */
public record PolicyApproval(String commit, String approver, String decision, Instant at) {
  public static final String PAYLOAD_TYPE = "application/vnd.gavel.policy-approval+json";

  public PolicyApproval {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(approver, "approver");
    if (!"approve".equals(decision) && !"reject".equals(decision)) {
      throw new IllegalArgumentException("decision must be approve or reject but got " + decision);
    }
    Objects.requireNonNull(at, "at");
  }

  public ObjectNode statement() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("commit", commit);
    o.put("approver", approver);
    o.put("decision", decision);
    o.put("at", at.toString());
    return o;
  }

  /** The signed envelope (the approval file `gavel policy approve -o` writes). */
  public ObjectNode sign(PrivateKey key) {
    return Dsse.sign(PAYLOAD_TYPE, CanonicalJson.canonicalize(statement()), key, approver);
  }

  /**
   * Reads the statement inside an envelope without checking the signature; IllegalArgumentException
   * naming what is malformed (wrong payload type, not strict JSON, missing or extra fields).
   */
  public static PolicyApproval fromEnvelope(JsonNode envelope) {
    if (envelope == null || !envelope.isObject()) {
      throw new IllegalArgumentException("a policy approval must be a DSSE envelope (a JSON object)");
    }
    if (!PAYLOAD_TYPE.equals(envelope.path("payloadType").asText(null))) {
      throw new IllegalArgumentException("payloadType must be " + PAYLOAD_TYPE + " but got '"
          + envelope.path("payloadType").asText("") + "'");
    }
    byte[] payload = Dsse.payload(envelope);
    JsonNode st;
    try {
      st = Json.read(payload);
    } catch (Json.ParseException e) {
      throw new IllegalArgumentException("the approval's payload is not strict JSON: " + e.located());
    }
    if (!Arrays.equals(CanonicalJson.canonicalize(st), payload)) {
      throw new IllegalArgumentException("the approval's payload is not RFC 8785 canonical JSON");
    }
    for (String f : new String[] {"commit", "approver", "decision", "at"}) {
      if (!st.path(f).isTextual()) {
        throw new IllegalArgumentException("the approval's payload needs a string " + f);
      }
    }
    if (st.size() != 4) {
      throw new IllegalArgumentException("the approval's payload holds exactly commit, approver, decision and at");
    }
    Instant at;
    try {
      at = Instant.parse(st.get("at").asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("the approval's at is not an RFC 3339 UTC time: " + st.get("at").asText());
    }
    return new PolicyApproval(st.get("commit").asText(), st.get("approver").asText(), st.get("decision").asText(), at);
  }

  /** How an approval fared against a revision, a board and its author. */
  public record Check(PolicyApproval approval, JsonNode envelope, boolean valid, String detail) {
    public ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      if (approval != null) {
        o.put("approver", approval.approver());
        o.put("decision", approval.decision());
        o.put("at", approval.at().toString());
      }
      o.put("valid", valid);
      o.put("detail", detail);
      o.set("envelope", envelope);
      return o;
    }
  }

  /**
   * Checks an approval envelope for {@code commit}: readable, for this commit, by a member of
   * {@code board} (the currently active revision's board, so a change cannot approve itself by
   * adding members), signed with that member's key while it was usable, not by the commit's author,
   * and not dated after {@code now}.
   */
  public static Check check(JsonNode envelope, String commit, TrustRoots board, String authorEmail, Instant now) {
    PolicyApproval a;
    try {
      a = fromEnvelope(envelope);
    } catch (IllegalArgumentException e) {
      return new Check(null, envelope, false, "unreadable: " + e.getMessage());
    }
    if (!a.commit().equals(commit)) {
      return new Check(a, envelope, false, "it approves commit " + a.commit() + ", not " + commit);
    }
    Optional<TrustedKey> member = board.member(a.approver());
    if (member.isEmpty()) {
      return new Check(a, envelope, false, "'" + a.approver() + "' is not a member of the active revision's board");
    }
    if (!Dsse.verify(envelope, member.get().key())) {
      return new Check(a, envelope, false, "the signature does not verify under the board key of '" + a.approver() + "'");
    }
    String unusable = member.get().unusableAt(a.at());
    if (unusable != null) {
      return new Check(a, envelope, false, unusable);
    }
    if (a.at().isAfter(now.plusSeconds(300))) {
      return new Check(a, envelope, false, "it is dated " + a.at() + ", in the future");
    }
    if (authorEmail != null && a.approver().toLowerCase(Locale.ROOT).equals(authorEmail.toLowerCase(Locale.ROOT))) {
      return new Check(a, envelope, false, "'" + a.approver() + "' is the commit's author: a change cannot be approved by its author");
    }
    return new Check(a, envelope, true, a.decision().equals("approve") ? "approved by board member '" + a.approver() + "'"
        : "rejected by board member '" + a.approver() + "'");
  }
}
