package dev.gavel.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 signer for C2SP signed notes. Its key name and key hash (first four bytes of
 * SHA-256(name || 0x0A || 0x01 || public key)) identify it; {@code signerKey()} and
 * {@code verifierKey()} use the note formats {@code PRIVATE+KEY+name+hash+base64} and
 * {@code name+hash+base64}.
 */
public final class NoteSigner implements NoteKey {
  private final String name;
  private final byte[] seed;
  private final byte[] publicKey;

  public NoteSigner(String name, byte[] seed) {
    NoteVerifier.checkName(name);
    this.name = name;
    this.seed = seed.clone();
    this.publicKey = Ed25519Keys.publicFromSeed(seed);
  }

  /** Parses {@code PRIVATE+KEY+name+hash+base64(0x01 || seed)}. */
  public static NoteSigner parse(String signerKey) {
    String[] parts = signerKey.strip().split("\\+", 5);
    if (parts.length != 5 || !parts[0].equals("PRIVATE") || !parts[1].equals("KEY")) {
      throw new IllegalArgumentException("malformed signer key");
    }
    byte[] key = Base64.getDecoder().decode(parts[4]);
    if (key.length != 33 || key[0] != 1) {
      throw new IllegalArgumentException("signer key must be an Ed25519 key (algorithm 1)");
    }
    NoteSigner s = new NoteSigner(parts[2], Arrays.copyOfRange(key, 1, 33));
    if (!s.keyHashHex().equals(parts[3])) {
      throw new IllegalArgumentException("signer key hash does not match its key");
    }
    return s;
  }

  @Override
  public String name() {
    return name;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] keyHash() {
    return NoteVerifier.keyHash(name, publicKey);
  }

  String keyHashHex() {
    return java.util.HexFormat.of().formatHex(keyHash());
  }


  public String signerKey() {
    return "PRIVATE+KEY+" + name + "+" + keyHashHex() + "+" + Base64.getEncoder().encodeToString(Ed25519Keys.concat(new byte[] {1}, seed));
  }

  @Override
  public String verifierKey() {
    return name + "+" + keyHashHex() + "+" + Base64.getEncoder().encodeToString(Ed25519Keys.concat(new byte[] {1}, publicKey));
  }

  /** Signs the text (which must end in a newline) and returns the whole signed note. */
  public String sign(String text) {
    return signNote(text);
  }

  @Override
  public byte[] signature(byte[] message) {
    return rawSignature(message);
  }

  /** A raw Ed25519 signature over bytes (used for DSSE too). */
  public byte[] rawSignature(byte[] message) {
    return Ed25519.sign(seed, message);
  }

}
