package dev.gavel.core.testing;

import dev.gavel.core.InMemorySigner;
import dev.gavel.ledger.NoteSigner;

/** Fixed test keys (never used outside tests). */
public final class TestSigner {
  private TestSigner() {}

  /** The key derived from {@code n} (distinct n, distinct keys). */
  public static InMemorySigner of(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[31] = 7;
    return new InMemorySigner(new NoteSigner("gavel.test/ledger", seed));
  }
}
