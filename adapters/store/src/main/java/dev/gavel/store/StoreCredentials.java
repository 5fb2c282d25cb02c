package dev.gavel.store;

import java.util.Properties;

/**
 * Who the ledger connects to a database server as, when the store URL does not say so itself
 * (URL parameters {@code user} and {@code password} win). Never printed: {@link #toString()}
 * names the user only, and no message of the store carries a password.
 */
public record StoreCredentials(String user, String password) {
  /** Nothing configured: the URL (or the driver's own defaults, such as ~/.pgpass) decide. */
  public static final StoreCredentials NONE = new StoreCredentials(null, null);

  public StoreCredentials {
    if (user != null && user.isBlank()) {
      throw new IllegalArgumentException("the store user must not be blank");
    }
    if (password != null && user == null) {
      throw new IllegalArgumentException("a store password needs a store user");
    }
  }

  /** The driver properties for these credentials (empty for {@link #NONE}). */
  Properties properties() {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    return p;
  }

  /**
   * {@code text} with every password these credentials or {@code url} carry replaced by
   * {@code ***}: a last guard for messages built from a driver's errors.
   */
  String redact(String text, String url) {
    if (text == null) {
      return null;
    }
    String out = url == null ? text : text.replace(url, "<store URL>");
    if (password != null && !password.isEmpty()) {
      out = out.replace(password, "***");
    }
    if (url != null) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)[?&](?:ssl)?password=([^&]*)").matcher(url);
      while (m.find()) {
        if (!m.group(1).isEmpty()) {
          out = out.replace(m.group(1), "***");
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return user == null ? "StoreCredentials[none]" : "StoreCredentials[user=" + user + (password == null ? "" : ", password=***") + "]";
  }
}
