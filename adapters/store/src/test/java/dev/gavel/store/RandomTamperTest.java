package dev.gavel.store;

import dev.gavel.core.InMemorySigner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.ledger.ChainFailure;
import dev.gavel.ledger.LeafHash;
import dev.gavel.ledger.NoteSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tampering at random places in a real SQLite ledger: one byte of a payload, a deleted entry, two
 * swapped entries, a truncated tail, a replaced checkpoint signature, and a history rewritten
 * consistently (every hash and link recomputed). The full audit fails every time and names the
 * first bad index.
 */
class RandomTamperTest {
  static final int ENTRIES = 40;
  static final NoteSigner KEY = new NoteSigner("gavel.test/tamper", new byte[32]);

  @TempDir
  static Path pristineDir;

  @TempDir
  Path dir;

  static Path pristine;

  @BeforeAll
  static void build() throws Exception {
    pristine = pristineDir.resolve("ledger.db");
    try (JdbcLedgerStore s = StoreFiles.open(pristine, new dev.gavel.core.InMemorySigner(KEY), 1)) {
      for (int i = 0; i < ENTRIES; i++) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("decisionId", "d-" + i);
        p.put("allow", i % 3 != 0);
        p.put("note", "entry number " + i + " with some text to alter");
        s.append("access", "2026-11-30T00:00:" + String.format("%02d", i % 60) + "Z", p);
      }
    }
  }

  enum Kind { ALTER_BYTE, DELETE, SWAP, TRUNCATE, CHECKPOINT_SIGNATURE, INDEX_COLUMN, REWRITE_HISTORY }

  static Stream<Object[]> trials() {
    Random r = new Random(4242);
    return IntStream.range(0, 70).mapToObj(i -> {
      Kind k = Kind.values()[i % Kind.values().length];
      int index = k == Kind.SWAP ? r.nextInt(ENTRIES - 1) : r.nextInt(ENTRIES);
      return new Object[] {k, index, r.nextLong()};
    });
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("trials")
  void everyTamperingIsDetectedAtTheFirstBadIndex(Kind kind, int index, long seed) throws Exception {
    Path db = dir.resolve("ledger.db");
    Files.copy(pristine, db, StandardCopyOption.REPLACE_EXISTING);
    for (String side : new String[] {"-wal", "-shm"}) {
      Path p = Path.of(pristine + side);
      if (Files.exists(p)) {
        Files.copy(p, Path.of(db + side), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      tamper(c, kind, index, new Random(seed));
    }
    ChainFailure failure = StoreFiles.audit(db, KEY.verifier());
    assertThat(failure).as(kind + " at " + index).isNotNull();
    assertThat(failure.index()).as(failure.toString()).isEqualTo(index);
  }

  private static void tamper(Connection c, Kind kind, int index, Random r) throws Exception {
    try (Statement s = c.createStatement()) {
      switch (kind) {
        case ALTER_BYTE: {
          byte[] bytes = canonical(c, index);
          int at = r.nextInt(bytes.length);
          bytes[at] = (byte) (bytes[at] == 'x' ? 'y' : 'x');
          update(c, index, bytes, null);
          break;
        }
        case DELETE:
          s.executeUpdate("DELETE FROM entries WHERE idx = " + index);
          break;
        case SWAP:
          s.executeUpdate("UPDATE entries SET idx = -1 WHERE idx = " + index);
          s.executeUpdate("UPDATE entries SET idx = " + index + " WHERE idx = " + (index + 1));
          s.executeUpdate("UPDATE entries SET idx = " + (index + 1) + " WHERE idx = -1");
          break;
        case INDEX_COLUMN: {
          // The columns queries and filtered exports select on must agree with the bytes.
          String[] cols = {"timestamp", "type", "prev_hash", "model", "outcome", "decision_id", "entry_key"};
          s.executeUpdate("UPDATE entries SET " + cols[r.nextInt(cols.length)] + " = 'x' WHERE idx = " + index);
          break;
        }
        case TRUNCATE:
          s.executeUpdate("DELETE FROM entries WHERE idx >= " + index);
          break;
        case CHECKPOINT_SIGNATURE: {
          ResultSet rs = s.executeQuery("SELECT note FROM checkpoints WHERE size = " + (index + 1));
          rs.next();
          String note = rs.getString(1);
          rs.close();
          int dash = note.lastIndexOf(' ');
          byte[] sig = Base64.getDecoder().decode(note.substring(dash + 1).strip());
          sig[4 + r.nextInt(sig.length - 4)] ^= 0x01;
          String forged = note.substring(0, dash + 1) + Base64.getEncoder().encodeToString(sig) + "\n";
          try (PreparedStatement p = c.prepareStatement("UPDATE checkpoints SET note = ? WHERE size = ?")) {
            p.setString(1, forged);
            p.setLong(2, index + 1);
            p.executeUpdate();
          }
          break;
        }
        default: {
          // A careful attacker: alters entry `index` and recomputes every later hash and link, so
          // the chain alone verifies; only the signed checkpoints' Merkle roots can tell.
          String prev = null;
          for (int i = index; i < ENTRIES; i++) {
            String text = new String(canonical(c, i), StandardCharsets.UTF_8);
            if (i == index) {
              text = text.replace("\"allow\":" + (i % 3 != 0), "\"allow\":" + (i % 3 == 0));
            }
            if (prev != null) {
              text = text.replaceFirst("\"prevHash\":\"sha256:[0-9a-f]{64}\"", "\"prevHash\":\"" + prev + "\"");
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            prev = LeafHash.render(LeafHash.leaf(bytes));
            update(c, i, bytes, prev);
          }
        }
      }
    }
  }

  private static byte[] canonical(Connection c, int index) throws Exception {
    try (PreparedStatement p = c.prepareStatement("SELECT canonical FROM entries WHERE idx = ?")) {
      p.setInt(1, index);
      ResultSet rs = p.executeQuery();
      rs.next();
      return rs.getBytes(1);
    }
  }

  private static void update(Connection c, int index, byte[] bytes, String hash) throws Exception {
    try (PreparedStatement p = c.prepareStatement(hash == null ? "UPDATE entries SET canonical = ? WHERE idx = ?"
        : "UPDATE entries SET canonical = ?, entry_hash = ? WHERE idx = ?")) {
      p.setBytes(1, bytes);
      if (hash == null) {
        p.setInt(2, index);
      } else {
        p.setString(2, hash);
        p.setInt(3, index);
      }
      p.executeUpdate();
    }
  }
}
