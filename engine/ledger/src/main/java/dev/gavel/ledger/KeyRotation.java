package dev.gavel.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A {@code key-rotation} ledger entry's payload: the retiring and the new verifier key (signed-note
 * form), and signatures by both over the same statement, so each key vouches for the other. The
 * entry and the checkpoint of its batch are still signed by the previous key; every later entry,
 * checkpoint and attestation by the new one.
 */
public record KeyRotation(long index, String previousKey, String newKey, byte[] previousSignature, byte[] newSignature) {
  public KeyRotation {
    Objects.requireNonNull(previousKey, "previousKey");
    Objects.requireNonNull(newKey, "newKey");
  }

  /** What both keys sign. */
  public static String statement(String previousKey, String newKey) {
    return "gavel key rotation v1\nprevious " + previousKey + "\nnew " + newKey + "\n";
  }

  /** The payload for rotating from {@code previous} to {@code next}, signed by both. */
  public static ObjectNode payload(NoteKey previous, NoteKey next) {
    String text = statement(previous.verifierKey(), next.verifierKey());
    byte[] msg = text.getBytes(StandardCharsets.UTF_8);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("previousKey", previous.verifierKey());
    o.put("newKey", next.verifierKey());
    o.put("previousSignature", Base64.getEncoder().encodeToString(previous.signature(msg)));
    o.put("newSignature", Base64.getEncoder().encodeToString(next.signature(msg)));
    return o;
  }

  /** Reads a rotation from a canonical ledger entry; IllegalArgumentException when malformed. */
  public static KeyRotation fromEntry(JsonNode entry) {
    JsonNode p = entry.path("payload");
    if (!p.path("previousKey").isTextual() || !p.path("newKey").isTextual()) {
      throw new IllegalArgumentException("a key-rotation entry needs previousKey and newKey");
    }
    return new KeyRotation(entry.path("index").asLong(), p.get("previousKey").asText(), p.get("newKey").asText(),
        Base64.getDecoder().decode(p.path("previousSignature").asText("")),
        Base64.getDecoder().decode(p.path("newSignature").asText("")));
  }

  /** Empty when both keys signed the statement; otherwise what is wrong. */
  public java.util.Optional<String> problem() {
    byte[] msg = statement(previousKey, newKey).getBytes(StandardCharsets.UTF_8);
    try {
      if (!NoteVerifier.parse(previousKey).verifyRaw(msg, previousSignature)) {
        return java.util.Optional.of("the previous key did not sign the rotation");
      }
      if (!NoteVerifier.parse(newKey).verifyRaw(msg, newSignature)) {
        return java.util.Optional.of("the new key did not sign the rotation");
      }
      return java.util.Optional.empty();
    } catch (IllegalArgumentException e) {
      return java.util.Optional.of("a key in the rotation is malformed: " + e.getMessage());
    }
  }
}
