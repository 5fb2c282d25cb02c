package dev.gavel.opa;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gavel.testkit.SharedFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real `opa run --server` on a loopback port, for tests. The binary is $GAVEL_OPA, else what
 * scripts/opa.sh finds or builds with the machine's Go (`.ci/run` builds it first); without a Go
 * toolchain the tests skip and say so.
 */
public final class OpaServer implements AutoCloseable {
  private static String binary;
  private final List<String> extra;
  private final int port;
  private Process process;

  private OpaServer(int port, List<String> extra) {
    this.port = port;
    this.extra = extra;
  }

  /** The OPA binary, or a skip (assumption failure) saying why there is none. */
  public static synchronized String binary() {
    if (binary != null) {
      return binary;
    }
    String env = System.getenv("GAVEL_OPA");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return binary = env;
    }
    Path script = SharedFiles.repo().resolve("scripts/opa.sh");
    try {
      Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      boolean done = p.waitFor(15, TimeUnit.MINUTES);
      assumeTrue(done && p.exitValue() == 0 && !out.isEmpty() && Files.isExecutable(Path.of(out)),
          "no OPA binary: scripts/opa.sh could not find or build one (it needs a Go toolchain); skipping");
      return binary = out;
    } catch (IOException e) {
      assumeTrue(false, "no OPA binary (" + e.getMessage() + "); skipping");
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      assumeTrue(false, "interrupted while building OPA; skipping");
      return null;
    }
  }

  /** Starts OPA on a free loopback port with the given extra arguments (e.g. TLS flags). */
  public static OpaServer start(String... extraArgs) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OpaServer o = new OpaServer(port, List.of(extraArgs));
    o.restart();
    return o;
  }

  public int port() {
    return port;
  }

  public URI url() {
    return URI.create((extra.contains("--tls-cert-file") ? "https" : "http") + "://127.0.0.1:" + port + "/");
  }

  /** (Re)starts the process on the same port with an empty store, and waits until it answers. */
  public void restart() throws Exception {
    stop();
    List<String> cmd = new ArrayList<>(List.of(binary(), "run", "--server", "--addr", "127.0.0.1:" + port, "--log-level", "error"));
    cmd.addAll(extra);
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!extra.contains("--tls-cert-file")) {
      HttpClient c = HttpClient.newHttpClient();
      for (int i = 0; i < 200; i++) {
        try {
          if (c.send(HttpRequest.newBuilder(url().resolve("health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(50);
      }
      throw new IllegalStateException("OPA did not start on port " + port);
    }
    Thread.sleep(1500); // TLS: the caller's client proves it is up
  }

  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      process = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
