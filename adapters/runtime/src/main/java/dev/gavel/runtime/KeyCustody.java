package dev.gavel.runtime;

import dev.gavel.core.InMemorySigner;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.ledger.KeyRotation;
import dev.gavel.ledger.NoteSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Gavel's Ed25519 key under $GAVEL_HOME/keys/ledger.key (signer-key text, mode 0600, directory
 * 0700): it signs checkpoints and decision attestations, and is never printed. A ledger that has
 * entries never gets a new key except through a rotation, which is itself a ledger entry signed
 * by the old and the new key. Creating the first key is atomic, so processes racing on a new home
 * all end up with the same key.
 */
public final class KeyCustody {
  public static final String KEY_NAME = "gavel.local/ledger";
  private final Path home;

  public KeyCustody(Path home) {
    this.home = home;
  }

  public Path keyFile() {
    return home.resolve("keys").resolve("ledger.key");
  }

  Path nextKeyFile() {
    return home.resolve("keys").resolve("ledger.key.next");
  }

  /** The current key, if there is one; a rotation left half done blocks signing until resumed. */
  public Optional<NoteSigner> current() throws ConfigurationException {
    Path f = keyFile();
    requireReadableDirectory();
    if (Files.exists(nextKeyFile())) {
      throw new ConfigurationException("an interrupted `gavel keys rotate` left " + nextKeyFile()
          + "; run `gavel keys rotate --resume` to finish or undo it");
    }
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    return Optional.of(read(f));
  }

  /**
   * The key to append with: the current one, or, for a ledger without entries, a new one created
   * atomically. A ledger with entries and no key is an error: a new key would make every later
   * signature unverifiable against the old one.
   */
  public NoteSigner forAppending(long ledgerEntries) throws ConfigurationException {
    Optional<NoteSigner> k = current();
    if (k.isPresent()) {
      return k.get();
    }
    if (ledgerEntries > 0) {
      throw new ConfigurationException("the ledger has " + ledgerEntries + " entries but its signing key " + keyFile()
          + " is missing; restore that key (a new one would not verify anything the ledger holds); only `gavel keys rotate` "
          + "replaces the key of a ledger with entries");
    }
    return createIfAbsent();
  }

  /** {@code gavel keys generate}: a new key for a ledger without entries. */
  public NoteSigner generate(boolean force, long ledgerEntries) throws ConfigurationException {
    requireReadableDirectory();
    if (ledgerEntries > 0) {
      throw new ConfigurationException("the ledger already has " + ledgerEntries + " entries signed by the current key; "
          + "use `gavel keys rotate` to replace it (the rotation is recorded and verifiable)");
    }
    if (Files.exists(keyFile()) && !force) {
      throw new ConfigurationException("key " + keyFile() + " already exists (use --force to replace it)");
    }
    NoteSigner s = fresh();
    write(keyFile(), s, true);
    return s;
  }

  /** Writes the first key unless another process wrote one first; returns whichever key won. */
  private NoteSigner createIfAbsent() throws ConfigurationException {
    NoteSigner s = fresh();
    try {
      write(keyFile(), s, false);
      return s;
    } catch (KeyExists e) {
      return read(keyFile());
    }
  }

  /**
   * {@code gavel keys rotate}: writes the next key, records a {@code key-rotation} entry signed by
   * both keys (appended by a store holding the old key), then installs the new key. Order matters
   * for crashes: the new key is on disk before the ledger names it, and becomes current only after
   * the entry is committed (an interruption in between is {@link #resume}d).
   */
  public Rotation rotate(StoreOpener opener) throws ConfigurationException, LedgerException {
    NoteSigner old = current().orElseThrow(() -> new ConfigurationException(
        "there is no key to rotate yet (" + keyFile() + "); `gavel keys generate` creates one"));
    NoteSigner next = fresh();
    write(nextKeyFile(), next, true);
    long index;
    try (LedgerStore store = opener.open(new InMemorySigner(old))) {
      index = store.append("key-rotation", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)),
          KeyRotation.payload(old, next)).index();
    }
    promoteNext();
    return new Rotation(index, old.verifierKey(), next.verifierKey());
  }

  /** A recorded rotation. */
  public record Rotation(long index, String previousKey, String newKey) {}

  /** Opens the ledger for appending with a given key. */
  @FunctionalInterface
  public interface StoreOpener {
    LedgerStore open(InMemorySigner key) throws ConfigurationException, LedgerException;
  }

  /** Looks a rotation to a key up in the ledger. */
  @FunctionalInterface
  public interface RotationLookup {
    boolean recorded(String newKey) throws LedgerException;
  }

  /**
   * Finishes an interrupted rotation: installs the next key if the ledger recorded the rotation to
   * it, otherwise removes it. Returns what it did, or empty when nothing was interrupted.
   */
  public Optional<String> resume(RotationLookup ledger) throws ConfigurationException, LedgerException {
    if (!Files.exists(nextKeyFile())) {
      return Optional.empty();
    }
    NoteSigner next = read(nextKeyFile());
    if (ledger.recorded(next.verifierKey())) {
      promoteNext();
      return Optional.of("finished: the ledger records the rotation to " + next.verifierKey() + "; it is now the current key");
    }
    try {
      Files.delete(nextKeyFile());
    } catch (IOException e) {
      throw new ConfigurationException("cannot remove " + nextKeyFile() + ": " + e.getMessage(), e);
    }
    return Optional.of("undone: the ledger never recorded the rotation; the current key stays");
  }

  private void promoteNext() throws ConfigurationException {
    try {
      Files.move(nextKeyFile(), keyFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ConfigurationException("cannot install the new key: " + e.getMessage(), e);
    }
  }

  private void requireReadableDirectory() throws ConfigurationException {
    Path dir = keyFile().getParent();
    if (Files.exists(dir) && (!Files.isReadable(dir) || !Files.isExecutable(dir))) {
      throw new ConfigurationException("cannot read the key directory " + dir + ": permission denied");
    }
  }

  static NoteSigner read(Path f) throws ConfigurationException {
    try {
      return NoteSigner.parse(Files.readString(f, StandardCharsets.US_ASCII));
    } catch (AccessDeniedException e) {
      throw new ConfigurationException("cannot read key " + f + ": permission denied", e);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read key " + f + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("key file " + f + " is malformed: " + e.getMessage(), e);
    }
  }

  private static NoteSigner fresh() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return new NoteSigner(KEY_NAME, seed);
  }

  /** The target existed and was not to be replaced. */
  private static final class KeyExists extends ConfigurationException {
    KeyExists(Path f) {
      super("key " + f + " already exists");
    }
  }

  /**
   * Writes the key to a private temporary file, then links it into place: {@code link} fails when
   * the target exists, which makes "create if absent" atomic across processes; replacing uses an
   * atomic rename.
   */
  private static void write(Path f, NoteSigner key, boolean replace) throws ConfigurationException {
    Path dir = f.getParent();
    Path tmp = dir.resolve(f.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
    try {
      createPrivateDirectory(dir);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, key.signerKey() + "\n", StandardCharsets.US_ASCII);
      if (replace) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        try {
          Files.createLink(f, tmp);
        } catch (FileAlreadyExistsException e) {
          throw new KeyExists(f);
        }
      }
    } catch (AccessDeniedException e) {
      throw new ConfigurationException("cannot write key " + f + ": permission denied", e);
    } catch (IOException e) {
      throw new ConfigurationException("cannot write key " + f + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a stray temporary file holds only a key that was never used
      }
    }
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // another process made it
    }
  }
}
