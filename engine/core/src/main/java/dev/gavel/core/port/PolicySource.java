package dev.gavel.core.port;

import java.util.Optional;

/**
 * Where policy revisions come from: a directory, an OPA bundle, a Git repository. Implementations
 * read and cache; they never evaluate.
 */
public interface PolicySource {
  /** The revision that decides now. */
  PolicySnapshot active() throws PolicySourceException;

  /** A revision by id, if this source knows it. */
  Optional<PolicySnapshot> revision(String id) throws PolicySourceException;

  /**
   * True when revisions become active only through governance (recorded activations): the release
   * gate then never records an activation itself, and refuses a revision that has none.
   */
  default boolean governed() {
    return false;
  }

  /** What this source reads, for messages and {@code policy.source} (never a machine-local absolute path). */
  String description();
}
