package dev.gavel.cli;

import dev.gavel.bundles.BundleArchive;
import dev.gavel.bundles.BundleException;
import dev.gavel.bundles.BundleLimits;
import dev.gavel.bundles.BundlePolicySource;
import dev.gavel.bundles.BundleVerifier;
import dev.gavel.bundles.VerificationConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gavel bundle verify FILE --public-key PEM|--secret FILE}: OPA's bundle verification. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verify a signed bundle as OPA does: exactly one JWT in /.signatures.json, signed by the given key with",
        "its algorithm, the expected scope, and every file listed with a matching hash (no file unlisted, none missing).",
        "Exit codes: 0 valid, 1 invalid, 2 error (bad key, bad flags, unreadable file)."})
final class BundleVerifyCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(index = "0", paramLabel = "FILE", description = "The bundle (.tar.gz).")
  Path file;

  @Option(names = "--public-key", paramLabel = "PEM", description = "Public key or certificate (PEM) for RS/PS/ES signatures.")
  Path publicKey;

  @Option(names = "--secret", paramLabel = "FILE", description = "Shared secret for HS256/384/512: the file's bytes, exactly.")
  Path secret;

  @Option(names = "--alg", paramLabel = "A", description = "Expected algorithm (default: the token's, if the key's type suits it).")
  String alg;

  @Option(names = "--keyid", paramLabel = "K", defaultValue = "default",
      description = "Key id in force (as OPA's --verification-key-id; default: ${DEFAULT-VALUE}).")
  String keyId;

  @Option(names = "--scope", paramLabel = "S", defaultValue = "", description = "Scope the signature must carry (default: none).")
  String scope;

  @Mixin
  BundleCommand.Limits limits;

  BundleVerifyCommand(Io io) {
    this.io = io;
  }

  /** The key flags as OPA's verification config; null when neither is given. */
  static VerificationConfig config(Path publicKey, Path secret, String alg, String keyId, String scope) throws UserError {
    if (publicKey != null && secret != null) {
      throw new UserError("give one of --public-key PEM and --secret FILE");
    }
    if (publicKey == null && secret == null) {
      return null;
    }
    VerificationConfig.Key key = publicKey != null
        ? VerificationConfig.Key.publicKey(alg, BundleCommand.readText(publicKey, "public key"), "")
        : VerificationConfig.Key.secret(alg, BundleCommand.readBytes(secret, "secret"), "");
    return VerificationConfig.single(keyId, key, scope);
  }

  @Override
  public Integer call() {
    BundleArchive archive;
    VerificationConfig config;
    try {
      config = config(publicKey, secret, alg, keyId, scope);
      if (config == null) {
        throw new UserError("give --public-key PEM or --secret FILE");
      }
      BundleLimits l = limits.limits();
      byte[] bytes = BundlePolicySource.readFile(file, l);
      archive = BundleArchive.read(bytes, l);
    } catch (BundleException e) {
      if (e.kind() == BundleException.Kind.INVALID) {
        io.out().println("INVALID " + file + ": " + e.getMessage());
        return ExitCode.FAILED;
      }
      return Failures.report(io, "bundle verify", e.in(file.toString()), ExitCode.BAD_INPUT);
    } catch (Exception e) {
      return Failures.report(io, "bundle verify", e, ExitCode.BAD_INPUT);
    }
    try {
      BundleVerifier.Verified v = BundleVerifier.verify(archive, config);
      io.out().println("VALID " + file + " (" + archive.digest() + ")");
      io.out().println("  signed with " + v.algorithm() + " by key " + v.keyId() + ", scope "
          + (v.scope() == null || v.scope().isEmpty() ? "(none)" : v.scope()));
      io.out().println("  " + v.files().size() + " files listed, every one present and matching; no file unlisted");
      return ExitCode.OK;
    } catch (BundleException e) {
      if (e.kind() == BundleException.Kind.CONFIGURATION) {
        return Failures.report(io, "bundle verify", e, ExitCode.BAD_INPUT);
      }
      io.out().println("INVALID " + file + ": " + e.getMessage());
      return ExitCode.FAILED;
    }
  }
}
