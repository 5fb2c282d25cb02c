package dev.gavel.core.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.evidence.PrivateKeyPem;
import dev.gavel.core.evidence.TrustDataException;
import dev.gavel.core.evidence.TrustRoots;
import dev.gavel.core.fixtures.DemoKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Board approvals of policy revisions: every key type signs and verifies; every corrupted variant fails. */
class PolicyApprovalTest {
  static final String COMMIT = "a".repeat(40);
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  static TrustRoots board(DemoKeys.Key... members) throws TrustDataException {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    var list = data.putObject("gavel").putObject("board").putArray("members");
    for (DemoKeys.Key k : members) {
      list.addObject().put("id", k.name()).put("publicKey", k.publicPem()).putArray("roles");
    }
    return TrustRoots.fromPolicyData(data);
  }

  static String pkcs8(DemoKeys.Key k) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(k.privateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
  }

  @ParameterizedTest
  @EnumSource(DemoKeys.Type.class)
  void everyBoardKeyTypeSignsAnApprovalThatVerifies(DemoKeys.Type type) throws Exception {
    DemoKeys.Key k = DemoKeys.generate("bob@example.com", type);
    JsonNode env = new PolicyApproval(COMMIT, k.name(), "approve", NOW).sign(PrivateKeyPem.parse(pkcs8(k)));
    PolicyApproval.Check c = PolicyApproval.check(env, COMMIT, board(k), "dana@example.com", NOW);
    assertThat(c.valid()).as(c.detail()).isTrue();
    assertThat(PolicyApproval.fromEnvelope(env)).isEqualTo(new PolicyApproval(COMMIT, k.name(), "approve", NOW));
  }

  static ObjectNode payload(JsonNode env, UnaryOperator<String> edit) {
    ObjectNode e = env.deepCopy();
    String p = new String(Base64.getDecoder().decode(env.get("payload").asText()), StandardCharsets.UTF_8);
    e.put("payload", Base64.getEncoder().encodeToString(edit.apply(p).getBytes(StandardCharsets.UTF_8)));
    return e;
  }

  @Test
  void everyCorruptedVariantOfAValidApprovalFails() throws Exception {
    DemoKeys.Key bob = DemoKeys.generate("bob@example.com", DemoKeys.Type.P256);
    DemoKeys.Key mallory = DemoKeys.generate("mallory@example.com", DemoKeys.Type.ED25519);
    TrustRoots board = board(bob);
    JsonNode env = new PolicyApproval(COMMIT, bob.name(), "approve", NOW).sign(bob.privateKey());
    assertThat(PolicyApproval.check(env, COMMIT, board, null, NOW).valid()).isTrue();
    List<JsonNode> variants = new ArrayList<>();
    variants.add(payload(env, p -> p.replace(COMMIT, "b".repeat(40))));
    variants.add(payload(env, p -> p.replace("approve", "reject")));
    variants.add(payload(env, p -> p.replace("{", "{\"extra\":1,")));
    variants.add(payload(env, p -> p.replace("{\"approver\"", "{ \"approver\"")));
    variants.add(payload(env, p -> p.replace("}", ",\"commit\":\"" + COMMIT + "\"}")));
    ObjectNode type = env.deepCopy();
    type.put("payloadType", "application/vnd.gavel.approval+json");
    variants.add(type);
    ObjectNode sig = env.deepCopy();
    byte[] raw = Base64.getDecoder().decode(env.at("/signatures/0/sig").asText());
    raw[raw.length / 2] ^= 1;
    ((ObjectNode) sig.at("/signatures/0")).put("sig", Base64.getEncoder().encodeToString(raw));
    variants.add(sig);
    ObjectNode none = env.deepCopy();
    none.putArray("signatures");
    variants.add(none);
    variants.add(new PolicyApproval(COMMIT, bob.name(), "approve", NOW).sign(mallory.privateKey()));
    variants.add(new PolicyApproval(COMMIT, mallory.name(), "approve", NOW).sign(mallory.privateKey()));
    variants.add(new PolicyApproval(COMMIT, bob.name(), "approve", NOW.plusSeconds(86_400)).sign(bob.privateKey()));
    variants.add(JsonNodeFactory.instance.textNode("not an envelope"));
    for (JsonNode v : variants) {
      PolicyApproval.Check c = PolicyApproval.check(v, COMMIT, board, null, NOW);
      assertThat(c.valid()).as(v + " -> " + c.detail()).isFalse();
    }
    assertThat(PolicyApproval.check(env, "c".repeat(40), board, null, NOW).detail()).contains("it approves commit " + COMMIT);
    assertThat(PolicyApproval.check(env, COMMIT, board, "BOB@example.com", NOW).detail()).contains("is the commit's author");
  }
}
