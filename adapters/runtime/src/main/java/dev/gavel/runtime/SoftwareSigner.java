package dev.gavel.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.Signer;
import dev.gavel.ledger.Dsse;
import dev.gavel.ledger.NoteSigner;
import java.util.Objects;

/** The signing key held in this process's memory, read from $GAVEL_HOME/keys/ledger.key. */
public final class SoftwareSigner implements Signer {
  private final NoteSigner key;

  public SoftwareSigner(NoteSigner key) {
    this.key = Objects.requireNonNull(key, "key");
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

  NoteSigner key() {
    return key;
  }
}
