package dev.gavel.cli;

import dev.gavel.ledger.NoteSigner;
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

/** {@code gavel keys generate|public|rotate}: Gavel's Ed25519 signing key. */
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
  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = {"Create the signing key (mode 0600) for a ledger without entries.",
          "A ledger with entries changes its key only with `gavel keys rotate`."})
  static final class Generate implements Callable<Integer> {
    private final Io io;

    @Mixin
    SharedOptions.Home home;

    @Option(names = "--force", description = "Replace an existing key of a ledger that has no entries yet.")
    boolean force;

    Generate(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try (Gavel g = home.runtime(io)) {
        GavelHome.create(g.config().home());
        NoteSigner s = g.keys().generate(force, g.existingEntries());
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
        KeyCustody.Rotation r = g.rotateKey();
        io.out().println("rotated at ledger entry " + r.index() + ": " + r.previousKey() + " -> " + r.newKey());
        io.out().println(r.newKey());
        return ExitCode.OK;
      } catch (Exception e) {
        return Failures.report(io, "keys rotate", e, ExitCode.BAD_INPUT);
      }
    }
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
        NoteSigner s = g.keys().current().orElseThrow(() -> new UserError("no signing key at " + g.keys().keyFile()
            + " (`gavel keys generate` creates one; the first decision does too)"));
        io.out().println(s.verifierKey());
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(s.verifier().publicKey().getEncoded());
        io.out().println("-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----");
        return ExitCode.OK;
      } catch (Exception e) {
        return Failures.report(io, "keys public", e, ExitCode.BAD_INPUT);
      }
    }
  }
}
