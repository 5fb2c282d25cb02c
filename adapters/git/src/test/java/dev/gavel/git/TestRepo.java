package dev.gavel.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real Git repository in a temporary directory, made with JGit, for tests. */
public final class TestRepo implements AutoCloseable {
  private final Path dir;
  private final Git git;

  private TestRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  public static TestRepo init(Path dir) throws GitAPIException {
    return new TestRepo(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
  }

  public Path dir() {
    return dir;
  }

  /** Writes files (relative path to text; null deletes) and commits them as {@code author}. */
  public String commit(String author, String message, Map<String, String> files) throws IOException, GitAPIException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      if (f.getValue() == null) {
        Files.deleteIfExists(p);
        git.rm().addFilepattern(f.getKey()).call();
      } else {
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        git.add().addFilepattern(f.getKey()).call();
      }
    }
    PersonIdent who = new PersonIdent(author.substring(0, author.indexOf('@')), author,
        Date.from(Instant.parse("2026-11-30T10:00:00Z")), TimeZone.getTimeZone("UTC"));
    RevCommit c = git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
    return c.name();
  }

  public Git git() {
    return git;
  }

  @Override
  public void close() {
    git.close();
  }
}
