package dev.gavel.ledger;

import dev.gavel.json.CanonicalJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;

/**
 * One ledger entry (DESIGN 3.3): its canonical bytes are RFC 8785 JSON of
 * {@code {index, timestamp, type, payload, prevHash}}; its hash is the RFC 6962 leaf hash of those
 * bytes, and the next entry's prevHash.
 */
public record LedgerEntry(long index, String timestamp, String type, JsonNode payload, String prevHash) {
  public static final Set<String> TYPES = Set.of("decision", "policy-activation", "policy-approval", "revocation", "key-rotation", "access",
      "alert");
  /** The prevHash of entry 0. */
  public static final String GENESIS = "sha256:" + "0".repeat(64);

  public LedgerEntry {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0 but got " + index);
    }
    requireAppendable(type, timestamp, payload);
    if (prevHash == null || !prevHash.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("prevHash must be sha256:<64 hex> but got " + prevHash);
    }
  }

  /** Checks what an appender supplies (the store assigns index and prevHash). */
  public static void requireAppendable(String type, String timestamp, JsonNode payload) {
    Objects.requireNonNull(timestamp, "timestamp");
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("type must be one of " + TYPES + " but got " + type);
    }
    Objects.requireNonNull(payload, "payload");
  }

  public JsonNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("index", index);
    o.put("timestamp", timestamp);
    o.put("type", type);
    o.set("payload", payload);
    o.put("prevHash", prevHash);
    return o;
  }

  /** The exact bytes that are hashed and stored. */
  public byte[] canonicalBytes() {
    return CanonicalJson.canonicalize(toJson());
  }

  /**
   * The same bytes as {@link #canonicalBytes()}, from a payload already in canonical form: the
   * members in RFC 8785 order are index, payload, prevHash, timestamp, type. Lets many appending
   * threads canonicalise their payloads in parallel while one writer assigns indexes and links.
   */
  public static byte[] canonicalBytes(long index, String timestamp, String type, byte[] canonicalPayload, String prevHash) {
    byte[] head = ("{\"index\":" + index + ",\"payload\":").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] tail = (",\"prevHash\":" + CanonicalJson.text(com.fasterxml.jackson.databind.node.TextNode.valueOf(prevHash))
        + ",\"timestamp\":" + CanonicalJson.text(com.fasterxml.jackson.databind.node.TextNode.valueOf(timestamp))
        + ",\"type\":" + CanonicalJson.text(com.fasterxml.jackson.databind.node.TextNode.valueOf(type)) + "}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + canonicalPayload.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(canonicalPayload, 0, out, head.length, canonicalPayload.length);
    System.arraycopy(tail, 0, out, head.length + canonicalPayload.length, tail.length);
    return out;
  }

  /** {@code sha256:<hex>} of the leaf hash of the canonical bytes. */
  public String entryHash() {
    return LeafHash.render(LeafHash.leaf(canonicalBytes()));
  }
}
