package dev.gavel.git;

import dev.gavel.core.port.PolicySourceException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A bare mirror of a remote policy repository under a cache directory: cloned once, then fetched
 * incrementally (only new objects travel). A remote that is down leaves the mirror as it was and
 * is reported by {@link #unreachable()}; deciding never depends on it.
 */
final class GitMirror {
  private static final Pattern URL = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://|[^/\\s]+@[^/\\s]+:).*");
  private static final long FETCH_TIMEOUT_SECONDS = 30;
  private final String url;
  private final Repository repo;
  private final RemoteAccess access;
  private final TransportConfigCallback transports;
  private volatile String unreachable;

  private GitMirror(String url, Repository repo, RemoteAccess access, TransportConfigCallback transports) {
    this.url = url;
    this.repo = repo;
    this.access = access;
    this.transports = transports;
  }

  static boolean looksLikeUrl(String location) {
    return URL.matcher(location).matches();
  }

  /** The URL without user information (tokens, passwords), for messages and the ledger. */
  static String redact(String url) {
    try {
      URI u = URI.create(url);
      if (u.getUserInfo() != null) {
        return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment()).toString();
      }
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      // scp-like syntax (git@host:path) has no password to hide
    }
    return url;
  }

  static GitMirror open(String url, Path cacheDir, RemoteAccess access) throws PolicySourceException {
    Path dir = cacheDir.resolve(digest(redact(url)) + ".git");
    TransportConfigCallback transports = transports(access);
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(cacheDir);
        Path tmp = Files.createTempDirectory(cacheDir, "clone-");
        try (Git g = Git.cloneRepository().setURI(url).setBare(true).setDirectory(tmp.toFile()).setCloneAllBranches(true)
            .setTimeout((int) FETCH_TIMEOUT_SECONDS).setCredentialsProvider(credentials(access.token()))
            .setTransportConfigCallback(transports).call()) {
          // the clone is complete before it takes the mirror's name, so a half clone is never used
        } catch (GitAPIException | RuntimeException e) {
          removeQuietly(tmp);
          throw e;
        }
        try {
          Files.move(tmp, dir);
        } catch (IOException e) {
          // another process mirrored it first: use theirs
        }
      }
      Repository r = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
      return new GitMirror(url, r, access, transports);
    } catch (GitAPIException | IOException | RuntimeException e) {
      throw new PolicySourceException("cannot clone " + redact(url) + ": " + e.getMessage(), e);
    }
  }

  Repository repository() {
    return repo;
  }

  Optional<String> unreachable() {
    return Optional.ofNullable(unreachable);
  }

  /** Fetches new commits of every branch; on failure keeps what it has and says why. */
  void fetch() {
    try (Git g = Git.wrap(repo)) {
      FetchCommand f = g.fetch().setRemote(url).setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*")).setRemoveDeletedRefs(false)
          .setTimeout((int) FETCH_TIMEOUT_SECONDS).setCredentialsProvider(credentials(access.token()))
          .setTransportConfigCallback(transports);
      f.call();
      unreachable = null;
    } catch (GitAPIException | RuntimeException e) {
      unreachable = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  /**
   * SSH through JGit's Apache MINA transport with the configured client files. No credentials
   * provider answers its prompts, so an unknown or changed host key is refused.
   */
  private static TransportConfigCallback transports(RemoteAccess access) {
    Path ssh = access.sshDirectoryOrDefault();
    SshdSessionFactory factory = new SshdSessionFactoryBuilder().setHomeDirectory(ssh.toAbsolutePath().getParent().toFile())
        .setSshDirectory(ssh.toFile()).build(new JGitKeyCache());
    return transport -> {
      if (transport instanceof SshTransport t) {
        t.setSshSessionFactory(factory);
      }
    };
  }

  private static UsernamePasswordCredentialsProvider credentials(String token) {
    return token == null ? null : new UsernamePasswordCredentialsProvider("x-access-token", token);
  }

  /** Removes a failed clone's directory (nothing of it is ever used). */
  private static void removeQuietly(Path dir) {
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // what is left is a clone-* directory no mirror ever uses
    }
  }

  private static String digest(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
