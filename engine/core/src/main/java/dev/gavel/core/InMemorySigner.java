package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.Signer;
import dev.gavel.ledger.Dsse;
import dev.gavel.ledger.NoteSigner;
import java.util.Objects;

/**
 * The signing key held in this process's memory (read from $GAVEL_HOME/keys/ledger.key by the
 * runtime): signs checkpoints as C2SP signed notes and attestations as DSSE envelopes.
 */
public final class InMemorySigner implements Signer {
  private final NoteSigner key;

  public InMemorySigner(NoteSigner key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /** The key itself (its verifier for audits; its signer for a rotation statement). */
  public NoteSigner key() {
    return key;
  }

  @Override
  public String verifierKey() {
    return key.verifierKey();
  }

  @Override
  public String signNote(String text) {
    return key.sign(text);
  }

  @Override
  public JsonNode envelope(String payloadType, byte[] payload) {
    return Dsse.sign(payloadType, payload, key, key.keyId());
  }
}
