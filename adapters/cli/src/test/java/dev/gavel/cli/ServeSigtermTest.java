package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.Json;
import dev.gavel.runtime.Gavel;
import dev.gavel.runtime.GavelConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gavel serve} as a separate process under load, stopped with SIGTERM: every decision it
 * answered 200 is in the ledger, and no decision is in the ledger that was not answered. Also the
 * token commands: the token is printed once, only its hash is stored, and issuing and revoking are
 * access entries.
 */
class ServeSigtermTest {
  @TempDir
  Path tmp;

  @Test
  void sigtermUnderLoadLosesNoAnsweredDecisionAndRecordsNoUnansweredOne() throws Exception {
    Path home = tmp.resolve("home");
    CliRun t = CliRun.run(home, "tokens", "create", "--role", "pipeline", "--name", "ci/release-pipeline", "--expires", "1d");
    assertThat(t.exit()).as(t.err()).isZero();
    String token = t.out().strip();
    assertThat(token).startsWith("gvl_").doesNotContain("\n");
    assertThat(Files.readString(home.resolve("tokens.json"))).doesNotContain(token);
    assertThat(Files.getPosixFilePermissions(home.resolve("tokens.json"))).containsExactlyInAnyOrder(
        java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    CliRun list = CliRun.run(home, "tokens", "list");
    assertThat(list.out()).contains("ci/release-pipeline", "pipeline", "active").doesNotContain(token);

    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process server = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--home", home.toString(), "--policies", CliRun.repo().resolve("policies").toString(), "--listen", "127.0.0.1:0",
        "--plaintext", "--rate-limit", "0", "--access-log", "off", "--workers", "8").redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
    String line = err.readLine();
    Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(line == null ? "" : line);
    assertThat(m.find()).as("first line: " + line).isTrue();
    int port = Integer.parseInt(m.group(1));
    List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread drain = new Thread(() -> {
      try {
        for (String l; (l = err.readLine()) != null; ) {
          stderr.add(l);
        }
      } catch (java.io.IOException e) {
        stderr.add("(stderr: " + e + ")");
      }
    });
    drain.start();

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String body = Files.readString(CliRun.request("allow-minimal-classifier.json"));
    Set<String> answered = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread c = new Thread(() -> {
        while (!stop.get()) {
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/decisions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
              answered.add(Json.read(r.body()).path("decisionId").asText());
            }
          } catch (Exception e) {
            // refused or cut while stopping: not answered
            if (server.isAlive()) {
              continue;
            }
            return;
          }
        }
      });
      c.start();
      clients.add(c);
    }
    long until = System.nanoTime() + 20_000_000_000L;
    while (answered.size() < 30 && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(answered).as("the server answers under load").hasSizeGreaterThanOrEqualTo(5);
    server.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its stderr)
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stops within the grace period").isTrue();
    stop.set(true);
    for (Thread c : clients) {
      c.join(60_000);
    }
    drain.join(10_000);
    assertThat(String.join("\n", stderr)).as("exit " + server.exitValue()).contains("stopping", "stopped");

    Set<String> recorded = new HashSet<>();
    List<String> accessActions = new ArrayList<>();
    try (Gavel g = Gavel.start(GavelConfig.resolve(new GavelConfig.Flags(home, List.of(), List.of(), null, null), Map.of()))) {
      g.reader().entries(0, g.reader().size(), row -> {
        try {
          JsonNode e = Json.read(row.canonical());
          if (e.path("type").asText().equals("decision")) {
            recorded.add(e.path("payload").path("decisionId").asText());
          } else if (e.path("type").asText().equals("access")) {
            accessActions.add(e.path("payload").path("action").asText());
          }
        } catch (Json.ParseException x) {
          throw new IllegalStateException(x);
        }
      });
    }
    assertThat(recorded).as("every 200 is recorded, and nothing else").isEqualTo(answered);
    assertThat(accessActions).containsExactly("token.created", "server.started");
    CliRun verify = CliRun.run(home, "ledger", "verify");
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();

    CliRun revoke = CliRun.run(home, "tokens", "revoke", "ci/release-pipeline");
    assertThat(revoke.exit()).as(revoke.err()).isZero();
    assertThat(CliRun.run(home, "tokens", "list").out()).contains("revoked");
    assertThat(CliRun.run(home, "tokens", "revoke", "ci/release-pipeline").exit()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(CliRun.run(home, "tokens", "create", "--role", "superuser", "--name", "x").exit()).isEqualTo(ExitCode.BAD_INPUT);
  }
}
