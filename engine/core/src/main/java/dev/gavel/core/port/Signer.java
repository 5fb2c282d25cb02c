package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Gavel's signing key, wherever it is kept (a file under $GAVEL_HOME, or a key store that never
 * lets it out). It signs checkpoints as C2SP signed notes and attestations as DSSE envelopes.
 */
public interface Signer {
  /** The signed-note verifier key ({@code name+hash+base64}) that checks this key's signatures. */
  String verifierKey();

  /** The text (ending in a newline) as a C2SP signed note. */
  String signNote(String text);

  /** A DSSE envelope over {@code payload}. */
  JsonNode envelope(String payloadType, byte[] payload);
}
