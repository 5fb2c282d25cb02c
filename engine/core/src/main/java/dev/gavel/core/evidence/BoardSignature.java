package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.CanonicalJson;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks a record a board member signed (an approval or a waiver): {@code signature} is
 * {@code {format: dsse, envelope}} whose payload is the RFC 8785 canonical JSON of the record
 * without its signature, of the given payload type, verified with the member's key.
 */
final class BoardSignature {
  static final String APPROVAL_TYPE = "application/vnd.gavel.approval+json";
  static final String WAIVER_TYPE = "application/vnd.gavel.waiver+json";

  private BoardSignature() {}

  /** The outcome: signature {@code valid}, {@code invalid} or {@code missing}; membership; role. */
  record Check(String signature, boolean boardMember, boolean roleHeld, String detail) {
    boolean valid() {
      return signature.equals("valid") && boardMember && roleHeld;
    }

    void into(ObjectNode fact) {
      fact.put("signature", signature);
      fact.put("boardMember", boardMember);
      fact.put("roleHeld", roleHeld);
      fact.put("detail", detail);
    }
  }

  static Check check(JsonNode record, String path, String payloadType, String approver, String role,
      TrustRoots trust, Instant at) throws EvidenceFormatException {
    Optional<TrustedKey> member = trust.member(approver);
    boolean roleHeld = member.isPresent() && member.get().roles().contains(role);
    JsonNode sig = record.path("signature");
    if (sig.isMissingNode() || sig.isNull()) {
      return new Check("missing", member.isPresent(), roleHeld, "not signed");
    }
    if (!sig.path("format").asText("").equals("dsse")) {
      throw new EvidenceFormatException(path + ".signature.format", "must be \"dsse\"");
    }
    DsseEnvelope env = DsseEnvelope.parse(sig.get("envelope"), path + ".signature.envelope");
    // The payload is read as strictly as the request: duplicate keys or invalid UTF-8 are bad input.
    CanonicalForm.parseDecoded(env.payload(), path + ".signature.envelope.payload", "payload");
    if (member.isEmpty()) {
      return new Check("unverified", false, false, "'" + approver + "' is not a board member");
    }
    String memberDetail = roleHeld ? "" : "; '" + approver + "' does not hold role '" + role + "'";
    if (!env.payloadType().equals(payloadType)) {
      return new Check("invalid", true, roleHeld, "payloadType must be " + payloadType + " but got '"
          + env.payloadType() + "'" + memberDetail);
    }
    ObjectNode unsigned = ((ObjectNode) record).deepCopy();
    unsigned.remove("signature");
    if (!Arrays.equals(env.payload(), CanonicalJson.canonicalize(unsigned))) {
      return new Check("invalid", true, roleHeld, "signed payload is not the canonical JSON of this record" + memberDetail);
    }
    if (!env.verifiedBy(member.get().key())) {
      return new Check("invalid", true, roleHeld, "signature does not verify under the key of '" + approver + "'"
          + memberDetail);
    }
    String unusable = member.get().unusableAt(at);
    if (unusable != null) {
      return new Check("invalid", true, roleHeld, unusable + memberDetail);
    }
    return new Check("valid", true, roleHeld, roleHeld ? "signed by board member '" + approver + "'"
        : memberDetail.substring(2));
  }
}
