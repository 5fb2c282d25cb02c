package dev.gavel.core.evidence;

import dev.gavel.testkit.SharedFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.fixtures.DemoKeys;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Trust roots in the policy data and the PEM keys they hold: accepted forms and exact errors. */
class TrustRootsTest {
  static final String ED = DemoKeys.generate("k", DemoKeys.Type.ED25519).publicPem();

  static JsonNode json(String text) throws Exception {
    return SharedFiles.JSON.readTree(text);
  }

  @Test
  void readsSignersBuildersAndBoardMembers() throws Exception {
    String pem = ED.replace("\n", "\\n");
    TrustRoots t = TrustRoots.fromPolicyData(json("{\"gavel\": {\"trust\": {\"signers\": [{\"id\": \"s\", \"publicKey\": \"" + pem
        + "\", \"notAfter\": \"2027-01-01T00:00:00Z\"}], \"builders\": [{\"id\": \"b\", \"publicKey\": \"" + pem
        + "\", \"revoked\": true}]}, \"board\": {\"members\": [{\"id\": \"m\", \"roles\": [\"risk-officer\"], \"publicKey\": \"" + pem + "\"}]}}}"));
    assertThat(t.signers().get(0).notAfter()).hasToString("2027-01-01T00:00:00Z");
    assertThat(t.builders().get(0).revoked()).isTrue();
    assertThat(t.member("m").orElseThrow().roles()).containsExactly("risk-officer");
    assertThat(TrustRoots.fromPolicyData(json("{}"))).isEqualTo(TrustRoots.NONE);
  }

  static Stream<Arguments> badTrustData() {
    String pem = ED.replace("\n", "\\n");
    return Stream.of(
        Arguments.of("{\"gavel\": {\"trust\": {\"signers\": {}}}}", "data.gavel.trust.signers: must be an array"),
        Arguments.of("{\"gavel\": {\"trust\": {\"signers\": [{\"publicKey\": \"" + pem + "\"}]}}}",
            "data.gavel.trust.signers[0].id: must be a non-empty string"),
        Arguments.of("{\"gavel\": {\"trust\": {\"builders\": [{\"id\": \"b\", \"publicKey\": \"nope\"}]}}}",
            "data.gavel.trust.builders[0].publicKey: malformed PEM: no '-----BEGIN PUBLIC KEY-----' line"),
        Arguments.of("{\"gavel\": {\"trust\": {\"signers\": [{\"id\": \"s\", \"publicKey\": \"" + pem + "\", \"notAfter\": \"soon\"}]}}}",
            "data.gavel.trust.signers[0].notAfter: must be an RFC 3339 UTC time but got \"soon\""),
        Arguments.of("{\"gavel\": {\"board\": {\"members\": [{\"id\": \"m\", \"publicKey\": \"" + pem + "\"}]}}}",
            "data.gavel.board.members[0].roles: must be an array of strings"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badTrustData")
  void malformedTrustDataNamesItsDataPath(String data, String message) throws Exception {
    assertThatThrownBy(() -> TrustRoots.fromPolicyData(json(data))).isInstanceOf(TrustDataException.class).hasMessage(message);
  }

  static final String OTHER = DemoKeys.generate("k2", DemoKeys.Type.P256).publicPem();

  /** Two entries for one id, the restrictive one first or second: neither order may leave the id trusted. */
  static Stream<Arguments> duplicateEntries() {
    String a = "\"publicKey\": \"" + ED.replace("\n", "\\n") + "\"";
    String b = "\"publicKey\": \"" + OTHER.replace("\n", "\\n") + "\"";
    String roles = ", \"roles\": [\"risk-officer\"]";
    return Stream.of(
        Arguments.of("signers", "trust", "{\"id\": \"s\", " + a + "}", "{\"id\": \"s\", " + a + ", \"revoked\": true}", "id"),
        Arguments.of("signers", "trust", "{\"id\": \"s\", " + a + "}", "{\"id\": \"s\", " + b + ", \"notAfter\": \"2020-01-01T00:00:00Z\"}", "id"),
        Arguments.of("builders", "trust", "{\"id\": \"b\", " + a + "}", "{\"id\": \"b\", " + b + ", \"revoked\": true}", "id"),
        Arguments.of("members", "board", "{\"id\": \"m\", " + a + roles + "}", "{\"id\": \"m\", " + b + ", \"roles\": []}", "id"),
        Arguments.of("signers", "trust", "{\"id\": \"s1\", " + a + "}", "{\"id\": \"s2\", " + a + ", \"revoked\": true}", "publicKey"),
        Arguments.of("members", "board", "{\"id\": \"alice\", " + a + roles + "}", "{\"id\": \"bob\", " + a + roles + "}", "publicKey"));
  }

  @ParameterizedTest(name = "{0}: {4} twice")
  @MethodSource("duplicateEntries")
  void anIdOrKeyListedTwiceIsAPolicyDataErrorInEitherOrder(String list, String parent, String one, String other, String field)
      throws Exception {
    String path = "data.gavel." + parent + "." + list;
    for (boolean swapped : new boolean[] {false, true}) {
      String entries = swapped ? other + ", " + one : one + ", " + other;
      String data = "{\"gavel\": {\"" + parent + "\": {\"" + list + "\": [" + entries + "]}}}";
      assertThatThrownBy(() -> TrustRoots.fromPolicyData(json(data))).as("swapped " + swapped)
          .isInstanceOf(TrustDataException.class)
          .hasMessageStartingWith(path + "[1]." + field + ": ")
          .hasMessageContaining(path + "[0]");
    }
  }

  @Test
  void theSameKeyMayServeInDifferentLists() throws Exception {
    String pem = ED.replace("\n", "\\n");
    TrustRoots t = TrustRoots.fromPolicyData(json("{\"gavel\": {\"trust\": {\"signers\": [{\"id\": \"ci\", \"publicKey\": \"" + pem
        + "\"}], \"builders\": [{\"id\": \"ci\", \"publicKey\": \"" + pem + "\"}]}}}"));
    assertThat(t.signers()).hasSize(1);
    assertThat(t.builders()).hasSize(1);
  }

  @Test
  void pemErrorsSayWhatIsWrong() throws Exception {
    assertThatThrownBy(() -> PublicKeyPem.parse("-----BEGIN PUBLIC KEY-----\nAAAA")).hasMessage("malformed PEM: no '-----END PUBLIC KEY-----' line");
    assertThatThrownBy(() -> PublicKeyPem.parse("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----")).hasMessage("malformed PEM: body is not base64");
    var p521 = KeyPairGenerator.getInstance("EC");
    p521.initialize(new ECGenParameterSpec("secp521r1"));
    assertThatThrownBy(() -> PublicKeyPem.parse(pem(p521.generateKeyPair().getPublic().getEncoded())))
        .hasMessage("unsupported ECDSA curve: 521 bits (P-256 or P-384 expected)");
    var rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    assertThatThrownBy(() -> PublicKeyPem.parse(pem(rsa.generateKeyPair().getPublic().getEncoded())))
        .hasMessage("RSA key too short: 1024 bits (2048 minimum)");
    var dsa = KeyPairGenerator.getInstance("DSA");
    dsa.initialize(2048);
    assertThatThrownBy(() -> PublicKeyPem.parse(pem(dsa.generateKeyPair().getPublic().getEncoded())))
        .hasMessageStartingWith("unsupported key type");
  }

  @Test
  void theCanonicalPemHintMatchesSigstoresKeyHint() throws Exception {
    var keys = SharedFiles.fixtures("model-signing").resolve("keys");
    var pub = PublicKeyPem.parse(java.nio.file.Files.readString(keys.resolve("signing-key-pub.pem")));
    JsonNode bundle = SharedFiles.json(SharedFiles.fixtures("model-signing").resolve("v1.1.0-elliptic-key/model.sig"));
    assertThat(PublicKeyPem.hint(pub)).isEqualTo(bundle.at("/verificationMaterial/publicKey/hint").asText());
    assertThat(PublicKeyPem.describe(pub)).isEqualTo("ECDSA P-384");
  }

  private static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
  }
}
