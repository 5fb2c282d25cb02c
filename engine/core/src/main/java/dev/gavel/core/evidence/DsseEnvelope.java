package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.RequestProblem;
import dev.gavel.ledger.Dsse;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A parsed DSSE envelope: payload type, decoded payload and the signatures over PAE. */
public record DsseEnvelope(String payloadType, byte[] payload, List<Signature> signatures) implements SignedContent {
  public DsseEnvelope {
    signatures = List.copyOf(signatures);
  }

  /** One signature: the optional key id (a hint only, never trusted) and the signature bytes. */
  public record Signature(String keyId, byte[] sig) {}

  /**
   * Reads an envelope at JSON path {@code path}; a structural problem (not base64, missing
   * field, no signature) is reported as a {@link RequestProblem}.
   */
  public static DsseEnvelope parse(JsonNode n, String path) throws EvidenceFormatException {
    if (n == null || !n.isObject()) {
      throw new EvidenceFormatException(path, "DSSE envelope must be an object");
    }
    if (!n.path("payloadType").isTextual()) {
      throw new EvidenceFormatException(path + ".payloadType", "required string is missing");
    }
    if (!n.path("payload").isTextual()) {
      throw new EvidenceFormatException(path + ".payload", "required base64 string is missing");
    }
    byte[] payload = base64(n.get("payload").asText(), path + ".payload");
    JsonNode sigs = n.path("signatures");
    if (!sigs.isArray() || sigs.isEmpty()) {
      throw new EvidenceFormatException(path + ".signatures", "must be a non-empty array");
    }
    List<Signature> out = new ArrayList<>();
    for (int i = 0; i < sigs.size(); i++) {
      JsonNode s = sigs.get(i);
      String at = path + ".signatures[" + i + "]";
      if (!s.path("sig").isTextual()) {
        throw new EvidenceFormatException(at + ".sig", "required base64 string is missing");
      }
      String keyId = s.path("keyid").isTextual() ? s.get("keyid").asText() : "";
      out.add(new Signature(keyId, base64(s.get("sig").asText(), at + ".sig")));
    }
    return new DsseEnvelope(n.get("payloadType").asText(), payload, out);
  }

  private static byte[] base64(String text, String path) throws EvidenceFormatException {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException e2) {
        throw new EvidenceFormatException(path, "is not valid base64");
      }
    }
  }

  /** True when one of the signatures verifies over PAE(payloadType, payload) under the key. */
  @Override
  public boolean verifiedBy(PublicKey key) {
    byte[] pae = Dsse.pae(payloadType, payload);
    for (Signature s : signatures) {
      if (Dsse.verifySignature(key, pae, s.sig())) {
        return true;
      }
    }
    return false;
  }

  /** The key ids the signatures name. */
  @Override
  public List<String> keyIds() {
    return signatures.stream().map(Signature::keyId).filter(k -> !k.isEmpty()).toList();
  }
}
