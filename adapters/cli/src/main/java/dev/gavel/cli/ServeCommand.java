package dev.gavel.cli;

import dev.gavel.core.governance.Governance;
import dev.gavel.http.GavelServer;
import dev.gavel.http.ServerConfig;
import dev.gavel.http.ServerParts;
import dev.gavel.http.ServerSettings;
import dev.gavel.runtime.Gavel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gavel serve}: runs the HTTP service (adapters/http) from the composition root until
 * SIGTERM or SIGINT, then shuts down gracefully. Each flag is also a key of the {@code serve:}
 * mapping of gavel.yaml; flags win.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serve the decision API, the OPA-compatible Data API and the auditor API over HTTPS.",
        "Every flag is also a key of the serve: mapping of $GAVEL_HOME/gavel.yaml (flags win); OIDC (oidc:) and",
        "client-certificate identities (client-identities:) are configured there. Stops gracefully on SIGTERM:",
        "readiness fails, new connections are refused, requests in flight finish and are recorded."})
final class ServeCommand implements Callable<Integer> {
  private final Io io;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default: " + ServerSettings.DEFAULT_LISTEN + ").")
  String listen;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "Server certificate chain (PEM).")
  String tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "Server private key (PEM, PKCS#8 or PKCS#1).")
  String tlsKey;

  @Option(names = "--client-ca", paramLabel = "PEM", description = "CA certificates client certificates must chain to (mTLS).")
  String clientCa;

  @Option(names = "--client-auth", paramLabel = "required|optional", description = "With --client-ca: require a client certificate (default) or check one when presented.")
  String clientAuth;

  @Option(names = "--plaintext", description = "Serve plain HTTP (loopback only unless --allow-remote-plaintext).")
  boolean plaintext;

  @Option(names = "--allow-remote-plaintext", description = "Allow plain HTTP on a non-loopback address (behind a TLS-terminating proxy).")
  boolean allowRemotePlaintext;

  @Option(names = "--max-body", paramLabel = "SIZE", description = "Largest request body (default 4MiB).")
  String maxBody;

  @Option(names = "--max-json-depth", paramLabel = "N", description = "Deepest JSON nesting of a request (default 100).")
  String maxJsonDepth;

  @Option(names = "--max-artifacts", paramLabel = "N", description = "Most artifacts per release request (default 256).")
  String maxArtifacts;

  @Option(names = "--max-scans", paramLabel = "N", description = "Most scans per release request (default 64).")
  String maxScans;

  @Option(names = "--workers", paramLabel = "N", description = "Threads that evaluate and append (default 32).")
  String workers;

  @Option(names = "--queue", paramLabel = "N", description = "Requests that may wait for a worker; more are answered 503 (default 256).")
  String queue;

  @Option(names = "--queue-timeout", paramLabel = "DURATION", description = "Longest wait for a worker before 503 (default 30s).")
  String queueTimeout;

  @Option(names = "--rate-limit", paramLabel = "PER-SECOND", description = "Requests per second per identity; 0 = off (default 100).")
  String rateLimit;

  @Option(names = "--rate-burst", paramLabel = "N", description = "Burst per identity (default twice the rate).")
  String rateBurst;

  @Option(names = "--tokens-file", paramLabel = "FILE", description = "Token store (default $GAVEL_HOME/tokens.json).")
  String tokensFile;

  @Option(names = "--access-log", paramLabel = "FILE|-|off", description = "Structured JSON access log (default -: standard output).")
  String accessLog;

  @Option(names = "--shutdown-grace", paramLabel = "DURATION", description = "How long in-flight requests may take on shutdown (default 30s).")
  String shutdownGrace;

  @Mixin
  SharedOptions.Home home;

  @Mixin
  SharedOptions.Policies policies;

  @Mixin
  SharedOptions.Evaluator evaluator;

  @Mixin
  SharedOptions.Bundle bundle;

  ServeCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    Gavel g;
    GavelServer server;
    try {
      g = home.runtime(io, policies, List.of(), evaluator, bundle);
    } catch (Exception e) {
      return Failures.report(io, "serve", e, ExitCode.INTERNAL);
    }
    try {
      ServerConfig config = ServerSettings.resolve(g.config().home(), flags());
      // The policy is read and compiled first: a server that cannot decide does not start. The one
      // exception is a governed policy before its bootstrap, which a board may do over HTTP.
      boolean awaitingBootstrap = g.policySource().governed() && Governance.active(g.ledger()).isEmpty();
      if (!awaitingBootstrap) {
        g.evaluator().prepare(g.policySource().active());
      }
      server = GavelServer.start(ServerParts.of(g), config, "cli:" + System.getProperty("user.name", "?"), io.out());
      io.err().println("gavel serve: listening on " + (config.tls() ? "https" : "http") + "://" + hostPort(config.host(), server.port())
          + (config.tls() ? " (TLS 1.2+" + (config.clientCa() == null ? "" : ", client certificates "
          + config.clientAuth().name().toLowerCase()) + ")" : " (plaintext)") + ", ledger " + g.ledger().description());
      if (awaitingBootstrap) {
        io.err().println("gavel serve: no policy revision of " + g.policySource().description() + " is active yet: decisions "
            + "are answered 503 until a board bootstraps one (POST /v1/policy/activate {\"bootstrap\": true}, or "
            + "gavel policy activate --bootstrap)");
      }
    } catch (Exception e) {
      try {
        g.close();
      } catch (Exception ignored) {
        // reporting the first failure
      }
      return Failures.report(io, "serve", e, ExitCode.INTERNAL);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      io.err().println("gavel serve: stopping (finishing requests in flight)");
      server.close();
      try {
        g.close();
      } catch (Exception e) {
        io.err().println("gavel serve: closing the ledger failed: " + e.getMessage());
      }
      io.err().println("gavel serve: stopped");
      stopped.countDown();
    }, "gavel-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCode.OK;
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private Map<String, String> flags() {
    Map<String, String> f = new LinkedHashMap<>();
    put(f, "listen", listen);
    put(f, "tls-cert", tlsCert);
    put(f, "tls-key", tlsKey);
    put(f, "client-ca", clientCa);
    put(f, "client-auth", clientAuth);
    put(f, "plaintext", plaintext ? "true" : null);
    put(f, "allow-remote-plaintext", allowRemotePlaintext ? "true" : null);
    put(f, "max-body", maxBody);
    put(f, "max-json-depth", maxJsonDepth);
    put(f, "max-artifacts", maxArtifacts);
    put(f, "max-scans", maxScans);
    put(f, "workers", workers);
    put(f, "queue", queue);
    put(f, "queue-timeout", queueTimeout);
    put(f, "rate-limit", rateLimit);
    put(f, "rate-burst", rateBurst);
    put(f, "tokens-file", tokensFile);
    put(f, "access-log", accessLog);
    put(f, "shutdown-grace", shutdownGrace);
    return f;
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
