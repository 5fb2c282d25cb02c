package dev.gavel.bundles;

import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySource;
import dev.gavel.core.port.PolicySourceException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The policy in a directory (and data overlays), read once when first asked for. Its revision is
 * the content digest of {@link PolicyFiles}; the active revision is the only one it knows.
 */
public final class DirectoryPolicySource implements PolicySource {
  private final List<Path> paths;
  private final List<Path> overlays;
  private volatile PolicySnapshot snapshot;

  public DirectoryPolicySource(List<Path> paths, List<Path> overlays) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("a directory policy source needs at least one path");
    }
    this.paths = List.copyOf(paths);
    this.overlays = List.copyOf(overlays);
  }

  @Override
  public PolicySnapshot active() throws PolicySourceException {
    PolicySnapshot s = snapshot;
    if (s == null) {
      synchronized (this) {
        if (snapshot == null) {
          snapshot = PolicyFiles.load(paths, overlays);
        }
        s = snapshot;
      }
    }
    return s;
  }

  @Override
  public Optional<PolicySnapshot> revision(String id) throws PolicySourceException {
    PolicySnapshot s = active();
    return s.revision().equals(id) ? Optional.of(s) : Optional.empty();
  }

  @Override
  public String description() {
    return "directory " + String.join(",", paths.stream().map(p -> {
      Path n = p.toAbsolutePath().normalize().getFileName();
      return n == null ? "/" : n.toString();
    }).toList());
  }
}
