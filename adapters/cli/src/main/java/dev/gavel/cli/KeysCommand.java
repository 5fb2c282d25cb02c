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
