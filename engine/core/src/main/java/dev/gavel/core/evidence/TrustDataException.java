package dev.gavel.core.evidence;

/** The trust roots in the policy data are malformed: names the data path and the problem. */
public final class TrustDataException extends Exception {
  private final String path;

  public TrustDataException(String path, String message) {
    super(path + ": " + message);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
