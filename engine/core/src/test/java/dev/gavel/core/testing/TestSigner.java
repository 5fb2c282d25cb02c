package dev.gavel.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.Signer;
import dev.gavel.ledger.Dsse;
import dev.gavel.ledger.NoteSigner;

/** A software signer with a fixed test key (never used outside tests). */
public final class TestSigner implements Signer {
  private final NoteSigner key;

  public TestSigner(NoteSigner key) {
    this.key = key;
  }

  /** The key derived from {@code n} (distinct n, distinct keys). */
  public static TestSigner of(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[31] = 7;
    return new TestSigner(new NoteSigner("gavel.test/ledger", seed));
  }

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
