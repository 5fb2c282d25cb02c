package dev.gavel.ledger;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An ECDSA P-256 note key, C2SP signed-note signature type 0x02 ("ECDSA signatures as implemented by
 * github.com/transparency-dev/witness", the form Sigstore's Rekor signs its checkpoints in): the key
 * ID is the first four bytes of SHA-256 over the DER SubjectPublicKeyInfo, the signature ASN.1 DER
 * ECDSA over SHA-256 of the message, and the verifier key {@code name+hex(keyID)+base64(0x02 ||
 * SPKI)}. The private key is used only through {@code provider} (a PKCS#11 token's, for a key that
 * never leaves the token): this object holds a handle, never the key's bytes.
 */
public final class EcdsaNoteKey implements NoteKey {
  /** The signed-note signature type of these keys. */
  public static final byte TYPE = 0x02;
  private final String name;
  private final PrivateKey privateKey;
  private final Provider provider;
  private final NoteVerifier verifier;

  /**
   * @param provider who signs with {@code privateKey} (null: the JDK's default for the key)
   * @param publicKey its P-256 public key, which must be the private key's (checked by one signature)
   */
  public EcdsaNoteKey(String name, PrivateKey privateKey, PublicKey publicKey, Provider provider) {
    NoteVerifier.checkName(name);
    this.name = name;
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.provider = provider;
    this.verifier = NoteVerifier.ecdsa(name, publicKey);
    byte[] probe = "gavel: does this private key belong to this public key?\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (!verifier.verifyRaw(probe, signature(probe))) {
      throw new IllegalArgumentException("the ECDSA private key does not belong to the public key given with it");
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte[] keyHash() {
    return verifier.keyHash();
  }

  @Override
  public String verifierKey() {
    return name + "+" + HexFormat.of().formatHex(keyHash()) + "+"
        + Base64.getEncoder().encodeToString(Ed25519Keys.concat(new byte[] {TYPE}, verifier.publicKey().getEncoded()));
  }

  @Override
  public NoteVerifier verifier() {
    return verifier;
  }

  @Override
  public byte[] signature(byte[] message) {
    try {
      Signature s = provider == null ? Signature.getInstance("SHA256withECDSA") : Signature.getInstance("SHA256withECDSA", provider);
      s.initSign(privateKey);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA signing failed (" + (provider == null ? "software key" : provider.getName()) + "): "
          + e.getMessage(), e);
    }
  }
}
