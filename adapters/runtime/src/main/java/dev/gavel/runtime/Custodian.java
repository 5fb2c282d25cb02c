package dev.gavel.runtime;

import dev.gavel.ledger.NoteKey;
import java.nio.file.Path;

/**
 * One way of keeping Gavel's key ({@link CustodySettings.Kind}): the file under $GAVEL_HOME/keys
 * that holds the key or names it, how to read it, make a new one, and throw away one that will
 * never be used.
 */
interface Custodian {
  CustodySettings.Kind kind();

  /** The name of its file under $GAVEL_HOME/keys (the key in force; with {@code .next}, a rotation's new key). */
  String fileName();

  /** The key {@code f} holds or names. */
  NoteKey read(Path f) throws ConfigurationException;

  /**
   * The verifier key of the key {@code f} holds or names, without unlocking it where the custody
   * can tell (an encrypted key's file states it in clear; a token key's file names it).
   */
  default String verifierKey(Path f) throws ConfigurationException {
    return read(f).verifierKey();
  }

  /**
   * Makes a new key and writes {@code f} for it, replacing {@code f} or, when {@code replace} is
   * false, only if it does not exist ({@link KeyFiles.Exists} otherwise, with nothing left behind).
   */
  NoteKey create(Path f, boolean replace) throws ConfigurationException;

  /** Removes {@code f} and, where the key lives elsewhere (a token), the key itself: it will never be used. */
  void discard(Path f) throws ConfigurationException;
}
