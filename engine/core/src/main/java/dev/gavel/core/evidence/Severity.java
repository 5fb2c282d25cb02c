package dev.gavel.core.evidence;

import java.math.BigDecimal;
import java.util.Locale;

/** Finding severities after normalisation; {@code NONE} and {@code UNKNOWN} are not counted by tier limits. */
public enum Severity {
  CRITICAL, HIGH, MEDIUM, LOW, NONE, UNKNOWN;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** CVSS score bands as SARIF's security-severity uses them: >=9 critical, >=7 high, >=4 medium, >0 low. */
  public static Severity fromScore(BigDecimal score) {
    if (score.compareTo(BigDecimal.valueOf(9)) >= 0) {
      return CRITICAL;
    }
    if (score.compareTo(BigDecimal.valueOf(7)) >= 0) {
      return HIGH;
    }
    if (score.compareTo(BigDecimal.valueOf(4)) >= 0) {
      return MEDIUM;
    }
    return score.signum() > 0 ? LOW : NONE;
  }

  /** A severity word (any case: "critical", "HIGH", "info"), or null when it is not one. */
  public static Severity fromWord(String word) {
    switch (word.toLowerCase(Locale.ROOT)) {
      case "critical":
        return CRITICAL;
      case "high":
        return HIGH;
      case "medium":
      case "moderate":
        return MEDIUM;
      case "low":
        return LOW;
      case "info":
      case "informational":
      case "none":
        return NONE;
      case "unknown":
        return UNKNOWN;
      default:
        return null;
    }
  }

  public boolean higherThan(Severity other) {
    return rank() > other.rank();
  }

  private int rank() {
    switch (this) {
      case CRITICAL:
        return 5;
      case HIGH:
        return 4;
      case UNKNOWN:
        return 3;
      case MEDIUM:
        return 2;
      case LOW:
        return 1;
      default:
        return 0;
    }
  }
}
