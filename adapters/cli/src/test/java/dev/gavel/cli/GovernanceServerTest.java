package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.git.TestRepo;
import dev.gavel.json.Json;
import dev.gavel.testkit.ShippedPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A governed {@code gavel serve} as its own process, before any bootstrap, and board members who
 * sign approvals on their own machines and post them with {@code gavel policy approve --submit}:
 * the server starts (deciding nothing until the bootstrap), records each approval, refuses what
 * could never count, and activates the revision they approved.
 */
class GovernanceServerTest {
  @TempDir
  Path tmp;

  @Test
  void boardMembersSubmitApprovalsToAGovernedServer() throws Exception {
    Path home = tmp.resolve("home");
    try (TestRepo repo = TestRepo.init(Files.createDirectories(tmp.resolve("policy-repo")))) {
      repo.commit("dana@example.com", "Release policy v1", ShippedPolicy.files(2));
      String board = CliRun.run(home, "tokens", "create", "--role", "board", "--name", "board-portal").out().strip();
      String pipeline = CliRun.run(home, "tokens", "create", "--role", "pipeline", "--name", "ci/release-pipeline").out().strip();
      assertThat(board).startsWith("gvl_");
      Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
      Process server = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
          "serve", "--home", home.toString(), "--policy-repo", repo.dir().toString(), "--listen", "127.0.0.1:0", "--plaintext",
          "--rate-limit", "0", "--access-log", "off").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try {
        BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        String line = err.readLine();
        Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)").matcher(line == null ? "" : line);
        assertThat(m.find()).as("first line: " + line).isTrue();
        assertThat(err.readLine()).contains("is active yet").contains("POST /v1/policy/activate");
        String url = m.group(1);
        HttpClient http = HttpClient.newHttpClient();

        CliRun early = submit(home, repo, "bob", board, url);
        assertThat(early.exit()).isEqualTo(2);
        assertThat(early.err()).contains("422").contains("no revision is active yet").contains("nothing was recorded");

        assertThat(activate(http, url, board, "{\"bootstrap\": true}").path("outcome").asText()).isEqualTo("activated");
        ObjectNode d = (ObjectNode) Json.read(Files.readString(repo.dir().resolve("policies/data.json")));
        ((ObjectNode) d.at("/gavel/config/tiers/limited/approvals")).put("required", 2);
        String v2 = repo.commit("dana@example.com", "Limited tier: two approvals", Map.of("policies/data.json", d.toPrettyString()));

        CliRun bob = submit(home, repo, "bob", board, url);
        assertThat(bob.exit()).as(bob.err()).isZero();
        assertThat(bob.out()).contains("submitted the approve of " + v2 + " by bob@example.com to " + url + "/v1/policy/approvals")
            .containsPattern("recorded at ledger entry \\d+");
        Path tokenFile = tmp.resolve("carol.token");
        Files.writeString(tokenFile, board + "\n");
        CliRun carol = CliRun.runWithEnv(home, Map.of(), "policy", "approve", v2, "--key", key("carol"), "--approver",
            "carol@example.com", "--submit", url + "/", "--token-file", tokenFile.toString());
        assertThat(carol.exit()).as(carol.err()).isZero();

        List<String> refusals = new ArrayList<>();
        CliRun none = CliRun.runWithEnv(home, Map.of(), "policy", "approve", v2, "--key", key("bob"), "--approver",
            "bob@example.com", "--submit", url);
        refusals.add(none.exit() + " " + none.err());
        CliRun asPipeline = submit(home, repo, "bob", pipeline, url);
        refusals.add(asPipeline.exit() + " " + asPipeline.err());
        CliRun mallory = CliRun.runWithEnv(home, Map.of("GAVEL_TOKEN", board), "policy", "approve", v2, "--key", key("mallory"),
            "--approver", "mallory@example.com", "--submit", url);
        refusals.add(mallory.exit() + " " + mallory.err());
        CliRun both = CliRun.runWithEnv(home, Map.of("GAVEL_TOKEN", board), "policy", "approve", v2, "--key", key("bob"),
            "--approver", "bob@example.com", "--submit", url, "-o", tmp.resolve("x.json").toString());
        refusals.add(both.exit() + " " + both.err());
        CliRun badUrl = CliRun.runWithEnv(home, Map.of("GAVEL_TOKEN", board), "policy", "approve", v2, "--key", key("bob"),
            "--approver", "bob@example.com", "--submit", "ftp://example.com");
        refusals.add(badUrl.exit() + " " + badUrl.err());
        assertThat(refusals.get(0)).startsWith("2 ").contains("needs a board token");
        assertThat(refusals.get(1)).startsWith("2 ").contains("403");
        assertThat(refusals.get(2)).startsWith("2 ").contains("422").contains("mallory@example.com");
        assertThat(refusals.get(3)).startsWith("2 ").contains("exclude each other");
        assertThat(refusals.get(4)).startsWith("2 ").contains("http(s) URL");

        JsonNode activated = activate(http, url, board, "{}");
        assertThat(activated.path("outcome").asText()).as(activated.toString()).isEqualTo("activated");
        assertThat(activated.toString()).contains("2 of 2 required").contains("bob@example.com, carol@example.com");
        assertThat(activated.path("requestedBy").asText()).startsWith("board-portal (token:");
      } finally {
        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      CliRun log = CliRun.run(home, "policy", "log", "--policy-repo", repo.dir().toString());
      assertThat(log.out()).containsPattern("ACTIVATED  [0-9a-f]{40}  Limited tier").contains("BOOTSTRAP");
      assertThat(CliRun.run(home, "ledger", "verify").exit()).isZero();
    }
  }

  static String key(String member) {
    return CliRun.repo().resolve("test-fixtures/keys/" + member + ".private.pem").toString();
  }

  /** {@code gavel policy approve HEAD --submit URL} with the token in GAVEL_TOKEN. */
  static CliRun submit(Path home, TestRepo repo, String member, String token, String url) {
    return CliRun.runWithEnv(home, Map.of("GAVEL_TOKEN", token), "policy", "approve", "main", "--policy-repo",
        repo.dir().toString(), "--key", key(member), "--approver", member + "@example.com", "--submit", url);
  }

  static JsonNode activate(HttpClient http, String url, String token, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/policy/activate"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.read(r.body());
  }
}
