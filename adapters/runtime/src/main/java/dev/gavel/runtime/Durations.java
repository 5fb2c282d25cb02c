package dev.gavel.runtime;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, or ISO 8601 {@code PT10S}. */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

  private Durations() {}

  /** IllegalArgumentException naming the accepted forms when {@code text} is none of them. */
  public static Duration parse(String text) {
    Matcher m = SHORT.matcher(text.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(text.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (write 250ms, 10s, 5m, 1h or PT10S)");
    }
  }
}
