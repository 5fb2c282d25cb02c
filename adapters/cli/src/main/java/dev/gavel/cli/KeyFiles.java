package dev.gavel.cli;

import dev.gavel.ledger.NoteSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * Gavel's Ed25519 key under $GAVEL_HOME/keys/ledger.key (signer-key text, file mode 0600): it signs
 * checkpoints and decision attestations. Created on first use; its contents are never printed.
 */
final class KeyFiles {
  static final String KEY_NAME = "gavel.local/ledger";

  private KeyFiles() {}

  static Path keyFile(Path home) {
    return home.resolve("keys").resolve("ledger.key");
  }

  /** Loads the key, creating it when absent. */
  static NoteSigner loadOrCreate(Path home) throws UserError {
    Path f = keyFile(home);
    if (!Files.exists(f)) {
      return generate(home, false);
    }
    return load(home);
  }

  static Path nextKeyFile(Path home) {
    return home.resolve("keys").resolve("ledger.key.next");
  }

  static NoteSigner load(Path home) throws UserError {
    Path f = keyFile(home);
    if (Files.exists(nextKeyFile(home))) {
      throw new UserError("an interrupted `gavel keys rotate` left " + nextKeyFile(home)
          + "; run `gavel keys rotate --resume` to finish or undo it");
    }
    return read(f);
  }

  static NoteSigner read(Path f) throws UserError {
    try {
      return NoteSigner.parse(Files.readString(f, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UserError("cannot read key " + f + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UserError("key file " + f + " is malformed: " + e.getMessage());
    }
  }

  /** Writes a fresh key to keys/ledger.key.next (mode 0600); the rotation promotes it once recorded. */
  static NoteSigner generateNext(Path home) throws UserError {
    return write(nextKeyFile(home), true);
  }

  /** Makes the next key the current one (atomic rename). */
  static void promoteNext(Path home) throws UserError {
    try {
      Files.move(nextKeyFile(home), keyFile(home), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserError("cannot install the new key: " + e.getMessage());
    }
  }

  static NoteSigner generate(Path home, boolean replace) throws UserError {
    return write(keyFile(home), replace);
  }

  private static NoteSigner write(Path f, boolean replace) throws UserError {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    NoteSigner signer = new NoteSigner(KEY_NAME, seed);
    try {
      Path dir = f.getParent();
      Files.createDirectories(dir);
      trySetMode(dir, "rwx------");
      if (Files.exists(f) && !replace) {
        throw new UserError("key " + f + " already exists (use --force to replace it)");
      }
      Path tmp = dir.resolve(f.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp);
      trySetMode(tmp, "rw-------");
      Files.writeString(tmp, signer.signerKey() + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return signer;
    } catch (FileAlreadyExistsException e) {
      throw new UserError("key " + f + " already exists");
    } catch (IOException e) {
      throw new UserError("cannot write key " + f + ": " + e.getMessage());
    }
  }

  private static void trySetMode(Path p, String mode) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    } catch (UnsupportedOperationException e) {
      // Non-POSIX file systems keep their own access control.
    }
  }
}
