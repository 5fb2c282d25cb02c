package dev.gavel.core.port;

import java.util.Objects;

/** The ledger could not record or read entries. Nothing was recorded when an append throws it. */
public class LedgerException extends Exception {
  /**
   * Why: the database cannot be reached or written; the ledger's stored state is damaged or was
   * tampered with; or the signing key offered is not the key in force for this ledger.
   */
  public enum Kind { UNAVAILABLE, DAMAGED, KEY_MISMATCH }

  private final Kind kind;

  public LedgerException(String message) {
    this(Kind.UNAVAILABLE, message, null);
  }

  public LedgerException(String message, Throwable cause) {
    this(Kind.UNAVAILABLE, message, cause);
  }

  public LedgerException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
