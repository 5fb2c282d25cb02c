package dev.gavel.core.port;

/**
 * A policy source cannot give a usable snapshot: a missing directory, a file that is not valid
 * data, a bundle that fails verification. The message names the problem and where.
 */
public class PolicySourceException extends Exception {
  public PolicySourceException(String message) {
    super(message);
  }

  public PolicySourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
