package dev.gavel.http;

import static dev.gavel.http.ServerFixture.fixture;
import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.Dsse;
import dev.gavel.ledger.EcdsaNoteKey;
import dev.gavel.ledger.InclusionProof;
import dev.gavel.ledger.LeafHash;
import dev.gavel.ledger.MerkleTree;
import dev.gavel.ledger.NoteSigner;
import dev.gavel.testkit.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's own verification code (console/js/verify.js, audit.js) run by Node's test runner
 * on Node's WebCrypto (src/test/browser/verify.test.mjs): the shared RFC 6962, transparency-dev and
 * signed-note vectors, and what Gavel's engine/ledger makes here (keys, signed checkpoints,
 * inclusion proofs, attestations, a real ledger's entries), each with corrupted variants that must
 * fail. Skips only without node; the shared vectors' cases skip without ../shared.
 */
class ConsoleVerifyTest {
  @TempDir
  Path tmp;

  @Test
  void theConsolesVerificationAgreesWithEngineLedgerAndRejectsEveryCorruptedVariant() throws Exception {
    assumeTrue(BrowserTools.nodeMissing().isEmpty(), BrowserTools.nodeMissing().orElse(""));
    ObjectNode v = JsonNodeFactory.instance.objectNode();
    ArrayNode keys = v.putArray("keys");
    ArrayNode checkpoints = v.putArray("checkpoints");
    ArrayNode proofs = v.putArray("proofs");
    SecureRandom random = new SecureRandom();
    // Keys until one's base64 holds a '+' (the console once split on every '+'), and a few more.
    List<NoteSigner> signers = new ArrayList<>();
    while (signers.size() < 4 || signers.stream().noneMatch(s -> s.verifierKey().split("\\+").length > 3)) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      signers.add(new NoteSigner("gavel.local/ledger", seed));
    }
    for (NoteSigner s : signers) {
      keys.add(s.verifierKey());
    }
    // ECDSA P-256 note keys (signature type 0x02), as a key held in a PKCS#11 token signs: software keys here.
    List<EcdsaNoteKey> ecdsa = new ArrayList<>();
    java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("EC");
    gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), random);
    for (int i = 0; i < 2; i++) {
      java.security.KeyPair kp = gen.generateKeyPair();
      ecdsa.add(new EcdsaNoteKey("gavel.local/ledger", kp.getPrivate(), kp.getPublic(), null));
      keys.add(ecdsa.get(i).verifierKey());
    }
    for (int n : new int[] {1, 2, 3, 7, 8, 13, 64}) {
      List<byte[]> leaves = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] data = new byte[16 + i];
        random.nextBytes(data);
        leaves.add(LeafHash.leaf(data));
      }
      NoteSigner s = signers.get(n % signers.size());
      byte[] root = MerkleTree.root(leaves);
      checkpoints.addObject().put("key", s.verifierKey()).put("size", n).put("root", java.util.HexFormat.of().formatHex(root))
          .put("note", s.sign(new Checkpoint("gavel.local/ledger", n, root).body()));
      for (int i = 0; i < n; i += Math.max(1, n / 5)) {
        proofs.add(InclusionProof.of(i, leaves).toJson());
      }
      EcdsaNoteKey e = ecdsa.get(n % ecdsa.size());
      checkpoints.addObject().put("key", e.verifierKey()).put("size", n).put("root", java.util.HexFormat.of().formatHex(root))
          .put("note", e.signNote(new Checkpoint("gavel.local/ledger", n, root).body()));
    }
    try (ServerFixture fx = ServerFixture.start(tmp.resolve("home"))) {
      for (String f : List.of("allow-minimal-classifier.json", "deny-scan-stale.json", "allow-high-credit-scorer.json",
          "deny-approval-not-board-member.json")) {
        fx.post("/v1/decisions", Role.PIPELINE, fixture(f));
      }
      ObjectNode ledger = v.putObject("ledger");
      ledger.set("keys", json(fx.get("/v1/keys", Role.AUDITOR)));
      ledger.put("checkpoint", fx.get("/v1/ledger/checkpoint", null).body());
      ArrayNode entries = ledger.putArray("entries");
      ArrayNode attestations = v.putArray("attestations");
      String key = ledger.at("/keys/current/verifierKey").asText();
      fx.gavel.ledger().entries(0, fx.ledgerSize(), row -> {
        String text = new String(row.canonical(), StandardCharsets.UTF_8);
        entries.add(text);
        try {
          JsonNode e = Json.read(text);
          if (e.path("type").asText().equals("decision")) {
            attestations.addObject().put("key", key).put("decisionId", e.at("/payload/decisionId").asText())
                .put("allow", e.at("/payload/allow").asBoolean()).set("envelope", e.at("/payload/attestation"));
          }
        } catch (Json.ParseException x) {
          throw new IllegalStateException(x);
        }
      });
      assertThat(attestations.size()).isEqualTo(4);
      // The same statements signed by an ECDSA P-256 key, as a token-held key signs them.
      for (int i = 0; i < 4; i++) {
        JsonNode a = attestations.get(i);
        EcdsaNoteKey e = ecdsa.get(i % ecdsa.size());
        ObjectNode env = Dsse.sign(a.at("/envelope/payloadType").asText(), Dsse.payload(a.get("envelope")), e, e.keyId());
        ObjectNode copy = ((ObjectNode) a).deepCopy();
        copy.put("key", e.verifierKey()).set("envelope", env);
        attestations.add(copy);
      }
    }
    Path vectors = tmp.resolve("vectors.json");
    Files.writeString(vectors, v.toString());
    ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", "verify.test.mjs")
        .directory(BrowserTools.DIR.toFile()).redirectErrorStream(true);
    pb.environment().put("GAVEL_VECTORS", vectors.toString());
    Path shared = Path.of(System.getProperty("gavel.shared.dir", SharedFiles.repo().resolve("../shared").toString()))
        .resolve("fixtures").toAbsolutePath().normalize();
    if (Files.isDirectory(shared)) {
      pb.environment().put("GAVEL_FIXTURES", shared.toString());
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("node --test verify.test.mjs:\n" + out).isZero();
    assertThat(out).as(out).contains("ℹ fail 0").doesNotContain("ℹ pass 0");
  }
}
