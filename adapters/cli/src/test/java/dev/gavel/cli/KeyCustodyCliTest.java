package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.testkit.TestSoftHsm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key custody through the CLI: a ledger signed inside a SoftHSM2 token that {@code gavel ledger
 * verify} accepts, and rotation plain file -> encrypted file -> token, each recorded.
 */
class KeyCustodyCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path home;

  /** gavel.yaml with key custody {@code kind}, the passphrase in a file and the test token. */
  void configure(String kind, TestSoftHsm.Token t, String label) throws Exception {
    Files.writeString(home.resolve("key.pass"), "a passphrase for the ledger key\n");
    Files.writeString(home.resolve("gavel.yaml"), "key-custody:\n"
        + "  kind: " + kind + "\n"
        + "  passphrase-file: key.pass\n"
        + "  scrypt-cost: 14\n"
        + "  pkcs11:\n"
        + "    library: " + t.library() + "\n"
        + "    slot: " + t.slot() + "\n"
        + "    pin-file: " + t.pinFile() + "\n"
        + "    key-label: " + label + "\n");
  }

  String publicKey() {
    return CliRun.run(home, "keys", "public").out().lines().findFirst().orElseThrow();
  }

  List<JsonNode> entries() throws Exception {
    Path export = home.resolve("export.jsonl");
    CliRun e = CliRun.run(home, "ledger", "export", "-o", export.toString());
    assertThat(e.exit()).as(e.err()).isZero();
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(export)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  @Test
  void aLedgerSignedInsideTheTokenIsAcceptedByLedgerVerify() throws Exception {
    TestSoftHsm.Token t = TestSoftHsm.token();
    configure("pkcs11", t, "cli-token");
    CliRun gen = CliRun.run(home, "keys", "generate");
    assertThat(gen.exit()).as(gen.err()).isZero();
    String key = gen.out().strip();
    assertThat(NoteVerifier.parse(key).publicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(Files.list(home.resolve("keys")).map(p -> p.getFileName().toString()).toList()).containsExactly("ledger.pkcs11");
    assertThat(CliRun.evaluate(home, "allow-high-credit-scorer.json").exit()).isZero();
    assertThat(CliRun.evaluate(home, "deny-scan-stale.json").exit()).isEqualTo(1);

    CliRun verify = CliRun.run(home, "ledger", "verify");
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).startsWith("OK: 3 entries").contains("2 attestations verified");
    // the checkpoint is a C2SP signed note by the type-0x02 key, checked here with the key alone
    String checkpoint = CliRun.run(home, "ledger", "checkpoint").out();
    assertThat(NoteVerifier.parse(key).open(checkpoint)).startsWith("gavel.local/ledger\n3\n");
    // and an auditor with only the exported entries, the checkpoint and the public key accepts it too
    Path export = home.resolve("e.jsonl");
    Path cp = home.resolve("cp.txt");
    Path pub = home.resolve("pub.txt");
    CliRun.run(home, "ledger", "export", "-o", export.toString());
    Files.writeString(cp, checkpoint);
    Files.writeString(pub, key + "\n");
    CliRun offline = CliRun.run(home, "ledger", "verify", "--entries", export.toString(), "--checkpoint", cp.toString(),
        "--public-key", pub.toString());
    assertThat(offline.exit()).as(offline.out()).isZero();
    // a checkpoint whose signature was altered is refused
    String sigLine = checkpoint.lines().filter(l -> l.startsWith("\u2014 ")).findFirst().orElseThrow();
    char c = sigLine.charAt(sigLine.length() - 6);
    Files.writeString(cp, checkpoint.replace(sigLine, sigLine.substring(0, sigLine.length() - 6) + (c == 'A' ? 'B' : 'A')
        + sigLine.substring(sigLine.length() - 5)));
    CliRun forged = CliRun.run(home, "ledger", "verify", "--entries", export.toString(), "--checkpoint", cp.toString(),
        "--public-key", pub.toString());
    assertThat(forged.exit()).as(forged.out()).isNotZero();
  }

  @Test
  void rotationMovesTheKeyFromAPlainFileToAnEncryptedFileToTheTokenAndIsRecorded() throws Exception {
    TestSoftHsm.Token t = TestSoftHsm.token();
    configure("file", t, "cli-rotate");
    assertThat(CliRun.evaluate(home, "allow-high-credit-scorer.json").exit()).isZero();
    String plain = publicKey();
    assertThat(home.resolve("keys/ledger.key")).exists();

    CliRun toEncrypted = CliRun.run(home, "keys", "rotate", "--to", "encrypted");
    assertThat(toEncrypted.exit()).as(toEncrypted.err()).isZero();
    assertThat(toEncrypted.out()).startsWith("rotated at ledger entry 2 (file -> encrypted custody): " + plain + " -> ");
    assertThat(home.resolve("keys/ledger.key")).as("the retired plain key is gone").doesNotExist();
    assertThat(home.resolve("keys/ledger.p8.pem")).exists();
    String encrypted = publicKey();
    assertThat(CliRun.evaluate(home, "deny-scan-stale.json").exit()).isEqualTo(1);

    CliRun toToken = CliRun.run(home, "keys", "rotate", "--to", "pkcs11");
    assertThat(toToken.exit()).as(toToken.err()).isZero();
    assertThat(toToken.out()).startsWith("rotated at ledger entry 4 (encrypted -> pkcs11 custody): " + encrypted + " -> ");
    assertThat(home.resolve("keys/ledger.p8.pem")).doesNotExist();
    String token = publicKey();
    assertThat(NoteVerifier.parse(token).publicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(CliRun.evaluate(home, "allow-minimal-classifier.json").exit()).isZero();

    CliRun verify = CliRun.run(home, "ledger", "verify");
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).startsWith("OK: 6 entries").contains("3 attestations verified");
    List<JsonNode> rotations = entries().stream().filter(e -> e.path("type").asText().equals("key-rotation")).toList();
    assertThat(rotations).hasSize(2);
    assertThat(rotations.get(0).path("payload").path("custody").toString()).isEqualTo("{\"new\":\"encrypted\",\"previous\":\"file\"}");
    assertThat(rotations.get(1).path("payload").path("custody").toString()).isEqualTo("{\"new\":\"pkcs11\",\"previous\":\"encrypted\"}");
    assertThat(rotations.get(1).path("payload").path("previousKey").asText()).isEqualTo(encrypted);
    assertThat(rotations.get(1).path("payload").path("newKey").asText()).isEqualTo(token);
    // verification from any key of the history
    for (String k : List.of(plain, encrypted, token)) {
      Path pub = home.resolve("pub.txt");
      Files.writeString(pub, k + "\n");
      CliRun r = CliRun.run(home, "ledger", "verify", "--public-key", pub.toString());
      assertThat(r.exit()).as(k + ": " + r.out()).isZero();
    }
  }

  @Test
  void anEncryptedKeyNeedsItsPassphraseFromTheEnvironmentOrTheFile() throws Exception {
    Files.writeString(home.resolve("gavel.yaml"), "key-custody: {kind: encrypted, scrypt-cost: 14}\n");
    CliRun none = CliRun.evaluate(home, "allow-high-credit-scorer.json");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("is encrypted: no secret: set $GAVEL_KEY_PASSPHRASE");
    assertThat(home.resolve("keys/ledger.p8.pem")).doesNotExist();
    Map<String, String> env = Map.of("GAVEL_KEY_PASSPHRASE", "from the environment");
    CliRun gen = CliRun.runWithEnv(home, env, "keys", "generate");
    assertThat(gen.exit()).as(gen.out() + gen.err()).isZero();
    CliRun wrong = CliRun.runWithEnv(home, Map.of("GAVEL_KEY_PASSPHRASE", "from the environmen"), "evaluate", "--at",
        CliRun.FIXTURE_TIME, "--data", CliRun.repo().resolve("test-fixtures/trust.json").toString(),
        CliRun.request("allow-high-credit-scorer.json").toString());
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.err()).contains("the passphrase is wrong or the file is damaged");
    CliRun right = CliRun.runWithEnv(home, env, "evaluate", "--at", CliRun.FIXTURE_TIME, "--data",
        CliRun.repo().resolve("test-fixtures/trust.json").toString(), CliRun.request("allow-high-credit-scorer.json").toString());
    assertThat(right.exit()).as(right.err()).isZero();
    // the public key and verification need no passphrase
    assertThat(CliRun.run(home, "keys", "public").out()).startsWith(gen.out().strip());
    CliRun verify = CliRun.run(home, "ledger", "verify");
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).startsWith("OK: 2 entries").contains("1 attestations verified");
  }

  @Test
  void badKeyCustodySettingsAreNamedWithTheirPlace() throws Exception {
    Files.writeString(home.resolve("gavel.yaml"), "evaluator: embedded\nkey-custody:\n  kind: hsm\n");
    CliRun r = CliRun.run(home, "keys", "public");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("gavel.yaml:3:3: key-custody.kind must be file, encrypted or pkcs11 but got 'hsm'");
    Files.writeString(home.resolve("gavel.yaml"), "key-custody:\n  kind: pkcs11\n  pkcs11:\n    library: /x.so\n    slots: 1\n");
    r = CliRun.run(home, "keys", "public");
    assertThat(r.err()).contains("gavel.yaml:5:5: unknown key key-custody.pkcs11.slots");
    Files.writeString(home.resolve("gavel.yaml"), "key-custody:\n  kind: pkcs11\n");
    r = CliRun.run(home, "keys", "public");
    assertThat(r.err()).contains("gavel.yaml:2:3: key-custody.kind is pkcs11 but there is no key-custody.pkcs11 mapping");
    Files.writeString(home.resolve("gavel.yaml"), "key-custody:\n  scrypt-cost: 40\n");
    r = CliRun.run(home, "keys", "public");
    assertThat(r.err()).contains("gavel.yaml:2:3: key-custody.scrypt-cost must be a whole number in 14..22");
    Files.delete(home.resolve("gavel.yaml"));
    r = CliRun.run(home, "keys", "generate", "--custody", "vault");
    assertThat(r.err()).contains("custody must be file, encrypted or pkcs11 but got 'vault'");
  }
}
