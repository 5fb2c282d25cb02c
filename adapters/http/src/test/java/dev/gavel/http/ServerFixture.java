package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.http.auth.Role;
import dev.gavel.http.auth.TokenStore;
import dev.gavel.json.Json;
import dev.gavel.runtime.Gavel;
import dev.gavel.runtime.GavelConfig;
import dev.gavel.testkit.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real {@code gavel serve} on an ephemeral loopback port over a fresh home: the repository's
 * policies with the demo trust data, the server's clock fixed at the time the demo fixtures were
 * made for, one token per role (pipeline named like the fixtures' requester), and Java's
 * HttpClient to talk to it.
 */
final class ServerFixture implements AutoCloseable {
  static final Instant FIXTURE_TIME = Instant.parse("2026-12-01T12:00:00Z");
  static final String PIPELINE = "ci/release-pipeline";
  final Path home;
  final Gavel gavel;
  final GavelServer server;
  final Map<Role, String> tokens = new EnumMap<>(Role.class);
  final HttpClient http;
  final ByteArrayOutputStream accessLog;
  private final String scheme;

  private ServerFixture(Path home, Gavel gavel, GavelServer server, HttpClient http, String scheme, ByteArrayOutputStream log) {
    this.accessLog = log;
    this.home = home;
    this.gavel = gavel;
    this.server = server;
    this.http = http;
    this.scheme = scheme;
  }

  static ServerFixture start(Path home) throws Exception {
    return start(home, Map.of(), p -> p, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  static ServerFixture start(Path home, Map<String, String> flags) throws Exception {
    return start(home, flags, p -> p, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  /** {@code flags} are serve settings (plaintext loopback, no rate limit, unless given); {@code parts} may wrap the ports. */
  static ServerFixture start(Path home, Map<String, String> flags, UnaryOperator<ServerParts> parts, HttpClient http)
      throws Exception {
    return start(home, null, flags, parts, http);
  }

  /** With a {@code serve:} mapping as gavel.yaml would give it (for settings that are not flags). */
  static ServerFixture start(Path home, JsonNode section, Map<String, String> flags, UnaryOperator<ServerParts> parts,
      HttpClient http) throws Exception {
    Path repo = SharedFiles.repo();
    return start(new GavelConfig.Flags(home, List.of(repo.resolve("policies")), List.of(repo.resolve("test-fixtures/trust.json")),
        null, null), section, flags, parts, http);
  }

  /** Over a policy repository (Git) instead of the repository's policy directory. */
  static ServerFixture governed(Path home, Path policyRepo, JsonNode section) throws Exception {
    return start(new GavelConfig.Flags(home, List.of(), List.of(), null, null, policyRepo.toString(), null, null, null, null,
        null, null), section, Map.of(), p -> p, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  /** Governed, with the server's clock given (the console's tests record decisions in two months). */
  static ServerFixture governedAt(Path home, Path policyRepo, dev.gavel.core.port.TimeSource clock) throws Exception {
    return start(new GavelConfig.Flags(home, List.of(), List.of(), null, null, policyRepo.toString(), null, null, null, null,
        null, null), null, Map.of(), p -> p, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), clock);
  }

  static ServerFixture start(GavelConfig.Flags runtime, JsonNode section, Map<String, String> flags,
      UnaryOperator<ServerParts> parts, HttpClient http) throws Exception {
    return start(runtime, section, flags, parts, http, () -> FIXTURE_TIME);
  }

  static ServerFixture start(GavelConfig.Flags runtime, JsonNode section, Map<String, String> flags,
      UnaryOperator<ServerParts> parts, HttpClient http, dev.gavel.core.port.TimeSource clock) throws Exception {
    Path home = runtime.home();
    Files.createDirectories(home);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("listen", "127.0.0.1:0");
    f.put("rate-limit", "0");
    f.put("shutdown-grace", "10s");
    if (!flags.containsKey("tls-cert")) {
      f.put("plaintext", "true");
    }
    f.putAll(flags);
    GavelConfig config = GavelConfig.resolve(runtime, Map.of());
    Gavel g = Gavel.start(config, clock);
    ServerConfig sc = ServerSettings.resolve(home, section, f);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    GavelServer s;
    try {
      s = GavelServer.start(parts.apply(ServerParts.of(g)), sc, "test", new PrintStream(log, true, StandardCharsets.UTF_8));
    } catch (Exception e) {
      g.close();
      throw e;
    }
    ServerFixture fx = new ServerFixture(home, g, s, http, sc.tls() ? "https" : "http", log);
    TokenStore store = new TokenStore(sc.tokensFile());
    for (Role r : Role.values()) {
      fx.tokens.put(r, store.create(r == Role.PIPELINE ? PIPELINE : "test-" + r.wire(), r, FIXTURE_TIME.minusSeconds(60), null)
          .secret());
    }
    return fx;
  }

  URI uri(String path) {
    return URI.create(scheme + "://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> get(String path, Role role) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET(), role);
  }

  HttpResponse<String> post(String path, Role role, String body) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)), role);
  }

  HttpResponse<String> send(HttpRequest.Builder b, Role role) throws Exception {
    if (role != null) {
      b.header("Authorization", "Bearer " + tokens.get(role));
    }
    return http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String fixture(String name) throws Exception {
    return Files.readString(SharedFiles.repo().resolve("test-fixtures/requests").resolve(name));
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.read(r.body());
  }

  long ledgerSize() throws Exception {
    return gavel.ledger().size();
  }

  @Override
  public void close() throws Exception {
    server.close();
    gavel.close();
  }
}
