package dev.gavel.cli;

import dev.gavel.bundles.BundleArchive;
import dev.gavel.bundles.BundleException;
import dev.gavel.bundles.BundleInspection;
import dev.gavel.bundles.BundleLimits;
import dev.gavel.bundles.BundlePolicySource;
import dev.gavel.bundles.VerificationConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gavel bundle inspect FILE}: like {@code opa inspect}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Show a bundle: manifest, files with sizes and OPA hashes, signature status (verified when a key is",
        "given), and the packages and rules with their METADATA annotations, as `opa inspect` lists them.",
        "Exit codes: 0 shown, 2 the file is not a readable bundle."})
final class BundleInspectCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(index = "0", paramLabel = "FILE", description = "The bundle (.tar.gz).")
  Path file;

  @Option(names = "--public-key", paramLabel = "PEM", description = "Verify the signature with this public key.")
  Path publicKey;

  @Option(names = "--secret", paramLabel = "FILE", description = "Verify the signature with this shared secret.")
  Path secret;

  @Option(names = "--keyid", paramLabel = "K", defaultValue = "default", description = "Key id in force (default: ${DEFAULT-VALUE}).")
  String keyId;

  @Option(names = "--scope", paramLabel = "S", defaultValue = "", description = "Expected scope (default: none).")
  String scope;

  @Mixin
  BundleCommand.Limits limits;

  BundleInspectCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    try {
      VerificationConfig config = BundleVerifyCommand.config(publicKey, secret, null, keyId, scope);
      BundleLimits l = limits.limits();
      BundleArchive archive;
      try {
        archive = BundleArchive.read(BundlePolicySource.readFile(file, l), l);
      } catch (BundleException e) {
        throw e.in(file.toString());
      }
      String text = BundleInspection.of(file.getFileName().toString(), archive, config).text();
      io.out().print(text);
      return ExitCode.OK;
    } catch (Exception e) {
      return Failures.report(io, "bundle inspect", e, ExitCode.BAD_INPUT);
    }
  }
}
