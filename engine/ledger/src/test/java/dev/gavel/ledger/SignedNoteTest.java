package dev.gavel.ledger;

import dev.gavel.testkit.SharedFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** C2SP signed notes against the golang.org/x/mod vectors, plus corrupted variants. */
class SignedNoteTest {
  @Test
  void signingReproducesTheReferenceNoteAndBothSignaturesVerify() throws Exception {
    JsonNode v = SharedFiles.json(SharedFiles.fixtures("signed-note").resolve("vectors.json"));
    JsonNode peter = v.get("keys").get(0);
    NoteSigner signer = NoteSigner.parse(peter.get("signerKey").asText());
    assertThat(signer.verifierKey()).isEqualTo(peter.get("verifierKey").asText());
    JsonNode note = v.get("notes").get(0);
    String signed = signer.sign(note.get("text").asText());
    assertThat(signed).isEqualTo(note.get("signedByPeterNeumann").asText());
    assertThat(NoteVerifier.parse(peter.get("verifierKey").asText()).open(signed)).isEqualTo(note.get("text").asText());
    String both = note.get("text").asText() + "\n";
    for (JsonNode s : note.get("signatures")) {
      both += "\u2014 " + s.get("name").asText() + " " + s.get("base64").asText() + "\n";
    }
    for (JsonNode k : v.get("keys")) {
      assertThat(NoteVerifier.parse(k.get("verifierKey").asText()).open(both)).isEqualTo(note.get("text").asText());
    }
  }

  @Test
  void malformedKeysAndNotesAreRejected() throws Exception {
    JsonNode v = SharedFiles.json(SharedFiles.fixtures("signed-note").resolve("vectors.json"));
    for (JsonNode k : v.get("malformedVerifierKeys")) {
      assertThatThrownBy(() -> NoteVerifier.parse(k.get("key").asText())).as(k.get("why").asText())
          .isInstanceOf(IllegalArgumentException.class);
    }
    NoteVerifier peter = NoteVerifier.parse(v.get("keys").get(0).get("verifierKey").asText());
    for (JsonNode n : v.get("malformedNotes")) {
      byte[] bytes = n.has("note") ? n.get("note").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)
          : java.util.HexFormat.of().parseHex(n.get("noteHex").asText());
      assertThatThrownBy(() -> peter.open(bytes)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void checkpointsRoundTripAndEveryCorruptionFails() {
    NoteSigner signer = new NoteSigner("gavel.test/log", new byte[32]);
    Checkpoint cp = new Checkpoint("gavel.test/log", 7, LeafHash.leaf(new byte[] {1}));
    String note = signer.sign(cp.body());
    assertThat(Checkpoint.parse(signer.verifier().open(note))).satisfies(c -> {
      assertThat(c.size()).isEqualTo(7);
      assertThat(c.root()).isEqualTo(cp.root());
    });
    for (int i = 0; i < note.length() - 1; i++) {
      char c = note.charAt(i);
      if (c == '\n' || c == '\u2014' || c == ' ') {
        continue;
      }
      String bad = note.substring(0, i) + (char) (c == 'A' ? 'B' : 'A') + note.substring(i + 1);
      assertThatThrownBy(() -> signer.verifier().open(bad)).as("corrupted at " + i + ": " + bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    NoteSigner other = new NoteSigner("gavel.test/log", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
        17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    assertThatThrownBy(() -> other.verifier().open(note)).hasMessageContaining("no signature");
  }
}
