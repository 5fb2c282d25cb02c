package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.Signer;
import dev.gavel.ledger.Dsse;
import dev.gavel.ledger.NoteKey;
import java.util.Objects;

/**
 * The {@link Signer} port over a note key wherever it is kept: an Ed25519 key Gavel read into
 * memory (from a file, plain or encrypted) or an ECDSA key in a hardware token that signs inside
 * the token. Checkpoints become C2SP signed notes of the key's signature type; attestations DSSE
 * envelopes whose key id is the note key id.
 */
public class NoteKeySigner implements Signer {
  private final NoteKey key;

  public NoteKeySigner(NoteKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /** The key (its verifier for audits; its signature for a rotation statement). */
  public NoteKey key() {
    return key;
  }

  @Override
  public String verifierKey() {
    return key.verifierKey();
  }

  @Override
  public String signNote(String text) {
    return key.signNote(text);
  }

  @Override
  public JsonNode envelope(String payloadType, byte[] payload) {
    return Dsse.sign(payloadType, payload, key, key.keyId());
  }
}
