package dev.gavel.core.port;

/** The ledger could not record or read entries. */
public class LedgerException extends Exception {
  public LedgerException(String message) {
    super(message);
  }

  public LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
