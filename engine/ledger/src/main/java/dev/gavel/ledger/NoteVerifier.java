package dev.gavel.ledger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies C2SP signed notes made with one key, identified by name and key hash: an Ed25519 key
 * (signature type 0x01, the Go sumdb / Gavel ledger form, key hash SHA-256(name || 0x0A || 0x01 ||
 * key)[:4]), or an ECDSA P-256 key (signature type 0x02, as transparency-dev's witness and
 * Sigstore's Rekor sign: key hash = SHA-256(DER SubjectPublicKeyInfo)[:4], an ASN.1 DER ECDSA
 * signature with SHA-256 over the text; verifier key {@code name+hash+base64(0x02 || SPKI)}, the
 * form Gavel's hardware-held ledger keys are published in).
 */
public final class NoteVerifier {
  private final String name;
  private final byte[] keyHash;
  private final PublicKey key;
  private final boolean ecdsa;
  private final byte[] rawKey;

  private NoteVerifier(String name, byte[] keyHash, PublicKey key, boolean ecdsa) {
    this.name = name;
    this.keyHash = keyHash;
    this.key = key;
    this.ecdsa = ecdsa;
    this.rawKey = ecdsa ? null : Ed25519Keys.raw(key);
  }

  /**
   * A verifier for notes signed by the ECDSA P-256 key {@code key} under key name {@code name}
   * (Rekor: the log's host name, e.g. {@code rekor.sigstore.dev}; Gavel's token-held key: {@code
   * gavel.local/ledger}), named by the hash of its SubjectPublicKeyInfo.
   */
  public static NoteVerifier ecdsa(String name, PublicKey key) {
    checkName(name);
    if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalArgumentException("an ECDSA note key must be a P-256 public key");
    }
    try {
      byte[] hash = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 4);
      return new NoteVerifier(name, hash, key, true);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses a verifier key {@code name+hash+base64(0x01 || Ed25519 public key)} or {@code
   * name+hash+base64(0x02 || DER SubjectPublicKeyInfo of a P-256 key)}; the hash must be the key's.
   */
  public static NoteVerifier parse(String verifierKey) {
    String[] parts = verifierKey.strip().split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("malformed verifier key");
    }
    checkName(parts[0]);
    byte[] raw;
    byte[] hash;
    try {
      raw = Base64.getDecoder().decode(parts[2]);
      hash = HexFormat.of().parseHex(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed verifier key");
    }
    if (hash.length != 4 || parts[1].length() != 8 || !parts[1].equals(parts[1].toLowerCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException("malformed verifier key: the key hash is 8 lowercase hex digits");
    }
    if (!Base64.getEncoder().encodeToString(raw).equals(parts[2])) {
      throw new IllegalArgumentException("malformed verifier key: non-canonical base64");
    }
    if (raw.length > 1 && raw[0] == EcdsaNoteKey.TYPE) {
      PublicKey ec;
      try {
        ec = java.security.KeyFactory.getInstance("EC").generatePublic(new java.security.spec.X509EncodedKeySpec(
            Arrays.copyOfRange(raw, 1, raw.length)));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new IllegalArgumentException("verifier key of type 0x02 does not hold an EC SubjectPublicKeyInfo");
      }
      NoteVerifier v = ecdsa(parts[0], ec);
      if (!Arrays.equals(v.key.getEncoded(), Arrays.copyOfRange(raw, 1, raw.length))) {
        throw new IllegalArgumentException("verifier key of type 0x02 is not in DER form");
      }
      if (!Arrays.equals(hash, v.keyHash)) {
        throw new IllegalArgumentException("verifier key hash does not match its key");
      }
      return v;
    }
    if (raw.length != 33 || raw[0] != 1) {
      throw new IllegalArgumentException("verifier key must be an Ed25519 key (type 0x01) or an ECDSA P-256 key (type 0x02)");
    }
    byte[] pub = Arrays.copyOfRange(raw, 1, 33);
    if (!Arrays.equals(hash, keyHash(parts[0], pub))) {
      throw new IllegalArgumentException("verifier key hash does not match its key");
    }
    return new NoteVerifier(parts[0], hash, Ed25519Keys.publicKey(pub), false);
  }

  public String name() {
    return name;
  }

  /** The verifier key text: {@code name+hash+base64(0x01 || key)} (Ed25519) or {@code name+hash+base64(0x02 || SPKI)} (ECDSA). */
  public String verifierKey() {
    byte[] body = ecdsa ? Ed25519Keys.concat(new byte[] {EcdsaNoteKey.TYPE}, key.getEncoded())
        : Ed25519Keys.concat(new byte[] {1}, Ed25519Keys.raw(key));
    return name + "+" + HexFormat.of().formatHex(keyHash) + "+" + Base64.getEncoder().encodeToString(body);
  }

  static void checkName(String name) {
    if (name == null || name.isEmpty() || name.contains("+") || name.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException("invalid key name");
    }
  }

  static byte[] keyHash(String name, byte[] publicKey) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(name.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0x0A);
      md.update((byte) 0x01);
      md.update(publicKey);
      return Arrays.copyOf(md.digest(), 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Checks a signed note and returns its text when a signature line by this key verifies;
   * otherwise throws IllegalArgumentException saying why.
   */
  /** Like {@link #open(String)} for raw bytes, which must be valid UTF-8. */
  public String open(byte[] note) {
    try {
      return open(java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(note)).toString());
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("malformed note: not valid UTF-8");
    }
  }

  public String open(String note) {
    int split = note.lastIndexOf("\n\n");
    if (split < 0 || !note.endsWith("\n")) {
      throw new IllegalArgumentException("malformed note: no signature block");
    }
    String text = note.substring(0, split + 1);
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c < 0x20 && c != '\n') {
        throw new IllegalArgumentException("malformed note: control character in text");
      }
    }
    if (split + 2 >= note.length()) {
      throw new IllegalArgumentException("malformed note: no signatures");
    }
    String[] sigLines = note.substring(split + 2, note.length() - 1).split("\n", -1);
    List<String[]> parsed = new java.util.ArrayList<>();
    for (String line : sigLines) {
      if (!line.startsWith("\u2014 ")) {
        throw new IllegalArgumentException("malformed note: bad signature line");
      }
      String[] parts = line.substring(2).split(" ");
      if (parts.length != 2) {
        throw new IllegalArgumentException("malformed note: bad signature line");
      }
      byte[] sig;
      try {
        sig = Base64.getDecoder().decode(parts[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("malformed note: bad signature encoding");
      }
      // Strict base64: unused trailing bits must be zero, so each signature has one spelling.
      if (!Base64.getEncoder().encodeToString(sig).equals(parts[1])) {
        throw new IllegalArgumentException("malformed note: non-canonical signature encoding");
      }
      parsed.add(parts);
    }
    boolean sawMine = false;
    for (String[] parts : parsed) {
      byte[] sig = Base64.getDecoder().decode(parts[1]);
      if (!parts[0].equals(name) || sig.length < 4 || !Arrays.equals(Arrays.copyOf(sig, 4), keyHash)) {
        continue;
      }
      sawMine = true;
      if (verifyRaw(text.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(sig, 4, sig.length))) {
        return text;
      }
    }
    throw new IllegalArgumentException(sawMine ? "note signature by " + name + " does not verify"
        : "note has no signature by " + name);
  }

  public boolean verifyRaw(byte[] message, byte[] signature) {
    if (!ecdsa) {
      return Ed25519.verify(rawKey, message, signature);
    }
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public byte[] keyHash() {
    return keyHash.clone();
  }

  public PublicKey publicKey() {
    return key;
  }
}
