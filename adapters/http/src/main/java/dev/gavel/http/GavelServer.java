package dev.gavel.http;

import dev.gavel.core.ReleaseGate;
import dev.gavel.core.Revocations;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.http.auth.Authenticator;
import dev.gavel.http.auth.ClientCertificates;
import dev.gavel.http.auth.Endpoint;
import dev.gavel.http.auth.OidcVerifier;
import dev.gavel.http.auth.Principal;
import dev.gavel.http.auth.RateLimiter;
import dev.gavel.http.auth.TokenStore;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.runtime.ConfigurationException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code gavel serve}: the HTTP service of DESIGN 3.8 on Vert.x. Event loops only parse, route,
 * authenticate and write; evaluation and every ledger read or append run on a bounded worker pool
 * (503 when full), exports on a pool of their own. Built from {@link ServerParts} (the composition
 * root's ports), it records its start with its configuration as an {@code access} ledger entry
 * once it listens. {@link #close} shuts down gracefully: readiness fails, the listeners stop
 * accepting, in-flight requests finish (their decisions committed) within the grace period.
 */
public final class GavelServer implements AutoCloseable {
  private final ServerConfig config;
  private final Vertx vertx;
  private final List<HttpServer> servers = new ArrayList<>();
  private final BlockingPool pool;
  private final BlockingPool streams;
  private final AccessLog log;
  private final HealthRoutes health;
  private final ServerMetrics metrics;
  private final AlertPipeline alerts;
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean stopping;
  private int port;
  private boolean closed;

  private GavelServer(ServerConfig config, Vertx vertx, BlockingPool pool, BlockingPool streams, AccessLog log,
      HealthRoutes health, ServerMetrics metrics, AlertPipeline alerts) {
    this.alerts = alerts;
    this.config = config;
    this.vertx = vertx;
    this.pool = pool;
    this.streams = streams;
    this.log = log;
    this.health = health;
    this.metrics = metrics;
  }

  /**
   * Starts serving: checks the TLS files, listens, then records {@code server.started} (and stops
   * again if that cannot be recorded). Returns once the port is bound.
   *
   * @param actor who started it, for the ledger entry
   * @param stdout where an access log of {@code -} goes
   */
  public static GavelServer start(ServerParts parts, ServerConfig config, String actor, PrintStream stdout)
      throws ConfigurationException, LedgerException, IOException {
    java.util.Objects.requireNonNull(parts, "parts");
    java.util.Objects.requireNonNull(config, "config");
    java.util.Objects.requireNonNull(actor, "actor");
    java.util.Objects.requireNonNull(stdout, "stdout");
    checkFiles(config);
    AccessLog log = AccessLog.open(config.accessLog(), stdout);
    BlockingPool pool = new BlockingPool("gavel-worker", config.limits().workers(), config.limits().queue(),
        config.limits().queueTimeout());
    BlockingPool streams = new BlockingPool("gavel-stream", 4, 16, config.limits().queueTimeout());
    ServerMetrics metrics = new ServerMetrics(pool::load);
    Readiness readiness = new Readiness(parts.policies(), parts.evaluator(), parts.ledger(), Duration.ofSeconds(1),
        Duration.ofSeconds(5));
    LedgerStore ledger = TimedPorts.ledger(parts.ledger(), metrics.appendTimer(), readiness);
    ReleaseGate gate = new ReleaseGate(parts.policies(), TimedPorts.evaluator(parts.evaluator(), metrics.evaluationTimer()),
        ledger, parts.clock(), new SecureRandom(), parts.signer());
    TokenStore tokens = new TokenStore(config.tokensFile());
    OidcVerifier oidc;
    try {
      oidc = config.oidc() == null ? null : new OidcVerifier(config.oidc());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("gavel serve: oidc: " + e.getMessage(), e);
    }
    Authenticator auth = new Authenticator(tokens, oidc, new ClientCertificates(config.certificateIdentities()));
    RateLimiter limiter = config.rateLimit().enabled()
        ? new RateLimiter(config.rateLimit().perSecond(), config.rateLimit().burst()) : null;
    AlertPipeline alerts = new AlertPipeline(config.alerts(), ledger, parts.signer(), parts.clock(), metrics);
    Guard guard = new Guard(auth, limiter, metrics, parts.clock(), alerts);
    HealthRoutes health = new HealthRoutes(readiness, streams);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops()));
    GavelServer s = new GavelServer(config, vertx, pool, streams, log, health, metrics, alerts);
    try {
      try {
        var active = parts.policies().active();
        metrics.activeRevision(active.revision());
        alerts.board(active.revision(), active.data(), true);
      } catch (Exception e) {
        // readiness reports it; the server still starts so /health/ready can say what is wrong
      }
      Router router = s.router(guard, health, new DecisionRoutes(gate, ledger, readiness, pool, config.limits(), metrics,
          new RecordedExplanation(ledger, parts.evaluator()), alerts),
          new DecisionSearch(ledger, pool),
          new ArtifactRoutes(ledger, new Revocations(ledger, parts.signer(), parts.clock(), new SecureRandom()), pool),
          new LedgerRoutes(ledger, pool, streams),
          new KeyRoutes(ledger, parts.signer(), streams), new DataApi(parts.policies(), parts.evaluator(), parts.clock(),
              parts.evaluationTimeout(), parts.evaluationLimits(), config.limits(), pool), ledger,
          new TokenRoutes(tokens, ledger, parts.clock(), streams),
          new PolicyRoutes(parts, ledger, pool, rev -> {
            metrics.activeRevision(rev);
            readiness.policyChanged();
          }, alerts), BundleRoutes.of(parts.policies(), config.bundles(), streams), ConsoleRoutes.load(),
          new PendingRevisions(parts, ledger, pool));
      s.listen(router);
      // Recorded once it listens (a server that failed to bind did not start); it fails closed if it cannot be recorded.
      AccessEntries.serverStarted(ledger, parts.clock().now(), actor, ServerSettings.describe(config));
      return s;
    } catch (LedgerException | ConfigurationException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** The bound port (the configured one, or the one the OS chose for port 0). */
  public int port() {
    return port;
  }

  public ServerConfig config() {
    return config;
  }

  private static int eventLoops() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  private static void checkFiles(ServerConfig c) throws ConfigurationException {
    for (Path p : new Path[] {c.tlsCert(), c.tlsKey(), c.clientCa()}) {
      if (p != null && !Files.isReadable(p)) {
        throw new ConfigurationException("gavel serve: cannot read " + p + (Files.exists(p) ? " (permission denied)" : " (no such file)"));
      }
    }
  }

  private void listen(Router router) throws ConfigurationException {
    HttpServerOptions o = new HttpServerOptions().setHost(config.host()).setDecompressionSupported(true)
        .setCompressionSupported(true).setIdleTimeout(120).setIdleTimeoutUnit(TimeUnit.SECONDS);
    if (config.tls()) {
      o.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tlsCert().toString())
          .setKeyPath(config.tlsKey().toString())).setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
      if (config.clientCa() != null) {
        o.setTrustOptions(new PemTrustOptions().addCertPath(config.clientCa().toString()))
            .setClientAuth(config.clientAuth() == ServerConfig.ClientAuth.REQUIRED ? io.vertx.core.http.ClientAuth.REQUIRED
                : io.vertx.core.http.ClientAuth.REQUEST);
      }
    }
    int wanted = config.port();
    if (wanted == 0) {
      // Listeners share a port only when they name the same one: take a free one first.
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(config.host()))) {
        wanted = probe.getLocalPort();
      } catch (IOException e) {
        throw new ConfigurationException("gavel serve: cannot listen on " + config.host() + ": " + e.getMessage(), e);
      }
    }
    HttpServerOptions options = o.setPort(wanted);
    // One listener per event loop (verticle instances on one port): Vert.x spreads connections over them.
    try {
      vertx.deployVerticle(() -> new io.vertx.core.VerticleBase() {
        @Override
        public io.vertx.core.Future<?> start() {
          HttpServer h = vertx.createHttpServer(new HttpServerOptions(options)).requestHandler(router);
          synchronized (servers) {
            servers.add(h);
          }
          return h.listen();
        }
      }, new io.vertx.core.DeploymentOptions().setInstances(eventLoops())).toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new ConfigurationException("gavel serve: cannot listen on " + config.host() + ":" + wanted + ": "
          + (e.getCause() == null ? e : e.getCause().getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigurationException("interrupted while starting", e);
    }
    port = wanted;
  }

  private Router router(Guard guard, HealthRoutes health, DecisionRoutes decisions, DecisionSearch search,
      ArtifactRoutes artifacts, LedgerRoutes ledgerRoutes, KeyRoutes keys, DataApi data, LedgerStore ledger, TokenRoutes tokens,
      PolicyRoutes policy, BundleRoutes bundles, ConsoleRoutes console, PendingRevisions pending) {
    Router r = Router.router(vertx);
    r.route().handler(this::observe);
    BodyReader body = new BodyReader(config.limits().maxBodyBytes());
    Handler<RoutingContext> opa = ctx -> {
      ctx.put(Replies.OPA_SHAPE, true);
      ctx.next();
    };
    r.get("/health").handler(guard.require(Endpoint.HEALTH)).handler(health::opa);
    r.get("/health/live").handler(guard.require(Endpoint.HEALTH)).handler(health::live);
    r.get("/health/ready").handler(guard.require(Endpoint.HEALTH)).handler(health::ready);
    r.get("/v1/ledger/checkpoint").handler(guard.require(Endpoint.CHECKPOINT)).handler(ledgerRoutes::checkpoint);
    r.get("/v1/keys").handler(guard.require(Endpoint.KEYS)).handler(keys::handle);
    r.get("/").handler(guard.require(Endpoint.CONSOLE)).handler(console::index);
    r.get("/console/*").handler(guard.require(Endpoint.CONSOLE)).handler(console::file);
    r.get("/v1/whoami").handler(guard.require(Endpoint.WHOAMI)).handler(new SessionRoutes()::whoami);
    r.post("/v1/decisions").handler(guard.require(Endpoint.DECIDE)).handler(body).handler(decisions::create);
    r.get("/v1/decisions").handler(guard.require(Endpoint.DECISIONS)).handler(search::handle);
    r.get("/v1/decisions/:id").handler(guard.require(Endpoint.DECISION)).handler(decisions::read);
    r.get("/v1/artifacts/:sha256").handler(guard.require(Endpoint.ARTIFACT)).handler(artifacts::status);
    r.post("/v1/revocations").handler(guard.require(Endpoint.REVOKE)).handler(new BodyReader(64 * 1024)).handler(artifacts::revoke);
    r.get("/v1/ledger/entries").handler(guard.require(Endpoint.LEDGER_ENTRIES)).handler(ledgerRoutes::entries);
    r.get("/v1/ledger/proof").handler(guard.require(Endpoint.LEDGER_PROOF)).handler(ledgerRoutes::proof);
    r.get("/v1/ledger/consistency").handler(guard.require(Endpoint.LEDGER_CONSISTENCY)).handler(ledgerRoutes::consistency);
    r.get("/v1/ledger/export").handler(guard.require(Endpoint.LEDGER_EXPORT)).handler(ledgerRoutes::export);
    for (String path : List.of("/v1/data", "/v1/data/*")) {
      r.route(HttpMethod.POST, path).handler(opa).handler(guard.require(Endpoint.DATA)).handler(body).handler(data::handle);
      r.route(HttpMethod.GET, path).handler(opa).handler(guard.require(Endpoint.DATA)).handler(data::handle);
    }
    r.get("/v1/policy").handler(guard.require(Endpoint.POLICY)).handler(policy::status);
    BodyReader small = new BodyReader(256 * 1024);
    r.post("/v1/policy/approvals").handler(guard.require(Endpoint.POLICY_APPROVE)).handler(small).handler(policy::approve);
    r.post("/v1/policy/activate").handler(guard.require(Endpoint.POLICY_ACTIVATE)).handler(small).handler(policy::activate);
    r.get("/v1/policy/impact").handler(guard.require(Endpoint.POLICY_IMPACT)).handler(policy::impact);
    r.get("/v1/policy/pending").handler(guard.require(Endpoint.POLICY_PENDING)).handler(pending::handle);
    r.get("/bundles/:file").handler(guard.require(Endpoint.BUNDLE)).handler(bundles::handle);
    r.get("/v1/tokens").handler(guard.require(Endpoint.TOKENS)).handler(tokens::list);
    r.post("/v1/tokens").handler(guard.require(Endpoint.TOKEN_CREATE)).handler(new BodyReader(64 * 1024)).handler(tokens::create);
    r.delete("/v1/tokens/:id").handler(guard.require(Endpoint.TOKEN_REVOKE)).handler(tokens::revoke);
    r.get("/metrics").handler(guard.require(Endpoint.METRICS)).handler(ctx -> Replies.async(ctx, streams, () -> {
      refreshLedgerGauges(ledger);
      return metrics.scrape();
    }, (c, text) -> c.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text)));
    r.errorHandler(404, ctx -> Replies.problem(ctx, Problem.notFound("no such endpoint: " + ctx.request().method() + " "
        + ctx.request().path())));
    r.errorHandler(405, ctx -> Replies.problem(ctx, Problem.of(405, "method-not-allowed", "Method not allowed",
        ctx.request().method() + " is not allowed on " + ctx.request().path())));
    r.errorHandler(400, ctx -> Replies.problem(ctx, Problem.invalid("the request could not be read", List.of())));
    r.errorHandler(500, ctx -> Replies.problem(ctx, Failure.problem(ctx.failure() == null ? new IllegalStateException()
        : ctx.failure())));
    return r;
  }

  /** Access log and request metrics for every request, written when the response ends. */
  private void observe(RoutingContext ctx) {
    long t0 = System.nanoTime();
    if (stopping) {
      // Shutting down: what arrives now is refused before anything is done, and the connection closed.
      ctx.response().putHeader("Connection", "close");
      Replies.problem(ctx, Problem.of(503, "stopping", "Shutting down", "the server is shutting down; nothing was evaluated "
          + "or recorded; retry on another instance"));
      return;
    }
    inFlight.incrementAndGet();
    ctx.addEndHandler(ar -> {
      inFlight.decrementAndGet();
      if (!ctx.request().isEnded()) {
        // A request held back (paused) and answered without its body: let the connection move on.
        ctx.request().resume();
      }
      long nanos = System.nanoTime() - t0;
      int status = ctx.response().getStatusCode();
      String route = ctx.get(Guard.ROUTE);
      metrics.request(route == null ? "none" : route, ctx.request().method().name(), status, nanos);
      Principal p = ctx.get(Guard.PRINCIPAL);
      log.log(Guard.remote(ctx), ctx.request().method().name(), ctx.request().path(), status,
          ctx.response().bytesWritten(), nanos, route, p, ctx.get(DecisionRoutes.DECISION_ID), ctx.get(Replies.REASON));
    });
    ctx.next();
  }

  private void refreshLedgerGauges(LedgerStore ledger) {
    try {
      long size = ledger.size();
      long age = -1;
      var note = ledger.latestCheckpoint();
      if (note.isPresent()) {
        long covered = Checkpoint.claimedBy(note.get()).size();
        var row = covered > 0 ? ledger.entry(covered - 1) : java.util.Optional.<dev.gavel.core.port.LedgerRow>empty();
        if (row.isPresent() && row.get().columns() != null) {
          age = Duration.between(Instant.parse(row.get().columns().timestamp()), Instant.now()).toMillis();
        }
      }
      metrics.ledger(size, age);
    } catch (LedgerException | RuntimeException e) {
      metrics.ledger(-1, -1);
    }
  }

  /**
   * Graceful shutdown: readiness fails and new requests are refused (503, connection closed) at
   * once; requests in flight finish, their decisions committed and their answers written (up to
   * the grace period); then the listeners close, the worker pools stop and Vert.x stops. Close the
   * runtime (the ledger) after this returns.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopping = true;
    health.stopping();
    long graceMs = config.shutdownGrace().toMillis();
    long deadline = System.nanoTime() + graceMs * 1_000_000;
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<io.vertx.core.Future<Void>> stops = new ArrayList<>();
    synchronized (servers) {
      for (HttpServer h : servers) {
        stops.add(h.shutdown(1, TimeUnit.SECONDS));
      }
    }
    try {
      io.vertx.core.Future.join(stops).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // what is still open is cut below
    }
    try {
      pool.drain(config.shutdownGrace());
      streams.drain(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.close();
    streams.close();
    alerts.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // nothing more to do
    }
    log.close();
  }
}
