package dev.gavel.runtime;

import dev.gavel.core.NoteKeySigner;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.Signer;
import dev.gavel.ledger.KeyRotation;
import dev.gavel.ledger.NoteKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Gavel's signing key under $GAVEL_HOME/keys, in one of three custodies ({@link CustodySettings}):
 * {@code ledger.key} (Ed25519, plain), {@code ledger.p8.pem} (Ed25519, encrypted PKCS#8 with scrypt)
 * or {@code ledger.pkcs11} (naming an ECDSA P-256 key that lives in a PKCS#11 token). It signs
 * checkpoints and decision attestations, and is never printed. Exactly one of those files holds
 * the key in force. A ledger that has entries never gets a new key except through a rotation,
 * which is a ledger entry signed by the old and the new key; a rotation may move the key to
 * another custody and records which. Creating the first key is atomic, so processes racing on a
 * new home all end up with the same key.
 */
public final class KeyCustody {
  public static final String KEY_NAME = "gavel.local/ledger";
  private final Path home;
  private final CustodySettings settings;
  private final Map<CustodySettings.Kind, Custodian> custodians = new EnumMap<>(CustodySettings.Kind.class);

  /** File custody (the default), for tools and tests. */
  public KeyCustody(Path home) {
    this(home, CustodySettings.DEFAULT);
  }

  public KeyCustody(Path home, CustodySettings settings) {
    this.home = Objects.requireNonNull(home, "home");
    this.settings = Objects.requireNonNull(settings, "settings");
    custodians.put(CustodySettings.Kind.FILE, new PlainKeyFile());
    custodians.put(CustodySettings.Kind.ENCRYPTED, new EncryptedKeyFile(settings.passphrase(), settings.scryptCost()));
    custodians.put(CustodySettings.Kind.PKCS11, new TokenKeyFile(settings.pkcs11()));
  }

  public CustodySettings settings() {
    return settings;
  }

  private Path dir() {
    return home.resolve("keys");
  }

  private Path file(Custodian c) {
    return dir().resolve(c.fileName());
  }

  private Path next(Custodian c) {
    return dir().resolve(c.fileName() + ".next");
  }

  /** The file of the key in force, or, without one, where a new key would be kept. */
  public Path keyFile() {
    for (Custodian c : custodians.values()) {
      if (Files.exists(file(c))) {
        return file(c);
      }
    }
    return file(custodians.get(settings.kind()));
  }

  /** Where the key in force is kept, if there is one. */
  public Optional<CustodySettings.Kind> currentKind() throws ConfigurationException {
    return inForce().map(Custodian::kind);
  }

  private Optional<Custodian> inForce() throws ConfigurationException {
    requireReadableDirectory();
    List<Custodian> found = new ArrayList<>();
    for (Custodian c : custodians.values()) {
      if (Files.exists(next(c))) {
        throw new ConfigurationException("an interrupted `gavel keys rotate` left " + next(c)
            + "; run `gavel keys rotate --resume` to finish or undo it");
      }
      if (Files.exists(file(c))) {
        found.add(c);
      }
    }
    if (found.size() > 1) {
      throw new ConfigurationException("two signing keys are in custody (" + file(found.get(0)) + " and " + file(found.get(1))
          + "); only one is the ledger's: remove the one that is not (`gavel keys public` and the ledger's key history tell)");
    }
    return found.stream().findFirst();
  }

  /**
   * The verifier key of the current key, if there is one, without unlocking it where its custody
   * can tell (for auditors' commands, which sign nothing): no passphrase or PIN needed.
   */
  public Optional<String> currentVerifierKey() throws ConfigurationException {
    Optional<Custodian> c = inForce();
    return c.isPresent() ? Optional.of(c.get().verifierKey(file(c.get()))) : Optional.empty();
  }

  /** The current key, if there is one; a rotation left half done blocks signing until resumed. */
  public Optional<NoteKey> current() throws ConfigurationException {
    Optional<Custodian> c = inForce();
    return c.isPresent() ? Optional.of(c.get().read(file(c.get()))) : Optional.empty();
  }

  /**
   * The key to append with: the current one, or, for a ledger without entries, a new one created
   * atomically in the configured custody. A ledger with entries and no key is an error: a new key
   * would make every later signature unverifiable against the old one.
   */
  public NoteKey forAppending(long ledgerEntries) throws ConfigurationException {
    Optional<NoteKey> k = current();
    if (k.isPresent()) {
      return k.get();
    }
    if (ledgerEntries > 0) {
      throw new ConfigurationException("the ledger has " + ledgerEntries + " entries but its signing key " + keyFile()
          + " is missing; restore that key (a new one would not verify anything the ledger holds); only `gavel keys rotate` "
          + "replaces the key of a ledger with entries");
    }
    Custodian c = custodians.get(settings.kind());
    try {
      return c.create(file(c), false);
    } catch (KeyFiles.Exists e) {
      return c.read(file(c));  // another process made the first key at the same moment: theirs it is
    }
  }

  /** {@code gavel keys generate}: a new key for a ledger without entries, in {@code kind} (null: the configured custody). */
  public NoteKey generate(boolean force, long ledgerEntries, CustodySettings.Kind kind) throws ConfigurationException {
    requireReadableDirectory();
    if (ledgerEntries > 0) {
      throw new ConfigurationException("the ledger already has " + ledgerEntries + " entries signed by the current key; "
          + "use `gavel keys rotate` to replace it (the rotation is recorded and verifiable)");
    }
    Optional<Custodian> existing = inForce();
    if (existing.isPresent() && !force) {
      throw new ConfigurationException("key " + file(existing.get()) + " already exists (use --force to replace it)");
    }
    Custodian c = custodians.get(kind == null ? settings.kind() : kind);
    NoteKey k = c.create(file(c), true);
    if (existing.isPresent() && existing.get() != c) {
      existing.get().discard(file(existing.get()));
    }
    return k;
  }

  /** {@code gavel keys generate} in the configured custody. */
  public NoteKey generate(boolean force, long ledgerEntries) throws ConfigurationException {
    return generate(force, ledgerEntries, null);
  }

  /**
   * {@code gavel keys rotate}: makes the next key in custody {@code to} (null: the configured one),
   * records a {@code key-rotation} entry signed by both keys (appended by a store holding the old
   * key) naming both custodies, then installs the new key. Order matters for crashes: the new key
   * exists before the ledger names it, and becomes current only after the entry is committed (an
   * interruption in between is {@link #resume}d). A retired token key stays in the token.
   */
  public Rotation rotate(StoreOpener opener, CustodySettings.Kind to) throws ConfigurationException, LedgerException {
    Custodian from = inForce().orElseThrow(() -> new ConfigurationException(
        "there is no key to rotate yet (" + keyFile() + "); `gavel keys generate` creates one"));
    NoteKey old = from.read(file(from));
    Custodian target = custodians.get(to == null ? settings.kind() : to);
    NoteKey next = target.create(next(target), true);
    long index;
    try (LedgerStore store = opener.open(new NoteKeySigner(old))) {
      var payload = KeyRotation.payload(old, next);
      payload.putObject("custody").put("previous", from.kind().wire()).put("new", target.kind().wire());
      index = store.append("key-rotation", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)),
          payload).index();
    }
    promote(target, from);
    return new Rotation(index, old.verifierKey(), next.verifierKey(), from.kind(), target.kind());
  }

  /** {@link #rotate(StoreOpener, CustodySettings.Kind)} into the configured custody. */
  public Rotation rotate(StoreOpener opener) throws ConfigurationException, LedgerException {
    return rotate(opener, null);
  }

  /** A recorded rotation. */
  public record Rotation(long index, String previousKey, String newKey, CustodySettings.Kind previousCustody,
      CustodySettings.Kind newCustody) {}

  /** Opens the ledger for appending with a given key. */
  @FunctionalInterface
  public interface StoreOpener {
    LedgerStore open(Signer key) throws ConfigurationException, LedgerException;
  }

  /** Looks a rotation to a key up in the ledger. */
  @FunctionalInterface
  public interface RotationLookup {
    boolean recorded(String newKey) throws LedgerException;
  }

  /**
   * Finishes an interrupted rotation: installs the next key if the ledger recorded the rotation to
   * it, otherwise throws it away. Returns what it did, or empty when nothing was interrupted.
   */
  public Optional<String> resume(RotationLookup ledger) throws ConfigurationException, LedgerException {
    requireReadableDirectory();
    for (Custodian target : custodians.values()) {
      if (!Files.exists(next(target))) {
        continue;
      }
      NoteKey next = target.read(next(target));
      if (ledger.recorded(next.verifierKey())) {
        Custodian from = null;
        for (Custodian c : custodians.values()) {
          if (c != target && Files.exists(file(c))) {
            from = c;
          }
        }
        promote(target, from);
        return Optional.of("finished: the ledger records the rotation to " + next.verifierKey() + "; it is now the current key ("
            + target.kind().wire() + " custody)");
      }
      target.discard(next(target));
      return Optional.of("undone: the ledger never recorded the rotation; the current key stays");
    }
    return Optional.empty();
  }

  /** Installs {@code target}'s next key; the retired key's file (of another custody) goes. */
  private void promote(Custodian target, Custodian from) throws ConfigurationException {
    KeyFiles.move(next(target), file(target));
    if (from != null && from != target) {
      KeyFiles.delete(file(from));
    }
  }

  private void requireReadableDirectory() throws ConfigurationException {
    Path dir = dir();
    if (Files.exists(dir) && (!Files.isReadable(dir) || !Files.isExecutable(dir))) {
      throw new ConfigurationException("cannot read the key directory " + dir + ": permission denied");
    }
  }
}
