package dev.gavel.core;

import dev.gavel.ledger.NoteSigner;

/**
 * The {@link NoteKeySigner} of an Ed25519 key held in this process's memory, typed as that key
 * (tests and tools that need the {@link NoteSigner} itself: its seed-derived verifier, its raw
 * signatures).
 */
public final class InMemorySigner extends NoteKeySigner {
  private final NoteSigner key;

  public InMemorySigner(NoteSigner key) {
    super(key);
    this.key = key;
  }

  @Override
  public NoteSigner key() {
    return key;
  }
}
