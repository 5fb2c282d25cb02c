package dev.gavel.runtime;

/**
 * Gavel cannot start as configured: a home that cannot be created, a configuration file with an
 * unknown key, a missing policy directory, a key that is missing or not the ledger's. The message
 * names the problem and where (file:line:col for gavel.yaml). Nothing was changed.
 */
public class ConfigurationException extends Exception {
  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
