package dev.gavel.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A key that signs C2SP signed notes (checkpoints), key-rotation statements and DSSE envelopes,
 * wherever it is kept: an Ed25519 key in memory ({@link NoteSigner}, signature type 0x01) or an
 * ECDSA P-256 key that may live in a hardware token and never leave it ({@link EcdsaNoteKey},
 * signature type 0x02). Its name and 4-byte key ID identify it in signature lines.
 */
public interface NoteKey {
  /** The key name (e.g. {@code gavel.local/ledger}). */
  String name();

  /** The 4-byte key ID, as its signature type defines it. */
  byte[] keyHash();

  /** The verifier key text {@code name+hex(keyID)+base64(type || public key)}. */
  String verifierKey();

  /** A raw signature over {@code message} in its type's encoding (Ed25519: 64 bytes; ECDSA: ASN.1 DER over SHA-256). */
  byte[] signature(byte[] message);

  /** The verifier for this key's signatures. */
  default NoteVerifier verifier() {
    return NoteVerifier.parse(verifierKey());
  }

  /** {@code name+hex(keyID)}: how DSSE signatures by this key name it. */
  default String keyId() {
    return name() + "+" + HexFormat.of().formatHex(keyHash());
  }

  /** Signs the text (which must end in a newline) and returns the whole signed note. */
  default String signNote(String text) {
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("note text must end in a newline");
    }
    byte[] sig = signature(text.getBytes(StandardCharsets.UTF_8));
    return text + "\n\u2014 " + name() + " " + Base64.getEncoder().encodeToString(Ed25519Keys.concat(keyHash(), sig)) + "\n";
  }
}
