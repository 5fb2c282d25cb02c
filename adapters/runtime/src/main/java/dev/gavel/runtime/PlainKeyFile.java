package dev.gavel.runtime;

import dev.gavel.ledger.NoteKey;
import dev.gavel.ledger.NoteSigner;
import java.nio.file.Path;
import java.security.SecureRandom;

/** {@code file} custody: the Ed25519 key as signed-note signer-key text in {@code keys/ledger.key} (mode 0600). */
final class PlainKeyFile implements Custodian {
  @Override
  public CustodySettings.Kind kind() {
    return CustodySettings.Kind.FILE;
  }

  @Override
  public String fileName() {
    return "ledger.key";
  }

  @Override
  public NoteKey read(Path f) throws ConfigurationException {
    String text = KeyFiles.read(f);
    try {
      return NoteSigner.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("key file " + f + " is malformed: " + e.getMessage(), e);
    }
  }

  @Override
  public NoteKey create(Path f, boolean replace) throws ConfigurationException {
    NoteSigner s = fresh();
    KeyFiles.write(f, s.signerKey() + "\n", replace);
    return s;
  }

  @Override
  public void discard(Path f) throws ConfigurationException {
    KeyFiles.delete(f);
  }

  static NoteSigner fresh() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return new NoteSigner(KeyCustody.KEY_NAME, seed);
  }
}
