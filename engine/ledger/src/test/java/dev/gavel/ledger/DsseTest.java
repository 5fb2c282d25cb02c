package dev.gavel.ledger;

import dev.gavel.testkit.SharedFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DSSE PAE and signatures: reference vectors, a real signed VSA, our own envelopes, corruptions. */
class DsseTest {
  static PublicKey pem(Path p) throws Exception {
    StringBuilder b64 = new StringBuilder();
    boolean in = false;
    for (String line : Files.readAllLines(p)) {
      if (line.startsWith("-----BEGIN")) {
        in = true;
      } else if (line.startsWith("-----END")) {
        break;
      } else if (in && !line.contains(":")) {
        b64.append(line.strip());
      }
    }
    String body = b64.toString();
    byte[] der = Base64.getDecoder().decode(body);
    for (String alg : List.of("EC", "RSA", "Ed25519")) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (Exception e) {
        // try next
      }
    }
    throw new IllegalArgumentException("unreadable key " + p);
  }

  @Test
  void paeMatchesTheEdgeCases() throws Exception {
    JsonNode v = SharedFiles.json(SharedFiles.fixtures("dsse").resolve("vectors.json"));
    for (JsonNode c : v.get("paeEdgeCases")) {
      byte[] pae = Dsse.pae(c.get("payloadType").asText(), HexFormat.of().parseHex(c.get("bodyHex").asText()));
      assertThat(HexFormat.of().formatHex(pae)).as(c.get("desc").asText()).isEqualTo(c.get("paeHex").asText());
    }
  }

  @Test
  void realSignedVsaVerifiesAndCorruptionsFail() throws Exception {
    Path dir = SharedFiles.fixtures("dsse");
    JsonNode v = SharedFiles.json(dir.resolve("vectors.json"));
    for (JsonNode w : v.get("realWorldEnvelopes")) {
      PublicKey key = pem(dir.resolve(w.get("publicKeyPem").asText()));
      JsonNode doc = SharedFiles.JSON.readTree(Files.readAllLines(dir.resolve(w.get("file").asText())).get(0));
      // A Sigstore bundle carries the envelope under dsseEnvelope; a .jsonl line is the envelope itself.
      JsonNode env = doc.has("dsseEnvelope") ? doc.get("dsseEnvelope") : doc;
      assertThat(Dsse.verify(env, key)).isTrue();
      ObjectNode badType = env.deepCopy();
      badType.put("payloadType", "application/other");
      assertThat(Dsse.verify(badType, key)).isFalse();
      ObjectNode badPayload = env.deepCopy();
      byte[] p = Dsse.payload(env);
      p[p.length / 2] ^= 1;
      badPayload.put("payload", Base64.getEncoder().encodeToString(p));
      assertThat(Dsse.verify(badPayload, key)).isFalse();
      ObjectNode badSig = env.deepCopy();
      byte[] s = Base64.getDecoder().decode(env.get("signatures").get(0).get("sig").asText());
      s[3] ^= 1;
      ((ObjectNode) badSig.get("signatures").get(0)).put("sig", Base64.getEncoder().encodeToString(s));
      assertThat(Dsse.verify(badSig, key)).isFalse();
    }
  }

  @Test
  void decisionAttestationsAreSignedStatementsThatVerify() throws Exception {
    NoteSigner signer = new NoteSigner("gavel.test", new byte[32]);
    DecisionAttestation att = new DecisionAttestation("0190-d", List.of(new DecisionAttestation.Subject("model.onnx", "ab".repeat(32))),
        "https://gavel.dev/verifier", "0.1.0", "2026-01-01T00:00:00Z", "policies", "sha256:" + "cd".repeat(32), true);
    ObjectNode env = att.envelope(signer);
    assertThat(DecisionAttestation.fromEnvelope(env)).as("the statement reads back as it was made").isEqualTo(att);
    assertThat(Dsse.verify(env, signer.verifier().publicKey())).isTrue();
    JsonNode decoded = SharedFiles.JSON.readTree(new String(Dsse.payload(env), StandardCharsets.UTF_8));
    assertThat(decoded.at("/predicate/verificationResult").asText()).isEqualTo("PASSED");
    assertThat(decoded.at("/subject/0/digest/sha256").asText()).isEqualTo("ab".repeat(32));
    assertThat(decoded.at("/predicateType").asText()).isEqualTo("https://slsa.dev/verification_summary/v1");
    assertThat(decoded.at("/predicate/resourceUri").asText()).isEqualTo("gavel:decision/0190-d");
    ObjectNode tampered = env.deepCopy();
    tampered.put("payload", Base64.getEncoder().encodeToString(
        new String(Dsse.payload(env), StandardCharsets.UTF_8).replace("PASSED", "FAILED").getBytes(StandardCharsets.UTF_8)));
    assertThat(Dsse.verify(tampered, signer.verifier().publicKey())).isFalse();
  }
}
