package dev.gavel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.ledger.NoteKey;
import dev.gavel.ledger.NoteSigner;
import dev.gavel.ledger.NoteVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.util.PBKDF2Config;
import org.bouncycastle.crypto.util.ScryptConfig;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code encrypted} key custody: scrypt-encrypted PKCS#8, the passphrase from the environment or a file. */
class EncryptedKeyCustodyTest {
  static final String PASS = "correct horse battery staple";
  @TempDir
  Path home;

  static CustodySettings encrypted(String passphrase, Path passFile) {
    return new CustodySettings(CustodySettings.Kind.ENCRYPTED, CustodySettings.Secret.env("GAVEL_KEY_PASSPHRASE", passphrase, passFile),
        CustodySettings.MIN_SCRYPT_COST, null);
  }

  Path keyFile() {
    return home.resolve("keys/ledger.p8.pem");
  }

  @Test
  void aKeyMadeEncryptedReadsBackWithThePassphraseAndSignsVerifiably() throws Exception {
    KeyCustody keys = new KeyCustody(home, encrypted(PASS, null));
    NoteKey made = keys.forAppending(0);
    assertThat(keys.keyFile()).isEqualTo(keyFile());
    assertThat(Files.getPosixFilePermissions(keyFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String text = Files.readString(keyFile());
    assertThat(text).startsWith("Gavel ledger verifier key: " + made.verifierKey() + "\n-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    byte[] seed = Base64.getDecoder().decode(((NoteSigner) made).signerKey().split("\\+", 5)[4]);
    byte[] raw = java.util.Arrays.copyOfRange(seed, 1, 33);
    assertThat(indexOf(derOf(text), raw)).as("the seed is not in the DER in clear").isEqualTo(-1);
    assertThat(text).as("nor its base64").doesNotContain(Base64.getEncoder().encodeToString(raw).substring(0, 20));

    // a new process: the passphrase from a file this time
    Path passFile = home.resolve("key.pass");
    Files.writeString(passFile, PASS + "\nignored second line\n");
    KeyCustody again = new KeyCustody(home, encrypted(null, passFile));
    NoteKey read = again.current().orElseThrow();
    assertThat(read.verifierKey()).isEqualTo(made.verifierKey());
    assertThat(again.currentKind()).contains(CustodySettings.Kind.ENCRYPTED);
    String note = read.signNote("gavel.local/ledger\n1\nAAAA\n");
    assertThat(NoteVerifier.parse(made.verifierKey()).open(note)).isEqualTo("gavel.local/ledger\n1\nAAAA\n");
    // auditors' commands read the verifier key without the passphrase
    assertThat(new KeyCustody(home, encrypted(null, null)).currentVerifierKey()).contains(made.verifierKey());
  }

  @Test
  void aWrongOrMissingPassphraseFailsSayingSoAndChangesNothing() throws Exception {
    new KeyCustody(home, encrypted(PASS, null)).forAppending(0);
    byte[] before = Files.readAllBytes(keyFile());
    assertThatThrownBy(() -> new KeyCustody(home, encrypted("Correct horse battery staple", null)).current())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot decrypt " + keyFile() + " with the passphrase from $GAVEL_KEY_PASSPHRASE")
        .hasMessageContaining("the passphrase is wrong or the file is damaged");
    assertThatThrownBy(() -> new KeyCustody(home, encrypted(null, null)).forAppending(3))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the key " + keyFile() + " is encrypted: no secret: set $GAVEL_KEY_PASSPHRASE");
    Path empty = home.resolve("empty.pass");
    Files.writeString(empty, "\n");
    assertThatThrownBy(() -> new KeyCustody(home, encrypted(null, empty)).current())
        .hasMessageContaining(empty + " is empty");
    assertThatThrownBy(() -> new KeyCustody(home, encrypted(null, home.resolve("absent.pass"))).current())
        .hasMessageContaining("cannot read " + home.resolve("absent.pass"));
    assertThat(Files.readAllBytes(keyFile())).isEqualTo(before);
  }

  @Test
  void everyCorruptedByteOfTheCiphertextOrItsParametersIsRefused() throws Exception {
    NoteKey made = new KeyCustody(home, encrypted(PASS, null)).forAppending(0);
    String text = Files.readString(keyFile());
    String header = text.substring(0, text.indexOf("-----BEGIN"));
    byte[] der = derOf(text);
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < der.length; i++) {
      byte[] bad = der.clone();
      bad[i] ^= (byte) (i % 7 == 0 ? 0x80 : 0x01);
      Files.writeString(keyFile(), header + pem(bad));
      try {
        NoteKey k = new KeyCustody(home, encrypted(PASS, null)).current().orElseThrow();
        accepted.add("byte " + i + " -> " + k.verifierKey());
      } catch (ConfigurationException expected) {
        assertThat(expected.getMessage()).as("byte " + i).contains(keyFile().toString());
      }
    }
    assertThat(accepted).as("corrupted files that still gave a key").isEmpty();
    // the original still reads: the refusals above were the corruption's
    Files.writeString(keyFile(), text);
    assertThat(new KeyCustody(home, encrypted(PASS, null)).current().orElseThrow().verifierKey()).isEqualTo(made.verifierKey());
  }

  @Test
  void aFileWhoseStatedKeyWasChangedOrRemovedIsRefused() throws Exception {
    NoteKey made = new KeyCustody(home, encrypted(PASS, null)).forAppending(0);
    String text = Files.readString(keyFile());
    NoteKey other = PlainKeyFile.fresh();
    Files.writeString(keyFile(), text.replace(made.verifierKey(), other.verifierKey()));
    assertThatThrownBy(() -> new KeyCustody(home, encrypted(PASS, null)).current())
        .hasMessageContaining("states verifier key " + other.verifierKey() + " but holds the key " + made.verifierKey())
        .hasMessageContaining("tampered");
    Files.writeString(keyFile(), text.substring(text.indexOf("-----BEGIN")));
    assertThatThrownBy(() -> new KeyCustody(home, encrypted(PASS, null)).current()).hasMessageContaining("states no verifier key");
    Files.writeString(keyFile(), "Gavel ledger verifier key: " + other.verifierKey() + "\n" + text);
    assertThatThrownBy(() -> new KeyCustody(home, encrypted(PASS, null)).current()).hasMessageContaining("two verifier keys");
    Files.writeString(keyFile(), text.replace("ENCRYPTED PRIVATE KEY", "PRIVATE KEY"));
    assertThatThrownBy(() -> new KeyCustody(home, encrypted(PASS, null)).current())
        .hasMessageContaining("unencrypted private key: encrypted custody refuses it");
  }

  @Test
  void weakerEncryptionThanScryptIsRefusedEvenWithTheRightPassphrase() throws Exception {
    NoteKey made = new KeyCustody(home, encrypted(PASS, null)).forAppending(0);
    String header = "Gavel ledger verifier key: " + made.verifierKey() + "\n";
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(dev.gavel.ledger.Ed25519Keys.privateKey(
        java.util.Arrays.copyOfRange(Base64.getDecoder().decode(((NoteSigner) made).signerKey().split("\\+", 5)[4]), 1, 33)).getEncoded());
    BouncyCastleProvider bc = new BouncyCastleProvider();
    byte[] pbkdf2 = new PKCS8EncryptedPrivateKeyInfoBuilder(info).build(new JcePKCSPBEOutputEncryptorBuilder(
        new PBKDF2Config.Builder().withIterationCount(600_000).build(), NISTObjectIdentifiers.id_aes256_CBC).setProvider(bc)
        .build(PASS.toCharArray())).getEncoded();
    Files.writeString(keyFile(), header + pem(pbkdf2));
    assertThatThrownBy(() -> new KeyCustody(home, encrypted(PASS, null)).current())
        .hasMessageContaining("derives its key with PBKDF2, which is not memory-hard");
    byte[] cheap = new PKCS8EncryptedPrivateKeyInfoBuilder(info).build(new JcePKCSPBEOutputEncryptorBuilder(
        new ScryptConfig.Builder(1 << 10, 8, 1).withSaltLength(16).build(), NISTObjectIdentifiers.id_aes256_CBC).setProvider(bc)
        .build(PASS.toCharArray())).getEncoded();
    Files.writeString(keyFile(), header + pem(cheap));
    assertThatThrownBy(() -> new KeyCustody(home, encrypted(PASS, null)).current())
        .hasMessageContaining("uses scrypt with N = 1024, below the 2^14 Gavel accepts");
  }

  static int indexOf(byte[] hay, byte[] needle) {
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (java.util.Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  static byte[] derOf(String pemText) {
    String body = pemText.substring(pemText.indexOf("-----\n") + 6, pemText.indexOf("-----END"));
    return Base64.getMimeDecoder().decode(body.strip());
  }

  static String pem(byte[] der) {
    return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + new String(Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(der),
        StandardCharsets.US_ASCII) + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
  }
}
