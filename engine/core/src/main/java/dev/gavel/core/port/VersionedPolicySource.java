package dev.gavel.core.port;

import java.util.List;
import java.util.Optional;

/**
 * A policy source with history (a Git repository): every commit of the tracked ref is a revision,
 * whose id is the commit id. What decides is not the head but the revision governance activated
 * (see {@code GovernedPolicySource}); this port reads revisions and their metadata.
 */
public interface VersionedPolicySource {
  /** The tracked ref's newest commit (after an incremental fetch for a remote; the last fetched one when it is down). */
  String head() throws PolicySourceException;

  /** The snapshot of a revision (a full commit id, or anything the repository resolves to one). */
  PolicySnapshot snapshot(String revision) throws PolicySourceException;

  /** Who made the revision, its tree and message. */
  RevisionInfo info(String revision) throws PolicySourceException;

  /** The commits of the tracked ref, newest first, at most {@code limit}. */
  List<RevisionInfo> history(int limit) throws PolicySourceException;

  /** What this source reads ("repo@ref"), never with credentials or a machine-local absolute path. */
  String description();

  /** Why the remote could not be reached at the last fetch, if it could not. */
  Optional<String> unreachable();
}
