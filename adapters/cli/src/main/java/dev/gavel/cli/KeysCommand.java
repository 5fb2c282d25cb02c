package dev.gavel.cli;

import dev.gavel.ledger.NoteKey;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.runtime.CustodySettings;
import dev.gavel.runtime.Gavel;
import dev.gavel.runtime.GavelHome;
import dev.gavel.runtime.KeyCustody;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gavel keys generate|public|rotate}: Gavel's signing key, in file, encrypted-file or PKCS#11
 * token custody ({@code key-custody} in gavel.yaml).
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Manage Gavel's signing key (Ed25519 in a file, plain or encrypted; ECDSA P-256 in a PKCS#11 token).")
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
  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = {"Create the signing key (mode 0600) for a ledger without entries.",
          "A ledger with entries changes its key only with `gavel keys rotate`."})
  static final class Generate implements Callable<Integer> {
    private final Io io;

    @Mixin
    SharedOptions.Home home;

    @Option(names = "--force", description = "Replace an existing key of a ledger that has no entries yet.")
    boolean force;

    @Option(names = "--custody", paramLabel = "file|encrypted|pkcs11",
        description = "Where to keep it (default: key-custody.kind of gavel.yaml, else file).")
    String custody;

    Generate(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try (Gavel g = home.runtime(io)) {
        GavelHome.create(g.config().home());
        NoteKey s = g.keys().generate(force, g.existingEntries(), kind(custody));
        io.out().println(s.verifierKey());
        return ExitCode.OK;
      } catch (Exception e) {
        return Failures.report(io, "keys generate", e, ExitCode.BAD_INPUT);
      }
    }
  }

  /**
   * {@code gavel keys rotate}: a new key replaces the current one. The rotation is a ledger entry
   * signed by both keys (and its checkpoint by the old one); verification follows the key history.
   */
  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = {"Replace the signing key. The rotation is recorded in the ledger, signed by the old and the new key;",
          "`gavel ledger verify` follows the key history. Other gavel processes holding the old key are refused",
          "afterwards and must be restarted. --resume finishes (or undoes) a rotation that was interrupted."})
  static final class Rotate implements Callable<Integer> {
    private final Io io;

    @Mixin
    SharedOptions.Home home;

    @Option(names = "--resume", description = "Finish a rotation interrupted after its new key was written.")
    boolean resume;

    @Option(names = "--to", paramLabel = "file|encrypted|pkcs11",
        description = "The new key's custody (default: key-custody.kind of gavel.yaml, else file); recorded with the rotation.")
    String to;

    Rotate(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try (Gavel g = home.runtime(io)) {
        if (resume) {
          Optional<String> done = g.keys().resume(key -> {
            try {
              return g.reader().find("key-rotation", key).isPresent();
            } catch (dev.gavel.runtime.ConfigurationException e) {
              return false;
            }
          });
          io.out().println(done.orElse("no interrupted rotation"));
          return ExitCode.OK;
        }
        KeyCustody.Rotation r = g.rotateKey(kind(to));
        io.out().println("rotated at ledger entry " + r.index() + " (" + r.previousCustody().wire() + " -> " + r.newCustody().wire()
            + " custody): " + r.previousKey() + " -> " + r.newKey());
        io.out().println(r.newKey());
        return ExitCode.OK;
      } catch (Exception e) {
        return Failures.report(io, "keys rotate", e, ExitCode.BAD_INPUT);
      }
    }
  }

  static CustodySettings.Kind kind(String flag) throws UserError {
    if (flag == null) {
      return null;
    }
    for (CustodySettings.Kind k : CustodySettings.Kind.values()) {
      if (k.wire().equals(flag)) {
        return k;
      }
    }
    throw new UserError("custody must be file, encrypted or pkcs11 but got '" + flag + "'");
  }

  /** {@code gavel keys public}: the verifier key, as a signed-note key and as PEM. */
  @Command(name = "public", mixinStandardHelpOptions = true,
      description = "Print the public key: first the signed-note verifier key, then PEM.")
  static final class Public implements Callable<Integer> {
    private final Io io;

    @Mixin
    SharedOptions.Home home;

    Public(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try (Gavel g = home.runtime(io)) {
        String vkey = g.keys().currentVerifierKey().orElseThrow(() -> new UserError("no signing key at " + g.keys().keyFile()
            + " (`gavel keys generate` creates one; the first decision does too)"));
        io.out().println(vkey);
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(NoteVerifier.parse(vkey).publicKey().getEncoded());
        io.out().println("-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----");
        return ExitCode.OK;
      } catch (Exception e) {
        return Failures.report(io, "keys public", e, ExitCode.BAD_INPUT);
      }
    }
  }
}
