package dev.gavel.http.bench;

import dev.gavel.core.ReleaseGate;
import dev.gavel.core.ReleaseRequestParser;
import dev.gavel.http.GavelServer;
import dev.gavel.http.ServerParts;
import dev.gavel.http.ServerSettings;
import dev.gavel.http.auth.Role;
import dev.gavel.http.auth.TokenStore;
import dev.gavel.runtime.Gavel;
import dev.gavel.runtime.GavelConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The benchmark's Java side (bench/serve.sh drives it; wrk is the load generator in a second
 * process):
 * <ul>
 *   <li>{@code server HOME REPO OUT}: starts gavel serve (plaintext loopback, no rate limit, no
 *       access log, the server's clock at the demo fixtures' time) and, beside it, a bare Vert.x
 *       endpoint with as many event loops that answers every request with a constant the size of
 *       the Data API's answer; writes ports, a pipeline token and the bodies to OUT, then waits.</li>
 *   <li>{@code inprocess HOME REPO THREADS SECONDS}: the same request decided by {@link ReleaseGate}
 *       in-process from THREADS threads, printing {@code rate p50_ms p99_ms}.</li>
 *   <li>{@code evaluate HOME REPO THREADS SECONDS}: what the Data API does for one call without HTTP
 *       (parse the body, convert the input, evaluate {@code data.gavel.release.decision} with the
 *       embedded engine, write the result), from THREADS threads, printing {@code rate p50_ms p99_ms}.</li>
 *   <li>{@code count HOME REPO}: the number of ledger entries (read only; bench/soak.sh).</li>
 * </ul>
 */
public final class ServeBench {
  static final Instant FIXTURE_TIME = Instant.parse("2026-12-01T12:00:00Z");

  private ServeBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "server" -> server(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
      case "inprocess" -> inprocess(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "evaluate" -> evaluate(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "count" -> {
        try (Gavel g = gavel(Path.of(args[1]), Path.of(args[2]))) {
          System.out.println(g.reader().size());
        }
      }
      default -> throw new IllegalArgumentException("server|inprocess|count");
    }
  }

  static Gavel gavel(Path home, Path repo) throws Exception {
    Files.createDirectories(home);
    return Gavel.start(GavelConfig.resolve(new GavelConfig.Flags(home, List.of(repo.resolve("policies")),
        List.of(repo.resolve("test-fixtures/trust.json")), null, null), Map.of()), () -> FIXTURE_TIME);
  }

  static void server(Path home, Path repo, Path out) throws Exception {
    Gavel g = gavel(home, repo);
    var config = ServerSettings.resolve(home, null, Map.of("listen", "127.0.0.1:0", "plaintext", "true", "rate-limit", "0",
        "access-log", "off", "queue", "4096"));
    GavelServer s = GavelServer.start(ServerParts.of(g), config, "bench", new PrintStream(PrintStream.nullOutputStream()));
    String token = new TokenStore(config.tokensFile()).create("ci/release-pipeline", Role.PIPELINE, FIXTURE_TIME, null).secret();
    Path request = repo.resolve("test-fixtures/requests/allow-minimal-classifier.json");
    String dataBody = "{\"input\":" + Files.readString(repo.resolve("test-fixtures/policy-inputs/allow-minimal-classifier.json")) + "}";
    Files.writeString(out.resolveSibling("data-body.json"), dataBody);
    HttpResponse<String> sample = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
        + "/v1/data/gavel/release/decision")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(dataBody)).build(), HttpResponse.BodyHandlers.ofString());
    if (sample.statusCode() != 200) {
      throw new IllegalStateException("Data API sample: " + sample.statusCode() + " " + sample.body());
    }
    Buffer constant = Buffer.buffer(sample.body());
    int loops = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    Vertx bare = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    int barePort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      barePort = probe.getLocalPort();
    }
    bare.deployVerticle(() -> new io.vertx.core.VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> req.response()
            .putHeader("Content-Type", "application/json").end(constant))).listen(barePort, "127.0.0.1");
      }
    }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().get();
    Files.writeString(out, "GAVEL_PORT=" + s.port() + "\nBARE_PORT=" + barePort + "\nTOKEN=" + token + "\nREQUEST=" + request
        + "\nDATA_BODY=" + out.resolveSibling("data-body.json") + "\nDATA_BYTES=" + sample.body().length() + "\n");
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      s.close();
      bare.close();
      try {
        g.close();
      } catch (Exception e) {
        // exiting
      }
      done.countDown();
    }));
    done.await();
  }

  static void evaluate(Path home, Path repo, int threads, int seconds) throws Exception {
    try (Gavel g = gavel(home, repo)) {
      var snap = g.policySource().active();
      dev.gavel.rego.Rego rego = ((dev.gavel.embedded.EmbeddedEvaluator) g.evaluator()).rego(snap);
      dev.gavel.rego.PreparedRef ref = rego.prepareRef("data.gavel.release.decision");
      byte[] body = ("{\"input\":" + Files.readString(repo.resolve("test-fixtures/policy-inputs/allow-minimal-classifier.json"))
          + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      dev.gavel.rego.EvalOptions opts = dev.gavel.rego.EvalOptions.at(FIXTURE_TIME).limits(g.config().evaluationLimits());
      measure(threads, seconds, () -> {
        var in = dev.gavel.json.Json.read(body).get("input");
        var v = ref.evaluate(dev.gavel.rego.value.JsonValues.fromJson(in, g.config().evaluationLimits().maxDepth()), opts);
        dev.gavel.rego.value.JsonValues.toJson(v.orElseThrow()).toString();
      });
    }
  }

  /** Work to measure. */
  interface Work {
    void run() throws Exception;
  }

  /**
   * Runs {@code work} from {@code threads} threads, first for {@code seconds} unmeasured (the
   * evaluator needs a long JIT warm-up; the server is warmed the same way by a first wrk pass),
   * then for {@code seconds} measured, and prints rate, p50 and p99 in ms.
   */
  static void measure(int threads, int seconds, Work work) throws Exception {
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    List<long[]> samples = new ArrayList<>();
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      long[] lat = new long[Math.max(100_000, 4_000_000 / threads)];
      samples.add(lat);
      Thread t = new Thread(() -> {
        int n = 0;
        while (!stop.get()) {
          long t0 = System.nanoTime();
          try {
            work.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          if (measuring.get() && n < lat.length - 1) {
            lat[++n] = System.nanoTime() - t0;
          }
        }
        lat[0] = n;
      });
      t.start();
      ts.add(t);
    }
    Thread.sleep(seconds * 1000L);
    measuring.set(true);
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    long elapsed = System.nanoTime() - start;
    stop.set(true);
    for (Thread t : ts) {
      t.join();
    }
    int total = 0;
    for (long[] l : samples) {
      total += (int) l[0];
    }
    long[] all = new long[total];
    int k = 0;
    for (long[] l : samples) {
      System.arraycopy(l, 1, all, k, (int) l[0]);
      k += (int) l[0];
    }
    Arrays.sort(all);
    System.out.printf("%.1f %.2f %.2f%n", total / (elapsed / 1e9), all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6);
  }

  static void inprocess(Path home, Path repo, int threads, int seconds) throws Exception {
    try (Gavel g = gavel(home, repo)) {
      ReleaseGate gate = g.releaseGate();
      String text = Files.readString(repo.resolve("test-fixtures/requests/allow-minimal-classifier.json"));
      ReleaseRequestParser parser = new ReleaseRequestParser();
      gate.decide(parser.parse(text));
      // Each decision parses the request as the server does (the server gets bytes, not a parsed request).
      measure(threads, seconds, () -> gate.decide(parser.parse(text)));
    }
  }
}
