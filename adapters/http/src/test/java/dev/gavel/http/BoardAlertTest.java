package dev.gavel.http;

import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.git.TestRepo;
import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import dev.gavel.testkit.SharedFiles;
import dev.gavel.testkit.ShippedPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code new-board-member} rule over a governed server: a revision that adds a member is
 * approved and activated over HTTP, and the new member's approval of the next revision arrives
 * at the webhook; the long-standing members' approvals do not.
 */
class BoardAlertTest {
  static final String AUTHOR = "dana@example.com";

  @TempDir
  Path tmp;

  @Test
  void anApprovalByAMemberAddedShortlyBeforeArrivesAtTheWebhook() throws Exception {
    try (TestRepo repo = TestRepo.init(Files.createDirectories(tmp.resolve("policy-repo")));
        WebhookReceiver hook = new WebhookReceiver(204)) {
      repo.commit(AUTHOR, "Release policy v1", ShippedPolicy.files(2));
      JsonNode section = Json.read("{\"alerts\": {\"source\": \"urn:gavel:test\", \"webhooks\": [{\"url\": \"" + hook.url()
          + "\"}], \"new-board-member\": {\"within\": \"168h\"}}}");
      try (ServerFixture fx = ServerFixture.governed(tmp.resolve("home"), repo.dir(), section)) {
        assertThat(json(fx.post("/v1/policy/activate", Role.BOARD, "{\"bootstrap\": true}")).path("outcome").asText())
            .isEqualTo("activated");
        ObjectNode data = (ObjectNode) Json.read(Files.readString(repo.dir().resolve("policies/data.json")));
        ((ArrayNode) data.at("/gavel/board/members")).addObject().put("id", "mallory@example.com")
            .put("publicKey", Files.readString(SharedFiles.repo().resolve("test-fixtures/keys/mallory.public.pem")))
            .putArray("roles").add("model-owner");
        String v2 = repo.commit(AUTHOR, "Board: add mallory", Map.of("policies/data.json", data.toPrettyString()));
        for (String m : new String[] {"bob", "carol"}) {
          assertThat(fx.post("/v1/policy/approvals", Role.BOARD, PolicyApiTest.approval(v2, m, "approve")).statusCode())
              .isEqualTo(201);
        }
        assertThat(json(fx.post("/v1/policy/activate", Role.BOARD, "{\"revision\": \"" + v2 + "\"}")).path("outcome").asText())
            .isEqualTo("activated");
        assertThat(hook.received).as("approvals by long-standing members raise nothing").isEmpty();

        String v3 = repo.commit(AUTHOR, "A note for v3", Map.of("policies/README.txt", "v3\n"));
        assertThat(fx.post("/v1/policy/approvals", Role.BOARD, PolicyApiTest.approval(v3, "mallory", "approve")).statusCode())
            .isEqualTo(201);
        JsonNode e = AlertsTest.event(hook.next());
        assertThat(e.path("type").asText()).isEqualTo("dev.gavel.alert.new-board-member");
        assertThat(e.path("subject").asText()).isEqualTo("mallory@example.com");
        assertThat(e.path("data").path("commit").asText()).isEqualTo(v3);
        assertThat(e.path("data").path("joinedWith").asText()).isEqualTo(v2);
        assertThat(e.path("data").path("sinceJoined").asText()).isEqualTo("PT0S");
      }
    }
  }
}
