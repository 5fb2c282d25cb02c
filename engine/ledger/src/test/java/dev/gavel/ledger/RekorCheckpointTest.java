package dev.gavel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.testkit.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rekor's checkpoints are C2SP signed notes under an ECDSA P-256 key: the four real checkpoints
 * of the public-good log verify, and each corrupted variant (a flipped character, another key, a
 * renamed key, a signature by another P-256 key under the same name) fails.
 */
class RekorCheckpointTest {
  private static NoteVerifier rekor(JsonNode v) throws Exception {
    PublicKey key = KeyFactory.getInstance("EC").generatePublic(
        new X509EncodedKeySpec(Base64.getDecoder().decode(v.get("verifierPublicKeyDerBase64").asText())));
    return NoteVerifier.ecdsa("rekor.sigstore.dev", key);
  }

  @Test
  void everyRealRekorCheckpointVerifiesAndNamesItsTree() throws Exception {
    Path dir = SharedFiles.fixtures("signed-note");
    JsonNode v = SharedFiles.json(dir.resolve("rekor-checkpoints.json"));
    NoteVerifier rekor = rekor(v);
    assertThat(HexFormat.of().formatHex(rekor.keyHash())).isEqualTo(v.get("verifierKeyIdHex").asText());
    assertThat(v.get("checkpoints")).hasSize(4);
    for (JsonNode cp : v.get("checkpoints")) {
      String note = Files.readString(dir.resolve(cp.get("file").asText()));
      String text = rekor.open(note);
      assertThat(text).isEqualTo(cp.get("noteText").asText());
      Checkpoint parsed = Checkpoint.parse(text);
      assertThat(parsed.origin()).isEqualTo(cp.get("origin").asText());
      assertThat(parsed.size()).isEqualTo(cp.get("treeSize").asLong());
      assertThat(Base64.getEncoder().encodeToString(parsed.root())).isEqualTo(cp.get("rootHashBase64").asText());
    }
  }

  @Test
  void corruptedRekorCheckpointsFail() throws Exception {
    Path dir = SharedFiles.fixtures("signed-note");
    JsonNode v = SharedFiles.json(dir.resolve("rekor-checkpoints.json"));
    NoteVerifier rekor = rekor(v);
    String note = Files.readString(dir.resolve(v.at("/checkpoints/0/file").asText()));
    for (int i = 0; i < note.length() - 1; i++) {
      char c = note.charAt(i);
      if (c == '\n' || c == '\u2014' || c == ' ') {
        continue;
      }
      String bad = note.substring(0, i) + (char) (c == 'A' ? 'B' : 'A') + note.substring(i + 1);
      assertThatThrownBy(() -> rekor.open(bad)).as("corrupted at " + i).isInstanceOf(IllegalArgumentException.class);
    }
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    var other = g.generateKeyPair();
    // another key under the same name: its key hash differs, so the line is not its signature
    assertThatThrownBy(() -> NoteVerifier.ecdsa("rekor.sigstore.dev", other.getPublic()).open(note))
        .hasMessageContaining("no signature by rekor.sigstore.dev");
    // the right key under another name
    PublicKey real = rekor.publicKey();
    assertThatThrownBy(() -> NoteVerifier.ecdsa("rekor.example.com", real).open(note)).hasMessageContaining("no signature");
    // a checkpoint signed by another key that claims Rekor's key hash: the signature does not verify
    String text = rekor.open(note);
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(other.getPrivate());
    s.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    byte[] sig = s.sign();
    byte[] line = new byte[4 + sig.length];
    System.arraycopy(rekor.keyHash(), 0, line, 0, 4);
    System.arraycopy(sig, 0, line, 4, sig.length);
    String forged = text + "\n\u2014 rekor.sigstore.dev " + Base64.getEncoder().encodeToString(line) + "\n";
    assertThatThrownBy(() -> rekor.open(forged)).hasMessageContaining("does not verify");
    // and the same forgery verifies under the key that made it: the check is the key, not the format
    NoteVerifier otherVerifier = NoteVerifier.ecdsa("rekor.sigstore.dev", other.getPublic());
    byte[] own = Arrays.copyOf(otherVerifier.keyHash(), 4 + sig.length);
    System.arraycopy(sig, 0, own, 4, sig.length);
    assertThat(otherVerifier.open(text + "\n\u2014 rekor.sigstore.dev " + Base64.getEncoder().encodeToString(own) + "\n"))
        .isEqualTo(text);
  }

  @Test
  void ecdsaNoteKeysAreP256Only() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    PublicKey p384 = g.generateKeyPair().getPublic();
    assertThatThrownBy(() -> NoteVerifier.ecdsa("log.example", p384)).hasMessageContaining("P-256");
    KeyPairGenerator e = KeyPairGenerator.getInstance("Ed25519");
    PublicKey ed = e.generateKeyPair().getPublic();
    assertThatThrownBy(() -> NoteVerifier.ecdsa("log.example", ed)).hasMessageContaining("P-256");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    NoteVerifier p256 = NoteVerifier.ecdsa("log.example", g.generateKeyPair().getPublic());
    // C2SP signed-note type 0x02: name+hash+base64(0x02 || SPKI), which parses back to the same key
    assertThat(p256.verifierKey()).startsWith("log.example+" + java.util.HexFormat.of().formatHex(p256.keyHash()) + "+AjBZ");
    assertThat(NoteVerifier.parse(p256.verifierKey()).verifierKey()).isEqualTo(p256.verifierKey());
    assertThat(List.of(p256.name())).containsExactly("log.example");
  }
}
