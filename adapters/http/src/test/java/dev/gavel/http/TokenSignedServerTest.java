package dev.gavel.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.http.auth.Role;
import dev.gavel.ledger.Dsse;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.testkit.TestSoftHsm;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gavel serve} whose key is held in a SoftHSM2 token: decisions and checkpoints signed in the token. */
class TokenSignedServerTest {
  @TempDir
  Path home;

  @Test
  void aServerWithItsKeyInATokenSignsCheckpointsAndAttestationsThatVerifyWithThePublishedKey() throws Exception {
    TestSoftHsm.Token t = TestSoftHsm.token();
    Files.writeString(home.resolve("gavel.yaml"), "key-custody:\n  kind: pkcs11\n  pkcs11:\n    library: " + t.library()
        + "\n    slot: " + t.slot() + "\n    pin-file: " + t.pinFile() + "\n    key-label: http-server\n");
    try (ServerFixture fx = ServerFixture.start(home)) {
      HttpResponse<String> r = fx.post("/v1/decisions", Role.PIPELINE, ServerFixture.fixture("allow-high-credit-scorer.json"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode decision = ServerFixture.json(r);

      JsonNode keys = ServerFixture.json(fx.get("/v1/keys", null));
      assertThat(keys.path("current").path("algorithm").asText()).isEqualTo("ECDSA P-256");
      String vkey = keys.path("current").path("verifierKey").asText();
      assertThat(Files.readString(home.resolve("keys/ledger.pkcs11"))).contains(vkey);
      NoteVerifier v = NoteVerifier.parse(vkey);

      String checkpoint = fx.get("/v1/ledger/checkpoint", null).body();
      assertThat(v.open(checkpoint)).startsWith("gavel.local/ledger\n");
      assertThat(Dsse.verify(decision.path("attestation"), v.publicKey())).as("attestation signed in the token").isTrue();
      // the same envelope with its payload changed does not verify
      var forged = decision.path("attestation").deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) forged).put("payload", java.util.Base64.getEncoder().encodeToString("{}".getBytes()));
      assertThat(Dsse.verify(forged, v.publicKey())).isFalse();
    }
  }
}
