package dev.gavel.bundles;

import java.util.Objects;

/** One entry of a bundle signature's {@code files} list: a file name, its hex digest, OPA's algorithm name. */
public record SignedFile(String name, String hash, String algorithm) {
  public SignedFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(algorithm, "algorithm");
  }
}
