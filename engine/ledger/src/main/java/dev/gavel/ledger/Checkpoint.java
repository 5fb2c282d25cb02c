package dev.gavel.ledger;

import java.util.Base64;
import java.util.Objects;

/**
 * A C2SP tlog-checkpoint body: origin line, decimal tree size, base64 root hash, each ending in
 * a newline. Signed as a C2SP signed note.
 */
public record Checkpoint(String origin, long size, byte[] root) {
  public Checkpoint {
    Objects.requireNonNull(origin, "origin");
    if (origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException("checkpoint origin must be one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("tree size must be >= 0");
    }
    if (root == null || root.length != 32) {
      throw new IllegalArgumentException("root hash must be 32 bytes");
    }
  }

  public String body() {
    return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
  }

  /**
   * The checkpoint a signed note claims, read WITHOUT checking its signature (to learn which key
   * must have signed it, or its size); IllegalArgumentException when the note is malformed.
   */
  public static Checkpoint claimedBy(String signedNote) {
    int end = signedNote.indexOf("\n\n");
    if (end < 0) {
      throw new IllegalArgumentException("a signed note needs a blank line before its signatures");
    }
    return parse(signedNote.substring(0, end + 1));
  }

  /** Parses a checkpoint body (the text of a signed note); extension lines are ignored. */
  public static Checkpoint parse(String text) {
    String[] lines = text.split("\n", -1);
    if (lines.length < 4) {
      throw new IllegalArgumentException("checkpoint needs origin, size and root lines");
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("checkpoint tree size is not a decimal number: " + lines[1]);
    }
    if (!lines[1].equals(Long.toString(size))) {
      throw new IllegalArgumentException("checkpoint tree size must be canonical decimal: " + lines[1]);
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint root hash is not base64");
    }
    return new Checkpoint(lines[0], size, root);
  }
}
