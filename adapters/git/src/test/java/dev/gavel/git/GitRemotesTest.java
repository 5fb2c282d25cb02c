package dev.gavel.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.testkit.SharedFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy remotes that need credentials, against real servers on loopback: an OpenSSH server
 * (scripts/sshd.sh, Debian's openssh-server) for ssh:// with a client key and known_hosts, and an
 * HTTP server serving the repository as Git's dumb HTTP protocol behind a token, and Git's own
 * smart-HTTP server ({@code git http-backend}, run as a CGI program per request). Wrong or missing
 * credentials and an unknown host key are refused, and no token appears in what Gavel reports.
 */
class GitRemotesTest {
  static final String POLICY = "package gavel.release\n\ndecision := {\"allow\": true}\n";

  @TempDir
  Path tmp;

  static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", cmd) + ": " + out).isTrue();
  }

  @Test
  void anSshRemoteIsMirroredWithTheConfiguredKeyAndKnownHosts() throws Exception {
    Path server = tmp.resolve("sshd");
    Process start = new ProcessBuilder("bash", SharedFiles.repo().resolve("scripts/sshd.sh").toString(), "start", server.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String port = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    Assumptions.assumeTrue(start.waitFor(300, TimeUnit.SECONDS) && start.exitValue() == 0 && !port.isEmpty(),
        "scripts/sshd.sh could not install or start an OpenSSH server (see its messages): skipping the ssh:// test");
    try (TestRepo r = TestRepo.init(Files.createDirectories(tmp.resolve("repo")))) {
      String c1 = r.commit("dana@example.com", "one", Map.of("policies/a.rego", POLICY));
      String url = "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port + r.dir().toAbsolutePath();
      Path client = server.resolve("client");
      try (GitPolicySource s = GitPolicySource.open(url, "main", null, tmp.resolve("cache"), new RemoteAccess(null, client))) {
        assertThat(s.head()).isEqualTo(c1);
        String c2 = r.commit("dana@example.com", "two", Map.of("policies/b.rego", "package b\n\nx := 2\n"));
        assertThat(s.head()).as("fetched over ssh").isEqualTo(c2);
        assertThat(s.unreachable()).isEmpty();
        assertThat(s.snapshot(c2).modules()).hasSize(2);
      }

      Path strangers = Files.createDirectories(tmp.resolve("unknown-host"));
      Files.copy(client.resolve("id_ed25519"), strangers.resolve("id_ed25519"));
      Files.writeString(strangers.resolve("known_hosts"), "");
      assertThatThrownBy(() -> GitPolicySource.open(url, "main", null, tmp.resolve("cache-2"), new RemoteAccess(null, strangers)))
          .as("a host key not in known_hosts is refused, not trusted on first use").isInstanceOf(PolicySourceException.class)
          .hasMessageContaining("cannot clone");
      Path otherKey = Files.createDirectories(tmp.resolve("other-key"));
      run(otherKey, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.resolve("id_ed25519").toString());
      Files.copy(client.resolve("known_hosts"), otherKey.resolve("known_hosts"));
      assertThatThrownBy(() -> GitPolicySource.open(url, "main", null, tmp.resolve("cache-3"), new RemoteAccess(null, otherKey)))
          .as("a key the server does not know is refused").isInstanceOf(PolicySourceException.class)
          .hasMessageContaining("cannot clone");
      assertThat(tmp.resolve("cache-2")).isEmptyDirectory();
    } finally {
      new ProcessBuilder("bash", SharedFiles.repo().resolve("scripts/sshd.sh").toString(), "stop", server.toString()).start()
          .waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void anHttpRemoteBehindATokenIsMirroredOnlyWithTheToken() throws Exception {
    String token = "gpt_" + "s3cret".repeat(6);
    try (TestRepo r = TestRepo.init(Files.createDirectories(tmp.resolve("repo")))) {
      String c1 = r.commit("dana@example.com", "one", Map.of("policies/a.rego", POLICY));
      Path gitDir = r.dir().resolve(".git");
      run(gitDir, "git", "update-server-info");
      AtomicInteger refused = new AtomicInteger();
      HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      String expected = "Basic " + Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
      // Git's dumb HTTP protocol: the repository's files as they are (info/refs, objects/...), behind basic auth.
      http.createContext("/policies.git/", ex -> {
        try (ex) {
          if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            refused.incrementAndGet();
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"policies\"");
            ex.sendResponseHeaders(401, -1);
            return;
          }
          String rel = ex.getRequestURI().getPath().substring("/policies.git/".length());
          Path f = gitDir.resolve(rel).normalize();
          if (!f.startsWith(gitDir) || !Files.isRegularFile(f)) {
            ex.sendResponseHeaders(404, -1);
            return;
          }
          byte[] b = Files.readAllBytes(f);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
        } catch (IOException e) {
          // the client went away
        }
      });
      http.start();
      try {
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/policies.git";
        try (GitPolicySource s = GitPolicySource.open(url, "main", null, tmp.resolve("cache"), new RemoteAccess(token, null))) {
          assertThat(s.head()).isEqualTo(c1);
          String c2 = r.commit("dana@example.com", "two", Map.of("policies/b.rego", "package b\n\nx := 2\n"));
          run(gitDir, "git", "update-server-info");
          assertThat(s.head()).as("fetched over http with the token").isEqualTo(c2);
          assertThat(s.description()).doesNotContain(token);
        }
        for (RemoteAccess wrong : List.of(RemoteAccess.NONE, new RemoteAccess("gpt_wrong", null))) {
          int before = refused.get();
          assertThatThrownBy(() -> GitPolicySource.open(url, "main", null, tmp.resolve("cache-" + before), wrong))
              .isInstanceOf(PolicySourceException.class).hasMessageContaining("cannot clone")
              .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
          assertThat(refused.get()).as(wrong.toString()).isGreaterThan(before);
        }
      } finally {
        http.stop(0);
      }
    }
  }

  @Test
  void aSmartHttpRemoteServedByGitHttpBackendIsMirroredAndFetchedIncrementally() throws Exception {
    Path backend = Path.of("/usr/lib/git-core/git-http-backend");
    Assumptions.assumeTrue(Files.isExecutable(backend), "git http-backend (Debian's git package) is not installed at " + backend);
    String token = "gpt_" + "smart".repeat(7);
    try (TestRepo r = TestRepo.init(Files.createDirectories(tmp.resolve("repo")))) {
      String c1 = r.commit("dana@example.com", "one", Map.of("policies/a.rego", POLICY));
      Path root = Files.createDirectories(tmp.resolve("served"));
      Files.createSymbolicLink(root.resolve("policies.git"), r.dir().resolve(".git"));
      AtomicInteger uploadPacks = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      String expected = "Basic " + Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
      HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.createContext("/", ex -> {
        try (ex) {
          if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            refused.incrementAndGet();
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"policies\"");
            ex.sendResponseHeaders(401, -1);
            return;
          }
          if (ex.getRequestURI().getPath().endsWith("/git-upload-pack")) {
            uploadPacks.incrementAndGet();
          }
          // CGI: the request as environment and body, the answer as header lines, a blank line, the body.
          ProcessBuilder pb = new ProcessBuilder(backend.toString());
          Map<String, String> env = pb.environment();
          env.put("GIT_PROJECT_ROOT", root.toString());
          env.put("GIT_HTTP_EXPORT_ALL", "1");
          env.put("REMOTE_USER", "x-access-token");
          env.put("REQUEST_METHOD", ex.getRequestMethod());
          env.put("PATH_INFO", ex.getRequestURI().getPath());
          env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
          String type = ex.getRequestHeaders().getFirst("Content-Type");
          env.put("CONTENT_TYPE", type == null ? "" : type);
          String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
          if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
          }
          String protocol = ex.getRequestHeaders().getFirst("Git-Protocol");
          if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
          }
          byte[] body = ex.getRequestBody().readAllBytes();
          env.put("CONTENT_LENGTH", Integer.toString(body.length));
          Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
          p.getOutputStream().write(body);
          p.getOutputStream().close();
          byte[] out = p.getInputStream().readAllBytes();
          int split = 0;
          while (split + 3 < out.length && !(out[split] == '\r' && out[split + 1] == '\n' && out[split + 2] == '\r' && out[split + 3] == '\n')) {
            split++;
          }
          int status = 200;
          for (String line : new String(out, 0, split, StandardCharsets.ISO_8859_1).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
              continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
              status = Integer.parseInt(value.split(" ")[0]);
            } else {
              ex.getResponseHeaders().add(name, value);
            }
          }
          int start = Math.min(out.length, split + 4);
          ex.sendResponseHeaders(status, out.length - start == 0 ? -1 : out.length - start);
          ex.getResponseBody().write(out, start, out.length - start);
        } catch (IOException e) {
          // the client went away
        }
      });
      http.start();
      try {
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/policies.git";
        try (GitPolicySource s = GitPolicySource.open(url, "main", null, tmp.resolve("cache"), new RemoteAccess(token, null))) {
          assertThat(s.head()).isEqualTo(c1);
          assertThat(uploadPacks.get()).as("the smart protocol's upload-pack was used").isGreaterThan(0);
          int before = uploadPacks.get();
          String c2 = r.commit("dana@example.com", "two", Map.of("policies/b.rego", "package b\n\nx := 2\n"));
          assertThat(s.head()).as("fetched over smart HTTP").isEqualTo(c2);
          assertThat(uploadPacks.get()).isGreaterThan(before);
          assertThat(s.description()).doesNotContain(token);
        }
        int before = refused.get();
        assertThatThrownBy(() -> GitPolicySource.open(url, "main", null, tmp.resolve("cache-none"), RemoteAccess.NONE))
            .isInstanceOf(PolicySourceException.class).hasMessageContaining("cannot clone");
        assertThat(refused.get()).isGreaterThan(before);
      } finally {
        http.stop(0);
      }
    }
  }
}
