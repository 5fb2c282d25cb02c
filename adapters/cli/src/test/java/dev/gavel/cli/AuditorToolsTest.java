package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.ledger.ProofVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Auditor tools through the CLI: checkpoints, proofs, export, offline verification, tampering. */
class AuditorToolsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path home;

  @BeforeEach
  void sixDecisions() {
    for (String f : List.of("allow-minimal-classifier.json", "deny-unacceptable-tier.json", "deny-approval-self-approval.json",
        "allow-high-credit-scorer.json", "deny-approval-insufficient.json", "allow-minimal-classifier.json")) {
      assertThat(CliRun.evaluate(home, f).exit()).isBetween(0, 1);
    }
  }

  void sql(String s) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("ledger.db")); Statement st = c.createStatement()) {
      st.executeUpdate(s);
    }
  }

  @Test
  void keyIsPrivateAndDecisionsCarrySignedAttestations() throws Exception {
    assertThat(Files.getPosixFilePermissions(home.resolve("keys/ledger.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    CliRun r = CliRun.evaluate(home, "deny-unacceptable-tier.json");
    JsonNode d = JSON.readTree(r.out());
    assertThat(d.at("/attestation/payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
    String verify = CliRun.run(home, "ledger", "verify").out();
    assertThat(verify).startsWith("OK: 8 entries").contains("8 signed checkpoints match").contains("7 attestations verified");
    assertThat(CliRun.run(home, "keys", "public").out()).startsWith("gavel.local/ledger+").contains("BEGIN PUBLIC KEY");
  }

  @Test
  void proofsFromTheCliVerifyAgainstTheCheckpointRoot() throws Exception {
    String note = CliRun.run(home, "ledger", "checkpoint").out();
    // six decisions and the activation of the policy they were made with
    assertThat(note).startsWith("gavel.local/ledger\n7\n").contains("\n\n\u2014 gavel.local/ledger ");
    for (int i = 0; i < 7; i++) {
      JsonNode p = JSON.readTree(CliRun.run(home, "ledger", "proof", "--index", Integer.toString(i)).out());
      List<byte[]> path = new ArrayList<>();
      p.get("proof").forEach(x -> path.add(HexFormat.of().parseHex(x.asText())));
      assertThat(ProofVerifier.inclusion(i, 7, HexFormat.of().parseHex(p.get("leafHash").asText()), path,
          HexFormat.of().parseHex(p.get("rootHash").asText()))).isEmpty();
    }
    JsonNode c = JSON.readTree(CliRun.run(home, "ledger", "consistency", "--from", "3", "--to", "7").out());
    List<byte[]> path = new ArrayList<>();
    c.get("proof").forEach(x -> path.add(HexFormat.of().parseHex(x.asText())));
    assertThat(ProofVerifier.consistency(3, 7, HexFormat.of().parseHex(c.get("root1").asText()),
        HexFormat.of().parseHex(c.get("root2").asText()), path)).isEmpty();
  }

  @Test
  void anExportVerifiesOfflineAndEveryTamperingFails() throws Exception {
    Path entries = home.resolve("export.jsonl");
    Path cp = home.resolve("checkpoint.txt");
    Path key = home.resolve("public.txt");
    assertThat(CliRun.run(home, "ledger", "export", "-o", entries.toString()).exit()).isZero();
    Files.writeString(cp, CliRun.run(home, "ledger", "checkpoint").out());
    Files.writeString(key, CliRun.run(home, "keys", "public").out());
    String[] offline = {"ledger", "verify", "--entries", entries.toString(), "--checkpoint", cp.toString(), "--public-key", key.toString()};
    assertThat(CliRun.run(home, offline).exit()).isZero();
    List<String> lines = Files.readAllLines(entries);
    // Alter one byte, delete an entry, swap two, truncate the tail: each must fail.
    List<List<String>> variants = new ArrayList<>();
    List<String> altered = new ArrayList<>(lines);
    altered.set(4, altered.get(4).replaceFirst("\"allow\":(true|false)", "\"allow\":null"));
    variants.add(altered);
    List<String> deleted = new ArrayList<>(lines);
    deleted.remove(2);
    variants.add(deleted);
    List<String> swapped = new ArrayList<>(lines);
    swapped.set(1, lines.get(2));
    swapped.set(2, lines.get(1));
    variants.add(swapped);
    variants.add(lines.subList(0, 4));
    for (List<String> v : variants) {
      Files.write(entries, v);
      CliRun r = CliRun.run(home, offline);
      assertThat(r.exit()).as(r.out()).isEqualTo(1);
      assertThat(r.out()).startsWith("TAMPERED: entry ");
    }
    Files.write(entries, lines);
    // Flip one character of the signature (to another one: the old test replaced it by 'A', which it might already be).
    String note = Files.readString(cp);
    int at = note.lastIndexOf(' ') + 10;
    Files.writeString(cp, note.substring(0, at) + (note.charAt(at) == 'A' ? 'B' : 'A') + note.substring(at + 1));
    assertThat(CliRun.run(home, offline).exit()).isNotZero();
  }

  @Test
  void localTamperingOfCheckpointsIsCaught() throws Exception {
    sql("UPDATE checkpoints SET note = replace(note, char(10) || '6' || char(10), char(10) || '5' || char(10)) WHERE size = 6");
    CliRun r = CliRun.run(home, "ledger", "verify");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("checkpoint");
  }

  @Test
  void verifyingACopiedLedgerWithoutItsKeyAsksForThePublicKeyInsteadOfMintingOne(@org.junit.jupiter.api.io.TempDir Path auditor)
      throws Exception {
    Files.copy(home.resolve("ledger.db"), auditor.resolve("ledger.db"));
    CliRun r = CliRun.run(auditor, "ledger", "verify");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("pass --public-key");
    assertThat(Files.exists(auditor.resolve("keys/ledger.key"))).isFalse();
    Path pub = auditor.resolve("pub.txt");
    Files.writeString(pub, CliRun.run(home, "keys", "public").out());
    assertThat(CliRun.run(auditor, "ledger", "verify", "--public-key", pub.toString()).exit()).isZero();
  }
}
