package dev.gavel.git;

import dev.gavel.core.PolicyFileSet;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.core.port.RevisionInfo;
import dev.gavel.core.port.VersionedPolicySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Policy revisions from a Git repository: a local repository (read in place) or a remote one
 * (mirrored under a cache directory and fetched incrementally by {@link GitMirror}). Every commit
 * of the tracked ref is a revision whose id is the commit id. Snapshots are read from the commit's
 * tree, never from a working tree, and cached by commit id. The policy directory inside the
 * repository is configurable (default: {@code policies/} when the commit has it, else the root).
 */
public final class GitPolicySource implements VersionedPolicySource, AutoCloseable {
  private static final int CACHED = 16;
  private final Repository repo;
  private final GitMirror mirror;
  private final String ref;
  private final String policyPath;
  private final String display;
  private final Map<String, PolicySnapshot> snapshots = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PolicySnapshot> e) {
      return size() > CACHED;
    }
  };

  private GitPolicySource(Repository repo, GitMirror mirror, String ref, String policyPath, String display) {
    this.repo = repo;
    this.mirror = mirror;
    this.ref = ref;
    this.policyPath = policyPath;
    this.display = display;
  }

  /**
   * Opens {@code location}: an existing directory is a local repository (bare, or with a .git
   * directory); anything else is a remote URL, mirrored into {@code cacheDir}.
   *
   * @param policyPath the policy directory inside the repository, or null for the default
   * @param access how to authenticate to a remote (an http(s) token, the SSH client directory)
   */
  public static GitPolicySource open(String location, String ref, String policyPath, Path cacheDir, RemoteAccess access)
      throws PolicySourceException {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(ref, "ref");
    if (policyPath != null && (policyPath.startsWith("/") || List.of(policyPath.split("/")).contains(".."))) {
      throw new PolicySourceException("the policy directory inside the repository must be a relative path without .. but got "
          + policyPath);
    }
    String path = policyPath == null ? null : policyPath.replaceAll("/+$", "");
    Path local = GitMirror.looksLikeUrl(location) ? null : Path.of(location);
    if (local != null) {
      if (!Files.isDirectory(local)) {
        throw new PolicySourceException(location + ": no such directory (a policy repository is a local Git repository or a URL)");
      }
      try {
        FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
        if (Files.isDirectory(local.resolve(".git"))) {
          b.setWorkTree(local.toFile());
        } else {
          b.setGitDir(local.toFile());
        }
        Repository r = b.build();
        if (!r.getObjectDatabase().exists()) {
          r.close();
          throw new PolicySourceException(location + " is not a Git repository");
        }
        String name = local.toAbsolutePath().normalize().getFileName().toString();
        return new GitPolicySource(r, null, ref, path, name + "@" + ref);
      } catch (IOException | IllegalArgumentException e) {
        throw new PolicySourceException(location + " is not a Git repository: " + e.getMessage(), e);
      }
    }
    GitMirror m = GitMirror.open(location, cacheDir, access);
    return new GitPolicySource(m.repository(), m, ref, path, GitMirror.redact(location) + "@" + ref);
  }

  @Override
  public String description() {
    return display;
  }

  @Override
  public Optional<String> unreachable() {
    return mirror == null ? Optional.empty() : mirror.unreachable();
  }

  @Override
  public synchronized String head() throws PolicySourceException {
    if (mirror != null) {
      mirror.fetch();
    }
    return tip().name();
  }

  private ObjectId tip() throws PolicySourceException {
    try {
      Ref r = repo.exactRef(Constants.R_HEADS + ref);
      if (r == null || r.getObjectId() == null) {
        throw new PolicySourceException("the ref " + ref + " does not exist in " + display.substring(0, display.lastIndexOf('@'))
            + (mirror != null && mirror.unreachable().isPresent() ? " (and the remote is unreachable: " + mirror.unreachable().get() + ")" : ""));
      }
      return r.getObjectId();
    } catch (IOException e) {
      throw new PolicySourceException("cannot read the ref " + ref + ": " + e.getMessage(), e);
    }
  }

  /** Resolves a revision to a commit of the tracked ref. */
  private RevCommit commit(RevWalk walk, String revision) throws PolicySourceException {
    ObjectId id;
    try {
      id = repo.resolve(revision + "^{commit}");
    } catch (IOException | RuntimeException e) {
      throw new PolicySourceException("'" + revision + "' is not a revision of " + display + ": " + e.getMessage(), e);
    }
    if (id == null) {
      throw new PolicySourceException("'" + revision + "' is not a commit of " + display);
    }
    try {
      RevCommit c = walk.parseCommit(id);
      RevCommit tip = walk.parseCommit(tip());
      if (!walk.isMergedInto(c, tip)) {
        throw new PolicySourceException("commit " + c.name() + " is not on " + ref + " (a revision is a commit of the tracked ref)");
      }
      return c;
    } catch (MissingObjectException e) {
      throw new PolicySourceException("commit " + revision + " is not in " + display, e);
    } catch (IOException e) {
      throw new PolicySourceException("cannot read commit " + revision + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized RevisionInfo info(String revision) throws PolicySourceException {
    try (RevWalk walk = new RevWalk(repo)) {
      return info(commit(walk, revision));
    }
  }

  private static RevisionInfo info(RevCommit c) {
    return new RevisionInfo(c.name(), c.getTree().name(), person(c.getAuthorIdent()), person(c.getCommitterIdent()),
        c.getFullMessage().strip());
  }

  private static RevisionInfo.Person person(PersonIdent p) {
    return new RevisionInfo.Person(p.getName(), p.getEmailAddress(), p.getWhenAsInstant());
  }

  @Override
  public synchronized List<RevisionInfo> history(int limit) throws PolicySourceException {
    List<RevisionInfo> out = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(tip()));
      for (RevCommit c : walk) {
        if (out.size() >= limit) {
          break;
        }
        out.add(info(c));
      }
      return out;
    } catch (IOException e) {
      throw new PolicySourceException("cannot read the history of " + display + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized PolicySnapshot snapshot(String revision) throws PolicySourceException {
    PolicySnapshot cached = snapshots.get(revision);
    if (cached != null) {
      return cached;
    }
    PolicySnapshot s;
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = commit(walk, revision);
      cached = snapshots.get(c.name());
      if (cached != null) {
        return cached;
      }
      s = read(c);
    }
    snapshots.put(s.revision(), s);
    return s;
  }

  /** The policy files of a commit's tree, under the policy directory. */
  private PolicySnapshot read(RevCommit c) throws PolicySourceException {
    String dir = policyPath != null ? policyPath : hasDirectory(c, "policies") ? "policies" : "";
    if (!dir.isEmpty() && !hasDirectory(c, dir)) {
      throw new PolicySourceException("commit " + c.name() + " has no policy directory '" + dir + "'");
    }
    PolicyFileSet files = new PolicyFileSet();
    int found = 0;
    try (TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(c.getTree());
      tw.setRecursive(true);
      String prefix = dir.isEmpty() ? "" : dir + "/";
      while (tw.next()) {
        String path = tw.getPathString();
        if (!path.startsWith(prefix) || !PolicyFileSet.isPolicyFile(tw.getNameString())) {
          continue;
        }
        FileMode mode = tw.getFileMode(0);
        if (mode == FileMode.SYMLINK) {
          throw new PolicySourceException("commit " + c.name() + ": " + path + " is a symbolic link; policy files must be regular files");
        }
        if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
          continue;
        }
        files.add(path.substring(prefix.length()), repo.open(tw.getObjectId(0)).getBytes());
        found++;
      }
    } catch (IOException e) {
      throw new PolicySourceException("cannot read the tree of commit " + c.name() + ": " + e.getMessage(), e);
    }
    if (found == 0) {
      throw new PolicySourceException("commit " + c.name() + " holds no policy files under '" + (dir.isEmpty() ? "/" : dir) + "'");
    }
    try {
      return files.snapshot(dir.isEmpty() ? "" : dir + "/", c.name(), display);
    } catch (IllegalArgumentException e) {
      throw new PolicySourceException("commit " + c.name() + ": " + e.getMessage(), e);
    }
  }

  private boolean hasDirectory(RevCommit c, String dir) throws PolicySourceException {
    try (TreeWalk tw = TreeWalk.forPath(repo, dir, c.getTree())) {
      return tw != null && tw.getFileMode(0) == FileMode.TREE;
    } catch (IOException e) {
      throw new PolicySourceException("cannot read the tree of commit " + c.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    repo.close();
  }
}
