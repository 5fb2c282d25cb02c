package dev.gavel.bundles;

import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySource;
import dev.gavel.core.port.PolicySourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy in an OPA bundle file, read once when first asked for. With a verification key the
 * bundle must carry a valid signature over every file (fail closed: an unsigned or badly signed
 * bundle is refused, nothing loaded); without one, a signed bundle is refused too, as OPA refuses
 * it ("verification key not provided"), since a signature nobody checks proves nothing. The
 * snapshot's revision is the manifest's revision (else the archive digest) and its source is
 * {@code bundle NAME sha256:DIGEST}: the file's name, never its absolute path.
 */
public final class BundlePolicySource implements PolicySource {
  private final Path file;
  private final Optional<VerificationConfig> verification;
  private final BundleLimits limits;
  private volatile PolicySnapshot snapshot;

  public BundlePolicySource(Path file, Optional<VerificationConfig> verification, BundleLimits limits) {
    this.file = Objects.requireNonNull(file, "file");
    this.verification = Objects.requireNonNull(verification, "verification");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public PolicySnapshot active() throws PolicySourceException {
    PolicySnapshot s = snapshot;
    if (s == null) {
      synchronized (this) {
        if (snapshot == null) {
          snapshot = load();
        }
        s = snapshot;
      }
    }
    return s;
  }

  private PolicySnapshot load() throws PolicySourceException {
    String name = fileName(file);
    try {
      BundleArchive archive = BundleArchive.read(readFile(file, limits), limits);
      if (verification.isPresent()) {
        BundleVerifier.verify(archive, verification.get());
      } else if (archive.file(BundleArchive.SIGNATURES).isPresent()) {
        throw BundleException.config("the bundle is signed but no verification key is configured (--bundle-public-key); "
            + "OPA refuses it too: verification key not provided");
      }
      return BundleContents.of(archive).snapshot(name);
    } catch (BundleException e) {
      throw e.in("bundle " + file);
    }
  }

  /** Reads a bundle file, refusing one larger than the total limit before reading it. */
  public static byte[] readFile(Path file, BundleLimits limits) throws BundleException {
    try {
      long size = Files.size(file);
      if (size > limits.maxTotalBytes()) {
        throw BundleException.invalid("the bundle file is " + size + " bytes, more than the configured total limit ("
            + limits.maxTotalBytes() + " bytes)");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw BundleException.config("no such bundle file");
    } catch (IOException e) {
      throw BundleException.config("cannot read the bundle file: " + e.getMessage());
    }
  }

  static String fileName(Path p) {
    Path n = p.getFileName();
    return n == null ? p.toString() : n.toString();
  }

  @Override
  public Optional<PolicySnapshot> revision(String id) throws PolicySourceException {
    PolicySnapshot s = active();
    return s.revision().equals(id) ? Optional.of(s) : Optional.empty();
  }

  @Override
  public String description() {
    return "bundle " + fileName(file);
  }
}
