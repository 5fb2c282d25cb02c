package dev.gavel.bundles;

import dev.gavel.core.port.PolicySourceException;
import java.util.Objects;

/**
 * A bundle that cannot be used. {@link Kind#INVALID}: the bundle itself is at fault (a malformed
 * or unsafe archive, contents OPA would refuse, a signature that does not verify); {@link
 * Kind#CONFIGURATION}: what the caller gave to check or sign it is unusable (an unknown algorithm,
 * a key that does not parse or does not suit the algorithm). Messages keep OPA's wording where
 * OPA has one, so an operator who knows OPA reads the same meaning.
 */
public final class BundleException extends PolicySourceException {
  /** Whose fault it is: decides between "invalid" (exit 1) and "error" (exit 2) in {@code gavel bundle verify}. */
  public enum Kind {
    INVALID,
    CONFIGURATION
  }

  private final Kind kind;

  public BundleException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public BundleException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  static BundleException invalid(String message) {
    return new BundleException(Kind.INVALID, message);
  }

  static BundleException config(String message) {
    return new BundleException(Kind.CONFIGURATION, message);
  }

  public Kind kind() {
    return kind;
  }

  /** The same failure with {@code context} in front ("bundle.tar.gz: ..."). */
  public BundleException in(String context) {
    return new BundleException(kind, context + ": " + getMessage(), this);
  }
}
