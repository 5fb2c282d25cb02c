package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.CanonicalJson;
import dev.gavel.ledger.LeafHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's trust promise against the attacks of the hardening issue, through `gavel ledger
 * verify`: a rewritten history with its checkpoints dropped, all checkpoints deleted, a forged
 * tail with a copied attestation, a consistent rewrite re-signed with a stolen key, an emptied
 * database, index columns edited behind the store's back, and keys replaced or regenerated.
 */
class LedgerTrustTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path home;

  /** Entry 0 the policy activation, 1 an allowed decision, 2 a denied one. */
  @BeforeEach
  void allowedThenDenied() {
    assertThat(CliRun.evaluate(home, "allow-minimal-classifier.json").exit()).isZero();
    assertThat(CliRun.evaluate(home, "deny-unacceptable-tier.json").exit()).isEqualTo(1);
  }

  Connection db() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + home.resolve("ledger.db"));
  }

  void sql(String s) throws Exception {
    try (Connection c = db(); Statement st = c.createStatement()) {
      st.executeUpdate(s);
    }
  }

  byte[] entry(Connection c, long idx) throws Exception {
    try (PreparedStatement p = c.prepareStatement("SELECT canonical FROM entries WHERE idx = ?")) {
      p.setLong(1, idx);
      ResultSet rs = p.executeQuery();
      rs.next();
      return rs.getBytes(1);
    }
  }

  void put(Connection c, long idx, byte[] bytes) throws Exception {
    try (PreparedStatement p = c.prepareStatement("UPDATE entries SET canonical = ?, entry_hash = ?, outcome = ? WHERE idx = ?")) {
      p.setBytes(1, bytes);
      p.setString(2, LeafHash.render(LeafHash.leaf(bytes)));
      p.setString(3, JSON.readTree(bytes).at("/payload/allow").asBoolean() ? "allow" : "deny");
      p.setLong(4, idx);
      p.executeUpdate();
    }
  }

  CliRun verify(String... extra) {
    List<String> args = new ArrayList<>(List.of("ledger", "verify"));
    args.addAll(List.of(extra));
    return CliRun.run(home, args.toArray(new String[0]));
  }

  static void assertTampered(CliRun r, String... codes) {
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).startsWith("TAMPERED: entry ").containsAnyOf(codes);
  }

  /** The denied decision rewritten to an allow, its hash recomputed, the checkpoints covering it deleted. */
  void rewriteDeniedAsAllowed() throws Exception {
    try (Connection c = db()) {
      ObjectNode e = (ObjectNode) JSON.readTree(entry(c, 2));
      ObjectNode p = (ObjectNode) e.get("payload");
      p.put("allow", true);
      p.putArray("reasons");
      put(c, 2, CanonicalJson.canonicalize(e));
    }
    sql("DELETE FROM checkpoints WHERE size >= 3");
  }

  @Test
  void aRewrittenDecisionWhoseCheckpointsWereDeletedFails() throws Exception {
    assertThat(verify().exit()).isZero();
    rewriteDeniedAsAllowed();
    assertTampered(verify(), "attestation.mismatch", "checkpoint.tail_uncovered");
  }

  @Test
  void deletingEveryCheckpointFails() throws Exception {
    sql("DELETE FROM checkpoints");
    CliRun r = verify();
    assertTampered(r, "checkpoint.tail_uncovered");
    assertThat(r.out()).contains("entry 0").contains("tampering");
  }

  @Test
  void aForgedEntryAfterTheLastCheckpointWithACopiedAttestationFails() throws Exception {
    try (Connection c = db()) {
      ObjectNode e = (ObjectNode) JSON.readTree(entry(c, 1));
      e.put("index", 3);
      e.put("prevHash", LeafHash.render(LeafHash.leaf(entry(c, 2))));
      ObjectNode p = (ObjectNode) e.get("payload");
      p.put("decisionId", "01a2aaaa-0000-7000-8000-000000000000");
      byte[] bytes = CanonicalJson.canonicalize(e);
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO entries (idx, timestamp, type, entry_hash, prev_hash, canonical,"
          + " model, outcome, decision_id, entry_key) SELECT 3, timestamp, type, ?, ?, ?, model, outcome, ?, ? FROM entries WHERE idx = 1")) {
        ins.setString(1, LeafHash.render(LeafHash.leaf(bytes)));
        ins.setString(2, e.get("prevHash").asText());
        ins.setBytes(3, bytes);
        ins.setString(4, p.get("decisionId").asText());
        ins.setString(5, p.get("decisionId").asText());
        ins.executeUpdate();
      }
    }
    CliRun r = verify();
    assertTampered(r, "attestation.mismatch");
    assertThat(r.out()).contains("entry 3").contains("the attestation is for decision");
  }

  @Test
  void aRewriteResignedWithAStolenKeyFailsAgainstACheckpointTheAuditorKept() throws Exception {
    Path kept = home.resolve("kept-checkpoint.txt");
    Files.writeString(kept, CliRun.run(home, "ledger", "checkpoint").out());
    // The attacker holds the key: they rewrite the denial (an allow needs a new attestation too),
    // drop the later checkpoints and let Gavel sign a fresh one over the forged history.
    rewriteDeniedAsAllowed();
    try (Connection c = db()) {
      ObjectNode e = (ObjectNode) JSON.readTree(entry(c, 2));
      ObjectNode p = (ObjectNode) e.get("payload");
      p.set("attestation", JSON.readTree(entry(c, 1)).at("/payload/attestation"));
      put(c, 2, CanonicalJson.canonicalize(e));
    }
    assertTampered(verify(), "attestation.mismatch");
    assertTampered(verify("--trusted-checkpoint", kept.toString()), "attestation.mismatch", "checkpoint.inconsistent");
  }

  @Test
  void aConsistentRewriteThatPassesEveryOtherCheckIsCaughtByATrustedCheckpoint() throws Exception {
    Path kept = home.resolve("kept.txt");
    Files.writeString(kept, CliRun.run(home, "ledger", "checkpoint").out());
    // Replace the ledger wholesale with another history signed by the same (stolen) key: a
    // different decision at entry 2, honestly recorded by Gavel itself.
    Path other = Files.createDirectories(home.resolve("other"));
    Files.createDirectories(other.resolve("keys"));
    Files.copy(home.resolve("keys/ledger.key"), other.resolve("keys/ledger.key"));
    assertThat(CliRun.evaluate(other, "allow-minimal-classifier.json").exit()).isZero();
    assertThat(CliRun.evaluate(other, "allow-high-credit-scorer.json").exit()).isZero();
    Files.copy(other.resolve("ledger.db"), home.resolve("ledger.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(verify().exit()).as("without the kept checkpoint the replaced ledger verifies").isZero();
    CliRun r = verify("--trusted-checkpoint", kept.toString());
    assertTampered(r, "checkpoint.inconsistent");
    assertThat(r.out()).contains("not consistent with the trusted checkpoint of tree size 3");
  }

  @Test
  void anEmptiedDatabaseIsNotOkWhenATrustedCheckpointSaysOtherwise() throws Exception {
    Path kept = home.resolve("kept.txt");
    Files.writeString(kept, CliRun.run(home, "ledger", "checkpoint").out());
    sql("DELETE FROM entries");
    sql("DELETE FROM checkpoints");
    CliRun r = verify("--trusted-checkpoint", kept.toString());
    assertTampered(r, "checkpoint.entries_missing");
    assertThat(r.out()).contains("the ledger is empty where a ledger was expected");
    Files.write(home.resolve("ledger.db"), new byte[0]);
    CliRun zero = verify("--trusted-checkpoint", kept.toString());
    assertThat(zero.exit()).as(zero.out() + zero.err()).isNotZero();
    assertThat(zero.out() + zero.err()).doesNotContain("OK:");
  }

  @Test
  void anIndexColumnEditedBehindTheStoresBackFailsVerifyAndStopsFilteredExports() throws Exception {
    sql("UPDATE entries SET outcome = 'allow' WHERE idx = 2");
    CliRun r = verify();
    assertTampered(r, "index.column_mismatch");
    assertThat(r.out()).contains("entry 2").contains("outcome: stored 'allow' but the entry says 'deny'");
    CliRun export = CliRun.run(home, "ledger", "export", "--outcome", "deny");
    assertThat(export.exit()).isEqualTo(2);
    assertThat(export.err()).contains("entry 2's index column outcome");
    assertThat(export.out()).doesNotContain("\"index\":2");
  }

  @Test
  void aMissingKeyOnALedgerWithEntriesIsAnErrorNotANewKey() throws Exception {
    Files.delete(home.resolve("keys/ledger.key"));
    CliRun r = CliRun.evaluate(home, "allow-minimal-classifier.json");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("the ledger has 3 entries but its signing key").contains("is missing");
    assertThat(Files.exists(home.resolve("keys/ledger.key"))).isFalse();
  }

  @Test
  void aReplacedKeyIsRefusedAndGenerateForceOnALedgerWithEntriesIsAnError() throws Exception {
    CliRun gen = CliRun.run(home, "keys", "generate", "--force");
    assertThat(gen.exit()).isEqualTo(2);
    assertThat(gen.err()).contains("use `gavel keys rotate`");
    Path other = Files.createDirectories(home.resolve("elsewhere"));
    assertThat(CliRun.run(other, "keys", "generate").exit()).isZero();
    Files.copy(other.resolve("keys/ledger.key"), home.resolve("keys/ledger.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    CliRun r = CliRun.evaluate(home, "allow-minimal-classifier.json");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("signing key in force");
    assertThat(countEntries()).isEqualTo(3);
  }

  @Test
  void verifyOnAMissingHomeDoesNotCreateIt() {
    Path missing = home.resolve("nobody-lives-here");
    CliRun r = CliRun.run(missing, "ledger", "verify");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no Gavel home at");
    assertThat(Files.exists(missing)).isFalse();
  }

  long countEntries() throws Exception {
    try (Connection c = db(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM entries")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
