package dev.gavel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.ledger.Dsse;
import dev.gavel.ledger.EcdsaNoteKey;
import dev.gavel.ledger.NoteKey;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.testkit.TestSoftHsm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pkcs11} key custody against a real SoftHSM2 token: the key is made, kept and used in the token. */
class Pkcs11CustodyTest {
  @TempDir
  Path home;

  static CustodySettings pkcs11(TestSoftHsm.Token t, String pin, String label) {
    return new CustodySettings(CustodySettings.Kind.PKCS11, CustodySettings.Secret.env("GAVEL_KEY_PASSPHRASE", null, null),
        CustodySettings.MIN_SCRYPT_COST, new CustodySettings.Pkcs11(t.library(), t.slot(), 0,
            CustodySettings.Secret.env("GAVEL_PKCS11_PIN", pin, pin == null ? t.pinFile() : null), label));
  }

  @Test
  void aTokenKeyIsEcdsaP256SignsNotesAndEnvelopesAndNeverLeavesTheToken() throws Exception {
    TestSoftHsm.Token t = TestSoftHsm.token();
    KeyCustody keys = new KeyCustody(home, pkcs11(t, null, "custody-a"));
    NoteKey k = keys.forAppending(0);
    assertThat(k).isInstanceOf(EcdsaNoteKey.class);
    assertThat(keys.keyFile()).isEqualTo(home.resolve("keys/ledger.pkcs11"));
    // C2SP signed-note key type 0x02: base64(0x02 || SPKI of a P-256 key)
    byte[] body = Base64.getDecoder().decode(k.verifierKey().split("\\+", 3)[2]);
    assertThat(body[0]).isEqualTo((byte) 0x02);
    assertThat(NoteVerifier.parse(k.verifierKey()).publicKey().getAlgorithm()).isEqualTo("EC");

    String text = "gavel.local/ledger\n3\nq1w2e3r4t5y6u7i8o9p0q1w2e3r4t5y6u7i8o9p0abc=\n";
    String note = k.signNote(text);
    assertThat(NoteVerifier.parse(k.verifierKey()).open(note)).isEqualTo(text);
    var env = Dsse.sign("application/vnd.in-toto+json", "{}".getBytes(StandardCharsets.UTF_8), k, k.keyId());
    assertThat(Dsse.verify(env, NoteVerifier.parse(k.verifierKey()).publicKey())).isTrue();

    // the pointer file names the key; it holds no key material
    String pointer = Files.readString(keys.keyFile());
    assertThat(pointer).contains("\"label\":\"custody-a-").contains("\"verifierKey\":\"" + k.verifierKey() + "\"");
    // the token's private key is sensitive and not extractable: the provider can only hand out a handle
    String label = pointer.replaceAll(".*\"label\":\"([^\"]+)\".*\\s*", "$1");
    KeyStore ks = KeyStore.getInstance("PKCS11", java.security.Security.getProvider(providerNameOf(k)));
    ks.load(null, t.pin().toCharArray());
    PrivateKey handle = (PrivateKey) ks.getKey(label, null);
    assertThat(handle).isNotNull();
    assertThat(handle.getEncoded()).as("no key bytes come out of the token").isNull();
    assertThat(handle.toString()).contains("sensitive").contains("token object");

    // a new process finds the same key through the pointer file
    assertThat(new KeyCustody(home, pkcs11(t, null, "custody-a")).current().orElseThrow().verifierKey()).isEqualTo(k.verifierKey());
    // and auditors need no PIN to learn the public key
    assertThat(new KeyCustody(home, pkcs11(t, "wrong", "custody-a")).currentVerifierKey()).contains(k.verifierKey());
  }

  /** The SunPKCS11 provider instance is not registered globally; reach it through the key's signature. */
  static String providerNameOf(NoteKey k) throws Exception {
    var f = EcdsaNoteKey.class.getDeclaredField("provider");
    f.setAccessible(true);
    java.security.Provider p = (java.security.Provider) f.get(k);
    if (java.security.Security.getProvider(p.getName()) == null) {
      java.security.Security.addProvider(p);  // for this test's KeyStore lookup only
    }
    return p.getName();
  }

  @Test
  void aKeySwappedInTheTokenOrAPointerToNothingIsRefused() throws Exception {
    TestSoftHsm.Token t = TestSoftHsm.token();
    KeyCustody keys = new KeyCustody(home, pkcs11(t, null, "custody-b"));
    NoteKey first = keys.forAppending(0);
    String pointer = Files.readString(keys.keyFile());
    // another key of the token, named under the first one's label by a pointer file changed by hand
    Path other = Files.createTempDirectory(home, "other");
    NoteKey second = new KeyCustody(other, pkcs11(t, null, "custody-b")).forAppending(0);
    String secondLabel = Files.readString(other.resolve("keys/ledger.pkcs11")).replaceAll(".*\"label\":\"([^\"]+)\".*\\s*", "$1");
    String firstLabel = pointer.replaceAll(".*\"label\":\"([^\"]+)\".*\\s*", "$1");
    Files.writeString(keys.keyFile(), pointer.replace(firstLabel, secondLabel));
    assertThatThrownBy(() -> new KeyCustody(home, pkcs11(t, null, "custody-b")).current())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the token key labelled " + secondLabel + " is not the key " + keys.keyFile() + " names")
        .hasMessageContaining("refusing to sign with it");
    Files.writeString(keys.keyFile(), pointer.replace(firstLabel, "custody-b-absent"));
    assertThatThrownBy(() -> new KeyCustody(home, pkcs11(t, null, "custody-b")).current())
        .hasMessageContaining("holds no key labelled custody-b-absent");
    Files.writeString(keys.keyFile(), "{\"label\": 7}\n");
    assertThatThrownBy(() -> new KeyCustody(home, pkcs11(t, null, "custody-b")).current())
        .hasMessageContaining("must name the token key: {label, verifierKey}");
    Files.writeString(keys.keyFile(), pointer);
    assertThat(new KeyCustody(home, pkcs11(t, null, "custody-b")).current().orElseThrow().verifierKey())
        .isEqualTo(first.verifierKey()).isNotEqualTo(second.verifierKey());
  }

  @Test
  void aWrongPinOrModuleOrSlotFailsSayingWhich() throws Exception {
    TestSoftHsm.Token spare = TestSoftHsm.spareToken();
    assertThatThrownBy(() -> new KeyCustody(home, pkcs11(spare, "00000000", "custody-c")).forAppending(0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot log in to the PKCS#11 token in slot " + spare.slot())
        .hasMessageContaining("with the PIN from $GAVEL_PKCS11_PIN");
    assertThat(Files.exists(home.resolve("keys/ledger.pkcs11"))).as("nothing written").isFalse();
    TestSoftHsm.Token t = TestSoftHsm.token();
    TestSoftHsm.Token noModule = new TestSoftHsm.Token(home.resolve("nope.so"), t.slot(), t.pinFile());
    assertThatThrownBy(() -> new KeyCustody(home, pkcs11(noModule, null, "custody-c")).forAppending(0))
        .hasMessageContaining("no readable PKCS#11 module at " + home.resolve("nope.so"));
    TestSoftHsm.Token noSlot = new TestSoftHsm.Token(t.library(), 4242, t.pinFile());
    assertThatThrownBy(() -> new KeyCustody(home, pkcs11(noSlot, null, "custody-c")).forAppending(0))
        .hasMessageContaining("cannot load the PKCS#11 token in slot 4242");
  }
}
