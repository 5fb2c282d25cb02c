package dev.gavel.runtime;

import dev.gavel.ledger.Ed25519Keys;
import dev.gavel.ledger.NoteKey;
import dev.gavel.ledger.NoteSigner;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.util.ScryptConfig;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * {@code encrypted} custody: the Ed25519 key as an encrypted PKCS#8 PEM ({@code ENCRYPTED PRIVATE
 * KEY}, RFC 5958) in {@code keys/ledger.p8.pem}: PBES2 (RFC 8018) with the memory-hard scrypt KDF
 * (RFC 7914; N = 2^scrypt-cost, r 8, p 1, a 16-byte salt) and AES-256-CBC. The JDK's PBES2 offers
 * only PBKDF2, which is not memory-hard, so BouncyCastle's implementation is used (its provider is
 * passed to the operations, never installed). Reading refuses anything weaker: a key that is not
 * encrypted, another KDF (PBKDF2), scrypt below N = 2^14. The DER is the structure {@code openssl
 * pkcs8 -topk8 -scrypt} writes; before the PEM block Gavel states the key's verifier key (RFC 7468
 * explanatory text), which must match the decrypted key (see {@link #verifierKey}).
 */
final class EncryptedKeyFile implements Custodian {
  private static final String PEM_TYPE = "ENCRYPTED PRIVATE KEY";
  private static final String VERIFIER = "Gavel ledger verifier key: ";
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final int MAX_R = 32;
  private static final int MAX_P = 16;
  private final CustodySettings.Secret passphrase;
  private final int cost;

  EncryptedKeyFile(CustodySettings.Secret passphrase, int cost) {
    this.passphrase = passphrase;
    this.cost = cost;
  }

  @Override
  public CustodySettings.Kind kind() {
    return CustodySettings.Kind.ENCRYPTED;
  }

  @Override
  public String fileName() {
    return "ledger.p8.pem";
  }

  private NoteKey decrypt(Path f) throws ConfigurationException {
    byte[] der = pem(KeyFiles.read(f), f);
    PKCS8EncryptedPrivateKeyInfo info;
    try {
      info = new PKCS8EncryptedPrivateKeyInfo(der);
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException(f + " is not an encrypted PKCS#8 key: " + e.getMessage(), e);
    }
    try {
      requireMemoryHard(info.getEncryptionAlgorithm(), f);
    } catch (RuntimeException e) {
      throw new ConfigurationException(f + ": unreadable encryption parameters: " + e.getMessage(), e);
    }
    char[] pass = secret(f);
    PrivateKeyInfo key;
    try {
      key = info.decryptPrivateKeyInfo(new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(BC).build(pass));
    } catch (PKCSException | RuntimeException e) {
      // A wrong passphrase and a damaged ciphertext look alike to AES-CBC (bad padding, or garbage that
      // is not a PrivateKeyInfo): one message for both, naming the file and where the passphrase came from.
      throw new ConfigurationException("cannot decrypt " + f + " with the passphrase from " + passphrase
          + ": the passphrase is wrong or the file is damaged", e);
    } finally {
      Arrays.fill(pass, '\0');
    }
    if (!EdECObjectIdentifiers.id_Ed25519.equals(key.getPrivateKeyAlgorithm().getAlgorithm())) {
      throw new ConfigurationException(f + " holds a " + key.getPrivateKeyAlgorithm().getAlgorithm()
          + " key; Gavel's software key is Ed25519 (1.3.101.112)");
    }
    byte[] seed;
    try {
      seed = Ed25519Keys.seed(java.security.KeyFactory.getInstance("Ed25519")
          .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded())));
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new ConfigurationException(f + " holds an unreadable Ed25519 key: " + e.getMessage(), e);
    }
    try {
      // Only the one encoding Gavel writes (version 0, no attributes, no public key): a bit flipped in
      // the IV can turn the version into 1 and still decrypt to the same key, and a changed file is refused.
      if (!Arrays.equals(key.getEncoded(), Ed25519Keys.privateKey(seed).getEncoded())) {
        throw new ConfigurationException(f + " decrypts to a PKCS#8 structure other than the one Gavel writes "
            + "(version 0, no attributes): the file was changed");
      }
      return new NoteSigner(KeyCustody.KEY_NAME, seed);
    } catch (IOException e) {
      throw new ConfigurationException(f + " holds an unreadable Ed25519 key: " + e.getMessage(), e);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** PBES2 with scrypt, N at least 2^14 (OpenSSL's default; what RFC 7914 calls interactive use). */
  private static void requireMemoryHard(AlgorithmIdentifier alg, Path f) throws ConfigurationException {
    if (!PKCSObjectIdentifiers.id_PBES2.equals(alg.getAlgorithm())) {
      throw new ConfigurationException(f + " is encrypted with " + alg.getAlgorithm() + ", not PBES2 with scrypt: re-encrypt it "
          + "(`gavel keys rotate --to encrypted` makes a new one)");
    }
    PBES2Parameters p = PBES2Parameters.getInstance(alg.getParameters());
    ASN1ObjectIdentifier kdf = p.getKeyDerivationFunc().getAlgorithm();
    if (!MiscObjectIdentifiers.id_scrypt.equals(kdf)) {
      throw new ConfigurationException(f + " derives its key with " + (PKCSObjectIdentifiers.id_PBKDF2.equals(kdf) ? "PBKDF2" : kdf)
          + ", which is not memory-hard; Gavel reads keys encrypted with scrypt only");
    }
    ScryptParams s = ScryptParams.getInstance(p.getKeyDerivationFunc().getParameters());
    BigInteger n = s.getCostParameter();
    if (n.compareTo(BigInteger.ONE.shiftLeft(CustodySettings.MIN_SCRYPT_COST)) < 0) {
      throw new ConfigurationException(f + " uses scrypt with N = " + n + ", below the 2^"
          + CustodySettings.MIN_SCRYPT_COST + " Gavel accepts");
    }
    // Upper bounds too: the parameters come from the file, and a damaged one must not make Gavel
    // try to allocate gigabytes or run for hours before saying so.
    if (n.bitCount() != 1 || n.bitLength() - 1 > CustodySettings.MAX_SCRYPT_COST) {
      throw new ConfigurationException(f + " uses scrypt with N = " + n + ": Gavel reads powers of two up to 2^"
          + CustodySettings.MAX_SCRYPT_COST);
    }
    BigInteger r = s.getBlockSize();
    BigInteger par = s.getParallelizationParameter();
    if (r.signum() <= 0 || r.compareTo(BigInteger.valueOf(MAX_R)) > 0 || par.signum() <= 0
        || par.compareTo(BigInteger.valueOf(MAX_P)) > 0) {
      throw new ConfigurationException(f + " uses scrypt with r = " + r + ", p = " + par + ": Gavel reads r 1.." + MAX_R
          + " and p 1.." + MAX_P);
    }
  }

  /**
   * The verifier key the file states before its PEM block. It is required: AES-CBC has no integrity
   * of its own, so a flipped ciphertext bit can decrypt to a valid but different key; the stated
   * public key is what tells (an attacker without the passphrase cannot know the garbled key's).
   */
  @Override
  public String verifierKey(Path f) throws ConfigurationException {
    String stated = null;
    for (String line : KeyFiles.read(f).lines().toList()) {
      if (line.startsWith("-----BEGIN")) {
        break;
      }
      if (line.startsWith(VERIFIER)) {
        if (stated != null) {
          throw new ConfigurationException(f + " states two verifier keys: the file was tampered with");
        }
        stated = line.substring(VERIFIER.length()).strip();
      }
    }
    if (stated == null) {
      throw new ConfigurationException(f + " states no verifier key before its PEM block (a line '" + VERIFIER
          + "name+hash+key', as Gavel writes it): refusing a key whose integrity cannot be checked");
    }
    return stated;
  }

  @Override
  public NoteKey read(Path f) throws ConfigurationException {
    String stated = verifierKey(f);
    NoteKey k = decrypt(f);
    if (!stated.equals(k.verifierKey())) {
      throw new ConfigurationException(f + " states verifier key " + stated + " but holds the key " + k.verifierKey()
          + ": the file was tampered with");
    }
    return k;
  }

  @Override
  public NoteKey create(Path f, boolean replace) throws ConfigurationException {
    NoteSigner s = PlainKeyFile.fresh();
    char[] pass = secret(f);
    byte[] der;
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(Ed25519Keys.privateKey(seedOf(s)).getEncoded());
      var encryptor = new JcePKCSPBEOutputEncryptorBuilder(new ScryptConfig.Builder(1 << cost, 8, 1).withSaltLength(16).build(),
          NISTObjectIdentifiers.id_aes256_CBC).setProvider(BC).build(pass);
      der = new PKCS8EncryptedPrivateKeyInfoBuilder(info).build(encryptor).getEncoded();
    } catch (OperatorCreationException | IOException e) {
      throw new ConfigurationException("cannot encrypt the new key: " + e.getMessage(), e);
    } finally {
      Arrays.fill(pass, '\0');
    }
    // RFC 7468 allows explanatory text before the encapsulation boundary: the public half, in clear.
    String pem = VERIFIER + s.verifierKey() + "\n-----BEGIN " + PEM_TYPE + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + PEM_TYPE + "-----\n";
    KeyFiles.write(f, pem, replace);
    return s;
  }

  @Override
  public void discard(Path f) throws ConfigurationException {
    KeyFiles.delete(f);
  }

  private char[] secret(Path f) throws ConfigurationException {
    try {
      return passphrase.read();
    } catch (ConfigurationException e) {
      throw new ConfigurationException("the key " + f + " is encrypted: " + e.getMessage(), e);
    }
  }

  /** The seed of a software key, from its signer-key text (the NoteSigner keeps it private). */
  private static byte[] seedOf(NoteSigner s) {
    String[] parts = s.signerKey().split("\\+", 5);
    return Arrays.copyOfRange(Base64.getDecoder().decode(parts[4]), 1, 33);
  }

  private static byte[] pem(String text, Path f) throws ConfigurationException {
    String begin = "-----BEGIN " + PEM_TYPE + "-----";
    String end = "-----END " + PEM_TYPE + "-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new ConfigurationException(f + " is not a PEM '" + PEM_TYPE + "'" + (text.contains("-----BEGIN PRIVATE KEY-----")
          ? " (it is an unencrypted private key: encrypted custody refuses it)" : ""));
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e).strip());
    } catch (IllegalArgumentException x) {
      throw new ConfigurationException(f + ": the PEM body is not base64");
    }
  }
}
