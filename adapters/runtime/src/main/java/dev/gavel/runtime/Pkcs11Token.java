package dev.gavel.runtime;

import dev.gavel.ledger.EcdsaNoteKey;
import dev.gavel.ledger.NoteKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A PKCS#11 token through the JDK's SunPKCS11 provider (configured per module and slot, once per
 * JVM, never installed globally). Gavel's keys are ECDSA P-256 because the JDK 17 provider offers
 * no EdDSA: they are generated inside the token as token objects that are private, sensitive and
 * never extractable, so this process holds handles, never key bytes, and every signature is made
 * in the token. The token keeps a self-signed certificate beside each key (the provider's key store
 * finds a key through it, under the key's label); the public key is read from it.
 */
final class Pkcs11Token {
  private static final Map<String, Provider> PROVIDERS = new ConcurrentHashMap<>();
  private final Provider provider;
  private final KeyStore store;
  private final String where;

  private Pkcs11Token(Provider provider, KeyStore store, String where) {
    this.provider = provider;
    this.store = store;
    this.where = where;
  }

  /** Loads the module, finds the slot and logs in with the PIN. */
  static Pkcs11Token open(CustodySettings.Pkcs11 s) throws ConfigurationException {
    String where = "the PKCS#11 token " + (s.slot() != null ? "in slot " + s.slot() : "at slot index " + s.slotIndex()) + " of "
        + s.library();
    if (!Files.isReadable(s.library())) {
      throw new ConfigurationException("cannot load " + where + ": no readable PKCS#11 module at " + s.library());
    }
    String config = "name = gavel-" + Integer.toHexString((s.library() + "/" + s.slot() + "/" + s.slotIndex()).hashCode()) + "\n"
        + "library = " + s.library() + "\n"
        + (s.slot() != null ? "slot = " + s.slot() : "slotListIndex = " + s.slotIndex()) + "\n"
        // Keys Gavel generates stay in the token and can never be read out of it.
        + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n  CKA_TOKEN = true\n  CKA_PRIVATE = true\n  CKA_SENSITIVE = true\n"
        + "  CKA_EXTRACTABLE = false\n  CKA_SIGN = true\n}\n"
        + "attributes(generate, CKO_PUBLIC_KEY, *) = {\n  CKA_TOKEN = true\n  CKA_VERIFY = true\n}\n";
    Provider p;
    try {
      p = PROVIDERS.computeIfAbsent(config, c -> Security.getProvider("SunPKCS11").configure("--" + c));
    } catch (RuntimeException e) {
      throw new ConfigurationException("cannot load " + where + ": " + rootMessage(e), e);
    }
    char[] pin = s.pin().read();
    try {
      KeyStore ks = KeyStore.getInstance("PKCS11", p);
      ks.load(null, pin);
      return new Pkcs11Token(p, ks, where);
    } catch (IOException e) {
      throw new ConfigurationException("cannot log in to " + where + " with the PIN from " + s.pin() + ": " + rootMessage(e), e);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ConfigurationException("cannot open " + where + ": " + rootMessage(e), e);
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  /** A new P-256 key pair generated in the token under {@code label}. */
  NoteKey generate(String label) throws ConfigurationException {
    try {
      if (store.containsAlias(label)) {
        throw new ConfigurationException(where + " already holds a key labelled " + label);
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", provider);
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      X500Name name = new X500Name("CN=" + KeyCustody.KEY_NAME.replace("/", "\\/") + ",OU=" + label);
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
          BigInteger.valueOf(System.currentTimeMillis()), new Date(), new Date(253402300799000L), name, kp.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(provider).build(kp.getPrivate())));
      store.setKeyEntry(label, kp.getPrivate(), null, new Certificate[] {cert});
      return load(label);
    } catch (ConfigurationException e) {
      throw e;
    } catch (Exception e) {
      throw new ConfigurationException("cannot generate a key in " + where + ": " + rootMessage(e), e);
    }
  }

  /** The key labelled {@code label}: a handle to its private key and its certificate's public key. */
  NoteKey load(String label) throws ConfigurationException {
    try {
      if (!store.isKeyEntry(label)) {
        throw new ConfigurationException(where + " holds no key labelled " + label + " (was the token replaced, or the key deleted?)");
      }
      PrivateKey k = (PrivateKey) store.getKey(label, null);
      Certificate c = store.getCertificate(label);
      if (k == null || c == null) {
        throw new ConfigurationException(where + ": the key labelled " + label + " has no certificate beside it");
      }
      return new EcdsaNoteKey(KeyCustody.KEY_NAME, k, c.getPublicKey(), provider);
    } catch (ConfigurationException e) {
      throw e;
    } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
      throw new ConfigurationException("cannot use the key labelled " + label + " in " + where + ": " + rootMessage(e), e);
    }
  }

  /** Deletes the key (and its certificate) labelled {@code label}, if there is one. */
  void delete(String label) throws ConfigurationException {
    try {
      if (store.containsAlias(label)) {
        store.deleteEntry(label);
      }
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException("cannot delete the key labelled " + label + " from " + where + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
  }
}
