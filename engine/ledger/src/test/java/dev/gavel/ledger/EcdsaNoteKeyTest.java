package dev.gavel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ECDSA P-256 note keys (C2SP signed-note type 0x02), as a token-held ledger key signs: here with a
 * software key, since the format is the same. Every valid note and key spawns corrupted variants.
 */
class EcdsaNoteKeyTest {
  static final String TEXT = "gavel.local/ledger\n42\nq1w2e3r4t5y6u7i8o9p0q1w2e3r4t5y6u7i8o9p0abc=\n";

  static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static EcdsaNoteKey key() throws Exception {
    KeyPair kp = p256();
    return new EcdsaNoteKey("gavel.local/ledger", kp.getPrivate(), kp.getPublic(), null);
  }

  @Test
  void theVerifierKeyIsType2WithTheSpkiHashAsKeyIdAndParsesBack() throws Exception {
    EcdsaNoteKey k = key();
    String[] parts = k.verifierKey().split("\\+", 3);
    byte[] body = Base64.getDecoder().decode(parts[2]);
    assertThat(body[0]).isEqualTo((byte) 0x02);
    byte[] spki = Arrays.copyOfRange(body, 1, body.length);
    assertThat(spki).isEqualTo(k.verifier().publicKey().getEncoded());
    assertThat(parts[1]).isEqualTo(HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(spki), 4)));
    assertThat(NoteVerifier.parse(k.verifierKey()).verifierKey()).isEqualTo(k.verifierKey());
    assertThat(k.keyId()).isEqualTo("gavel.local/ledger+" + parts[1]);
  }

  @Test
  void aSignedNoteVerifiesAndEveryCorruptedSignatureOrTextIsRefused() throws Exception {
    EcdsaNoteKey k = key();
    NoteVerifier v = NoteVerifier.parse(k.verifierKey());
    String note = k.signNote(TEXT);
    assertThat(v.open(note)).isEqualTo(TEXT);
    String line = note.substring(note.lastIndexOf("\u2014 "), note.length() - 1);
    byte[] sig = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1));
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < sig.length; i++) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] bad = sig.clone();
        bad[i] ^= (byte) bit;
        String forged = TEXT + "\n\u2014 gavel.local/ledger " + Base64.getEncoder().encodeToString(bad) + "\n";
        try {
          v.open(forged);
          accepted.add("byte " + i + " bit " + bit);
        } catch (IllegalArgumentException expected) {
          // refused
        }
      }
    }
    assertThat(accepted).as("corrupted signatures accepted").isEmpty();
    assertThatThrownBy(() -> v.open(note.replace("\n42\n", "\n43\n"))).hasMessageContaining("does not verify");
    assertThatThrownBy(() -> NoteVerifier.parse(key().verifierKey()).open(note)).hasMessageContaining("no signature by");
  }

  @Test
  void corruptedVerifierKeysAreRefused() throws Exception {
    EcdsaNoteKey k = key();
    String[] parts = k.verifierKey().split("\\+", 3);
    byte[] body = Base64.getDecoder().decode(parts[2]);
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < body.length; i++) {
      byte[] bad = body.clone();
      bad[i] ^= 0x01;
      String vk = parts[0] + "+" + parts[1] + "+" + Base64.getEncoder().encodeToString(bad);
      try {
        NoteVerifier.parse(vk);
        accepted.add("byte " + i);
      } catch (IllegalArgumentException expected) {
        // refused: wrong type, not an EC SPKI, not DER, or the key hash no longer matches
      }
    }
    assertThat(accepted).as("corrupted verifier keys accepted").isEmpty();
    // Upper case where the hash has letters, else a hash of letters: a random key's hash may be all digits.
    String upper = parts[1].matches(".*[a-f].*") ? parts[1].toUpperCase() : "ABCDEF01";
    assertThatThrownBy(() -> NoteVerifier.parse(parts[0] + "+" + upper + "+" + parts[2]))
        .hasMessageContaining("8 lowercase hex digits");
    assertThatThrownBy(() -> NoteVerifier.parse(parts[0] + "+00000000+" + parts[2])).hasMessageContaining("hash does not match");
    byte[] three = body.clone();
    three[0] = 3;
    assertThatThrownBy(() -> NoteVerifier.parse(parts[0] + "+" + parts[1] + "+" + Base64.getEncoder().encodeToString(three)))
        .hasMessageContaining("type 0x01").hasMessageContaining("type 0x02");
  }

  @Test
  void aPrivateKeyThatIsNotThePublicKeysIsRefused() throws Exception {
    KeyPair a = p256();
    KeyPair b = p256();
    assertThatThrownBy(() -> new EcdsaNoteKey("gavel.local/ledger", a.getPrivate(), b.getPublic(), null))
        .hasMessageContaining("does not belong to the public key");
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = g.generateKeyPair();
    assertThatThrownBy(() -> new EcdsaNoteKey("gavel.local/ledger", p384.getPrivate(), p384.getPublic(), null))
        .hasMessageContaining("P-256");
  }

  @Test
  void rotationStatementsAndDsseEnvelopesVerifyAcrossKeyTypes() throws Exception {
    NoteSigner ed = new NoteSigner("gavel.local/ledger", new byte[32]);
    EcdsaNoteKey ec = key();
    var payload = KeyRotation.payload(ed, ec);
    var entry = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("index", 3);
    entry.set("payload", payload);
    assertThat(KeyRotation.fromEntry(entry).problem()).isEmpty();
    payload.put("newSignature", Base64.getEncoder().encodeToString(ec.signature("other".getBytes(StandardCharsets.UTF_8))));
    assertThat(KeyRotation.fromEntry(entry).problem()).contains("the new key did not sign the rotation");
    var env = Dsse.sign("application/vnd.in-toto+json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), ec, ec.keyId());
    assertThat(Dsse.verify(env, ec.verifier().publicKey())).isTrue();
    assertThat(Dsse.verify(env, ed.verifier().publicKey())).isFalse();
  }
}
