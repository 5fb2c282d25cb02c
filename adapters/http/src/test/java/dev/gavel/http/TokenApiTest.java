package dev.gavel.http;

import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin's token API: issue (token shown once), list (never a secret), revoke (at once); each an access entry. */
class TokenApiTest {
  @TempDir
  Path tmp;

  @Test
  void anAdminIssuesListsAndRevokesTokens() throws Exception {
    try (ServerFixture fx = ServerFixture.start(tmp.resolve("home"))) {
      HttpResponse<String> made = fx.post("/v1/tokens", Role.ADMIN, "{\"name\": \"audit-team\", \"role\": \"auditor\", \"expires\": \"30d\"}");
      assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
      JsonNode t = json(made);
      String token = t.path("token").asText();
      assertThat(token).startsWith("gvl_");
      assertThat(t.path("expires").asText()).isEqualTo(ServerFixture.FIXTURE_TIME.plusSeconds(30L * 86400).toString());
      assertThat(Files.readString(fx.home.resolve("tokens.json"))).doesNotContain(token);
      HttpResponse<String> use = fx.http.send(HttpRequest.newBuilder(fx.uri("/v1/ledger/checkpoint")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(use.statusCode()).isEqualTo(200);
      HttpResponse<String> read = fx.http.send(HttpRequest.newBuilder(fx.uri("/v1/decisions")).header("Authorization", "Bearer "
          + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(read.statusCode()).as("the new auditor token works").isEqualTo(200);
      String list = fx.get("/v1/tokens", Role.ADMIN).body();
      assertThat(list).contains("audit-team", "\"status\":\"active\"").doesNotContain(token).doesNotContain("sha256");
      HttpResponse<String> revoked = fx.send(HttpRequest.newBuilder(fx.uri("/v1/tokens/" + t.path("id").asText())).DELETE(), Role.ADMIN);
      assertThat(revoked.statusCode()).isEqualTo(200);
      HttpResponse<String> after = fx.http.send(HttpRequest.newBuilder(fx.uri("/v1/decisions")).header("Authorization", "Bearer "
          + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode()).as("revoked at once").isEqualTo(401);
      assertThat(json(after).path("detail").asText()).contains("revoked");
      assertThat(fx.send(HttpRequest.newBuilder(fx.uri("/v1/tokens/" + t.path("id").asText())).DELETE(), Role.ADMIN).statusCode())
          .isEqualTo(404);
      HttpResponse<String> badRole = fx.post("/v1/tokens", Role.ADMIN, "{\"name\": \"x\", \"role\": \"root\"}");
      assertThat(badRole.statusCode()).isEqualTo(400);
      assertThat(json(badRole).path("errors").get(0).path("path").asText()).isEqualTo("$.role");
      assertThat(fx.post("/v1/tokens", Role.ADMIN, "{\"name\": \"x\", \"role\": \"board\", \"extra\": 1}").statusCode()).isEqualTo(400);
      List<JsonNode> access = new ArrayList<>();
      fx.gavel.ledger().entries(0, fx.ledgerSize(), row -> {
        try {
          JsonNode e = Json.read(row.canonical());
          if (e.path("type").asText().equals("access")) {
            access.add(e.path("payload"));
          }
        } catch (Json.ParseException e) {
          throw new IllegalStateException(e);
        }
      });
      List<String> actions = access.stream().map(a -> a.path("action").asText()).toList();
      assertThat(actions).containsExactly("server.started", "token.created", "token.revoked");
      assertThat(access.get(1).path("actor").asText()).startsWith("token:");
      assertThat(access.get(1).path("name").asText()).isEqualTo("audit-team");
      assertThat(access.get(0).path("configDigest").asText()).startsWith("sha256:");
      for (JsonNode a : access) {
        assertThat(a.toString()).doesNotContain(token);
      }
    }
  }
}
