package dev.gavel.cli;

import dev.gavel.ledger.NoteSigner;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gavel keys generate|public}: Gavel's Ed25519 signing key. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage Gavel's Ed25519 signing key.")
final class KeysCommand implements Runnable {
  private final Io io;

  KeysCommand(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(io.out());
  }

  /** {@code gavel keys generate}. */
  @Command(name = "generate", mixinStandardHelpOptions = true, description = "Create the signing key (mode 0600).")
  static final class Generate implements Callable<Integer> {
    private final Io io;

    @Option(names = "--home", description = "State directory (default: $GAVEL_HOME or ~/.gavel).")
    Path home;

    @Option(names = "--force", description = "Replace an existing key (old signatures stay verifiable only with the old public key).")
    boolean force;

    Generate(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try {
        NoteSigner s = KeyFiles.generate(GavelHome.resolve(home, io.env()), force);
        io.out().println(s.verifierKey());
        return ExitCode.OK;
      } catch (UserError e) {
        io.err().println("gavel keys generate: " + e.getMessage());
        return ExitCode.BAD_INPUT;
      }
    }
  }

  /**
   * {@code gavel keys rotate}: a new key replaces the current one. The rotation is a ledger entry
   * signed by both keys (and its checkpoint by the old one); verification follows the key history.
   */
  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = {"Replace the signing key. The rotation is recorded in the ledger, signed by the old and the new key;",
          "`gavel ledger verify` follows the key history. Run it while no other gavel process appends.",
          "--resume finishes (or undoes) a rotation that was interrupted."})
  static final class Rotate implements Callable<Integer> {
    private final Io io;

    @Option(names = "--home", description = "State directory (default: $GAVEL_HOME or ~/.gavel).")
    Path home;

    @Option(names = "--resume", description = "Finish a rotation interrupted after its new key was written.")
    boolean resume;

    Rotate(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try {
        Path h = GavelHome.resolve(home, io.env());
        return resume ? resume(h) : rotate(h);
      } catch (UserError | dev.gavel.core.port.LedgerException e) {
        io.err().println("gavel keys rotate: " + e.getMessage());
        return ExitCode.BAD_INPUT;
      }
    }

    private int rotate(Path h) throws UserError, dev.gavel.core.port.LedgerException {
      if (!java.nio.file.Files.exists(KeyFiles.keyFile(h))) {
        throw new UserError("there is no key to rotate yet (" + KeyFiles.keyFile(h) + "); `gavel keys generate` creates one");
      }
      NoteSigner old = KeyFiles.load(h);
      // Order matters for crashes: the new key is on disk before the ledger names it, and becomes
      // current only after the entry is committed (an interruption in between is --resume'd).
      NoteSigner next = KeyFiles.generateNext(h);
      long index;
      try (dev.gavel.store.SqliteLedgerStore store = dev.gavel.store.SqliteLedgerStore.open(GavelHome.ledgerFile(h), old)) {
        index = store.append("key-rotation", java.time.format.DateTimeFormatter.ISO_INSTANT.format(
            java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)),
            dev.gavel.ledger.KeyRotation.payload(old, next)).index();
      }
      KeyFiles.promoteNext(h);
      io.out().println("rotated at ledger entry " + index + ": " + old.verifierKey() + " -> " + next.verifierKey());
      io.out().println(next.verifierKey());
      return ExitCode.OK;
    }

    private int resume(Path h) throws UserError, dev.gavel.core.port.LedgerException {
      java.nio.file.Path nextFile = KeyFiles.nextKeyFile(h);
      if (!java.nio.file.Files.exists(nextFile)) {
        io.out().println("no interrupted rotation");
        return ExitCode.OK;
      }
      NoteSigner next = KeyFiles.read(nextFile);
      boolean recorded = false;
      java.nio.file.Path ledger = GavelHome.ledgerFile(h);
      if (java.nio.file.Files.exists(ledger)) {
        try (dev.gavel.store.SqliteLedgerStore store = dev.gavel.store.SqliteLedgerStore.openForAudit(ledger)) {
          recorded = store.find("key-rotation", next.verifierKey()).isPresent();
        }
      }
      if (recorded) {
        KeyFiles.promoteNext(h);
        io.out().println("finished: the ledger records the rotation to " + next.verifierKey() + "; it is now the current key");
      } else {
        try {
          java.nio.file.Files.delete(nextFile);
        } catch (java.io.IOException e) {
          throw new UserError("cannot remove " + nextFile + ": " + e.getMessage());
        }
        io.out().println("undone: the ledger never recorded the rotation; the current key stays");
      }
      return ExitCode.OK;
    }
  }

  /** {@code gavel keys public}: the verifier key, as a signed-note key and as PEM. */
  @Command(name = "public", mixinStandardHelpOptions = true,
      description = "Print the public key: first the signed-note verifier key, then PEM.")
  static final class Public implements Callable<Integer> {
    private final Io io;

    @Option(names = "--home", description = "State directory (default: $GAVEL_HOME or ~/.gavel).")
    Path home;

    Public(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try {
        NoteSigner s = KeyFiles.loadOrCreate(GavelHome.resolve(home, io.env()));
        io.out().println(s.verifierKey());
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(s.verifier().publicKey().getEncoded());
        io.out().println("-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----");
        return ExitCode.OK;
      } catch (UserError e) {
        io.err().println("gavel keys public: " + e.getMessage());
        return ExitCode.BAD_INPUT;
      }
    }
  }
}
