package dev.gavel.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.core.port.RevisionInfo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy revisions from real Git repositories: local, and a remote served by `git daemon` on loopback. */
class GitPolicySourceTest {
  static final String DECISION = "package gavel.release\n\ndecision := {\"allow\": true, \"deny\": set()}\n";

  @TempDir
  Path tmp;

  TestRepo repo() throws Exception {
    return TestRepo.init(Files.createDirectories(tmp.resolve("repo")));
  }

  @Test
  void aRevisionIsACommitReadFromItsTreeNeverFromTheWorkingTree() throws Exception {
    try (TestRepo r = repo()) {
      String c1 = r.commit("dana@example.com", "first policy\n\nwith a body", Map.of("policies/release/decision.rego", DECISION,
          "policies/data.json", "{\"gavel\": {\"x\": 1}}", "policies/teams/data.yaml", "owner: ml", "README.md", "not policy"));
      Files.writeString(r.dir().resolve("policies/release/decision.rego"), "package gavel.release\n\nuncommitted :=");
      try (GitPolicySource s = GitPolicySource.open(r.dir().toString(), "main", null, tmp.resolve("cache"), RemoteAccess.NONE)) {
        assertThat(s.head()).isEqualTo(c1);
        PolicySnapshot snap = s.snapshot(c1);
        assertThat(snap.revision()).isEqualTo(c1);
        assertThat(snap.source()).isEqualTo("repo@main");
        assertThat(snap.modules()).extracting(PolicySnapshot.Module::path).containsExactly("policies/release/decision.rego");
        assertThat(snap.modules().get(0).text()).isEqualTo(DECISION);
        assertThat(snap.data().at("/gavel/x").asInt()).isEqualTo(1);
        assertThat(snap.data().at("/teams/owner").asText()).isEqualTo("ml");
        RevisionInfo info = s.info(c1.substring(0, 10));
        assertThat(info.commit()).isEqualTo(c1);
        assertThat(info.author().email()).isEqualTo("dana@example.com");
        assertThat(info.subject()).isEqualTo("first policy");
        assertThat(info.tree()).matches("[0-9a-f]{40}");
        assertThat(s.snapshot("main")).as("cached by commit id").isSameAs(snap);
      }
    }
  }

  @Test
  void thePolicyDirectoryIsConfigurableAndDefaultsToTheRootWithoutPolicies() throws Exception {
    try (TestRepo r = repo()) {
      String c = r.commit("dana@example.com", "flat", Map.of("decision.rego", DECISION, "rules/extra.rego",
          "package gavel.extra\n\nx := 1\n"));
      try (GitPolicySource s = GitPolicySource.open(r.dir().toString(), "main", null, tmp.resolve("cache"), RemoteAccess.NONE)) {
        assertThat(s.snapshot(c).modules()).extracting(PolicySnapshot.Module::path).containsExactly("decision.rego", "rules/extra.rego");
      }
      try (GitPolicySource s = GitPolicySource.open(r.dir().toString(), "main", "rules", tmp.resolve("cache"), RemoteAccess.NONE)) {
        assertThat(s.snapshot(c).modules()).extracting(PolicySnapshot.Module::path).containsExactly("rules/extra.rego");
      }
      try (GitPolicySource s = GitPolicySource.open(r.dir().toString(), "main", "nowhere", tmp.resolve("cache"), RemoteAccess.NONE)) {
        assertThatThrownBy(() -> s.snapshot(c)).hasMessageContaining("has no policy directory 'nowhere'");
      }
    }
  }

  @Test
  void badRepositoriesRefsAndRevisionsAreNamed() throws Exception {
    Path notRepo = Files.createDirectories(tmp.resolve("plain"));
    assertThatThrownBy(() -> GitPolicySource.open(notRepo.toString(), "main", null, tmp.resolve("cache"), RemoteAccess.NONE))
        .isInstanceOf(PolicySourceException.class).hasMessageContaining("is not a Git repository");
    assertThatThrownBy(() -> GitPolicySource.open(tmp.resolve("missing").toString(), "main", null, tmp, RemoteAccess.NONE))
        .hasMessageContaining("no such directory");
    try (TestRepo r = repo()) {
      String c1 = r.commit("dana@example.com", "one", Map.of("policies/a.rego", DECISION));
      r.git().checkout().setCreateBranch(true).setName("side").call();
      String side = r.commit("dana@example.com", "side", Map.of("policies/b.rego", "package b\n\nx := 1\n"));
      r.git().checkout().setName("main").call();
      try (GitPolicySource s = GitPolicySource.open(r.dir().toString(), "release", null, tmp.resolve("cache"), RemoteAccess.NONE)) {
        assertThatThrownBy(s::head).hasMessageContaining("the ref release does not exist");
      }
      try (GitPolicySource s = GitPolicySource.open(r.dir().toString(), "main", null, tmp.resolve("cache"), RemoteAccess.NONE)) {
        assertThatThrownBy(() -> s.snapshot(side)).hasMessageContaining("is not on main");
        assertThatThrownBy(() -> s.snapshot("0123456789abcdef0123456789abcdef01234567")).hasMessageContaining("is not");
        assertThatThrownBy(() -> s.snapshot("no-such-thing")).hasMessageContaining("is not a commit of repo@main");
        assertThat(s.snapshot(c1).revision()).isEqualTo(c1);
      }
    }
  }

  @Test
  void symbolicLinksAreRefused() throws Exception {
    try (TestRepo r = repo()) {
      r.commit("dana@example.com", "one", Map.of("policies/a.rego", DECISION));
      Files.createSymbolicLink(r.dir().resolve("policies/data.json"), Path.of("/etc/hostname"));
      r.git().add().addFilepattern("policies/data.json").call();
      String c = r.git().commit().setMessage("link").call().name();
      try (GitPolicySource s = GitPolicySource.open(r.dir().toString(), "main", null, tmp.resolve("cache"), RemoteAccess.NONE)) {
        assertThatThrownBy(() -> s.snapshot(c)).hasMessageContaining("is a symbolic link");
      }
    }
  }

  @Test
  void aRemoteIsMirroredFetchedIncrementallyAndItsOutageChangesNothing() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/git-core/git-daemon")),
        "git daemon (from the git package) is not installed: skipping the remote test");
    try (TestRepo r = repo()) {
      String c1 = r.commit("dana@example.com", "one", Map.of("policies/a.rego", DECISION));
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      Process daemon = new ProcessBuilder("git", "daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=" + port, "--export-all",
          "--base-path=" + tmp, tmp.toString()).redirectErrorStream(true).start();
      try {
        String url = "git://127.0.0.1:" + port + "/repo";
        Path cache = tmp.resolve("cache");
        GitPolicySource s = null;
        for (int i = 0; i < 50 && s == null; i++) {
          try {
            s = GitPolicySource.open(url, "main", null, cache, RemoteAccess.NONE);
          } catch (PolicySourceException e) {
            Thread.sleep(100); // the daemon is still starting
          }
        }
        assertThat(s).as("cloned from git daemon on port " + port).isNotNull();
        try (GitPolicySource src = s) {
          assertThat(src.head()).isEqualTo(c1);
          assertThat(src.description()).isEqualTo(url + "@main");
          String c2 = r.commit("dana@example.com", "two", Map.of("policies/b.rego", "package b\n\nx := 2\n"));
          assertThat(src.head()).as("fetched incrementally").isEqualTo(c2);
          assertThat(src.unreachable()).isEmpty();
          daemon.destroy();
          assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
          r.commit("dana@example.com", "three", Map.of("policies/c.rego", "package c\n\nx := 3\n"));
          assertThat(src.head()).as("the remote is down: the last fetched head stands").isEqualTo(c2);
          assertThat(src.unreachable()).isPresent();
          assertThat(src.snapshot(c2).modules()).hasSize(2);
        }
      } finally {
        daemon.destroyForcibly();
      }
    }
  }

  @Test
  void credentialsNeverAppearInTheDescription() throws IOException {
    assertThat(GitMirror.redact("https://user:s3cret@git.example.com/org/policies.git"))
        .isEqualTo("https://git.example.com/org/policies.git");
    assertThat(GitMirror.looksLikeUrl("git@github.com:org/policies.git")).isTrue();
    assertThat(GitMirror.looksLikeUrl("/srv/policies")).isFalse();
  }
}
