package dev.gavel.cli;

import dev.gavel.bundles.BundleArchive;
import dev.gavel.bundles.BundleBuilder;
import dev.gavel.bundles.BundleException;
import dev.gavel.bundles.BundleLimits;
import dev.gavel.bundles.BundlePolicySource;
import dev.gavel.bundles.BundleSigner;
import dev.gavel.bundles.PolicyFiles;
import dev.gavel.bundles.SigningKey;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.runtime.GavelConfig;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gavel bundle}: build, sign, verify and inspect OPA bundles (DESIGN 3.7). */
@Command(name = "bundle", mixinStandardHelpOptions = true,
    description = {"Build, sign, verify and inspect OPA bundles (gzipped tar with .manifest, data.json, .rego and .signatures.json)."})
final class BundleCommand implements Runnable {
  private final Io io;

  BundleCommand(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(io.out());
  }

  /** The subcommands, registered under {@code gavel bundle}. */
  static CommandLine command(Io io) {
    return new CommandLine(new BundleCommand(io)).addSubcommand(new Build(io)).addSubcommand(new Sign(io))
        .addSubcommand(new BundleVerifyCommand(io)).addSubcommand(new BundleInspectCommand(io));
  }

  /** {@code --max-entries}, {@code --max-entry-bytes}, {@code --max-total-bytes}. */
  static final class Limits {
    @Option(names = "--max-entries", paramLabel = "N", description = "Most tar entries a bundle may hold (default: 10000).")
    Integer entries;

    @Option(names = "--max-entry-bytes", paramLabel = "N", description = "Largest file in a bundle, in bytes (default: 64 MiB).")
    Long entryBytes;

    @Option(names = "--max-total-bytes", paramLabel = "N", description = "Most bytes a bundle may inflate to (default: 256 MiB).")
    Long totalBytes;

    BundleLimits limits() throws UserError {
      try {
        BundleLimits l = BundleLimits.DEFAULT;
        l = entries == null ? l : l.withMaxEntries(entries);
        l = entryBytes == null ? l : l.withMaxEntryBytes(entryBytes);
        return totalBytes == null ? l : l.withMaxTotalBytes(totalBytes);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }
  }

  /** Writes {@code bytes} to {@code out} through a temporary file and a rename: never half a bundle. */
  static void writeAtomically(Path out, byte[] bytes) throws UserError {
    Path dir = out.toAbsolutePath().getParent();
    try {
      Path tmp = Files.createTempFile(dir, ".gavel-bundle-", ".tmp");
      try {
        Files.write(tmp, bytes);
        try {
          Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UserError("cannot write " + out + ": " + e.getMessage());
    }
  }

  static String readText(Path p, String what) throws UserError {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UserError("cannot read the " + what + " " + p + ": " + e.getMessage());
    }
  }

  static byte[] readBytes(Path p, String what) throws UserError {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UserError("cannot read the " + what + " " + p + ": " + e.getMessage());
    }
  }

  @Command(name = "build", mixinStandardHelpOptions = true,
      description = {"Build an OPA bundle from policy directories and data files: deterministic bytes (sorted entries, fixed",
          "modes and times), /.manifest with the revision (default: the policy revision), roots and rego_version 1."})
  static final class Build implements Callable<Integer> {
    private final Io io;

    @Option(names = "--policies", paramLabel = "DIR", description = "Policy directory (repeatable; default: $GAVEL_POLICIES, gavel.yaml, $GAVEL_HOME/policies).")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--data", paramLabel = "FILE", description = "JSON/YAML document deep-merged over the policy data (repeatable).")
    List<Path> data = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Where to write the bundle (.tar.gz).")
    Path output;

    @Option(names = "--revision", paramLabel = "R", description = "The manifest revision (default: the policy revision).")
    String revision;

    @Option(names = "--home", paramLabel = "DIR", description = "State directory whose gavel.yaml names the policies (default: $GAVEL_HOME or ~/.gavel).")
    Path home;

    Build(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try {
        GavelConfig c = GavelConfig.resolve(new GavelConfig.Flags(home, policies, data, null, null), io.env());
        PolicySnapshot snapshot = PolicyFiles.load(c.requirePolicies(), c.data());
        byte[] bytes = BundleBuilder.build(snapshot, revision);
        writeAtomically(output, bytes);
        io.out().println("built " + output + ": revision " + (revision == null ? snapshot.revision() : revision) + ", "
            + snapshot.modules().size() + " modules, " + bytes.length + " bytes, " + BundleArchiveDigest.of(bytes));
        return ExitCode.OK;
      } catch (Exception e) {
        return Failures.report(io, "bundle build", e, ExitCode.BAD_INPUT);
      }
    }
  }

  @Command(name = "sign", mixinStandardHelpOptions = true,
      description = {"Sign a bundle as `opa sign` does: /.signatures.json holds a JWT listing every file with its hash.",
          "Writes the signed bundle to -o, or replaces FILE in place. Algorithms: RS256/384/512, PS256/384/512,",
          "ES256/384/512 (--key PEM private key), HS256/384/512 (--secret FILE)."})
  static final class Sign implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "FILE", description = "The bundle to sign.")
    Path file;

    @Option(names = "--key", paramLabel = "PEM", description = "Private key (PKCS#8, PKCS#1 RSA or SEC 1 EC PEM).")
    Path key;

    @Option(names = "--secret", paramLabel = "FILE", description = "Shared secret for HS256/384/512: the file's bytes, exactly.")
    Path secret;

    @Option(names = "--alg", paramLabel = "A", description = "Signing algorithm (default: RS256 for RSA, ES256/384/512 by curve, HS256 for a secret).")
    String alg;

    @Option(names = "--keyid", paramLabel = "K", description = "Key id: the token's kid header and OPA's keyid claim.")
    String keyId;

    @Option(names = "--scope", paramLabel = "S", description = "Scope claim verifiers must expect.")
    String scope;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Where to write the signed bundle (default: FILE, in place).")
    Path output;

    @Mixin
    Limits limits;

    Sign(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try {
        if ((key == null) == (secret == null)) {
          throw new UserError("give one of --key PEM and --secret FILE");
        }
        SigningKey k = key != null ? SigningKey.pem(alg, readText(key, "key"), keyId, scope)
            : SigningKey.secret(alg, readBytes(secret, "secret"), keyId, scope);
        BundleLimits l = limits.limits();
        BundleArchive archive;
        try {
          archive = BundleArchive.read(BundlePolicySource.readFile(file, l), l);
          dev.gavel.bundles.BundleContents.of(archive);
        } catch (BundleException e) {
          throw e.in(file.toString());
        }
        byte[] signed = BundleSigner.sign(archive, k);
        Path out = output == null ? file : output;
        writeAtomically(out, signed);
        io.out().println("signed " + out + " with " + k.algorithm() + (keyId == null ? "" : " (keyid " + keyId + ")")
            + ": " + (archive.files().size() - (archive.file(BundleArchive.SIGNATURES).isPresent() ? 1 : 0)) + " files, "
            + BundleArchiveDigest.of(signed));
        return ExitCode.OK;
      } catch (Exception e) {
        return Failures.report(io, "bundle sign", e, ExitCode.BAD_INPUT);
      }
    }
  }

  /** The archive digest of bytes just written, as {@code sha256:<hex>}. */
  static final class BundleArchiveDigest {
    private BundleArchiveDigest() {}

    static String of(byte[] bytes) {
      try {
        return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
