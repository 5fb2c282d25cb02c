package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Finding severities after normalisation. {@code UNKNOWN} is a finding its report does not rate
 * (a CycloneDX vulnerability without ratings, a gavel-summary finding marked unknown): it is
 * counted and limited separately ({@code maxFindings.unknown}). {@code NONE} is not counted.
 * A rating that is present but malformed is never UNKNOWN: it is bad input.
 */
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

  /**
   * A CVSS score at {@code path}: a JSON number, or (when {@code textAllowed}, as SARIF's
   * security-severity property is specified) a string holding one; it must lie in [0, 10].
   */
  static Severity fromCvss(JsonNode n, String path, boolean textAllowed) throws EvidenceFormatException {
    BigDecimal v;
    if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
      throw new EvidenceFormatException(path, "must be a CVSS score but got " + n);
    }
    if (n.isNumber()) {
      v = n.decimalValue();
    } else if (n.isTextual() && textAllowed) {
      try {
        v = new BigDecimal(n.textValue().trim());
      } catch (NumberFormatException e) {
        throw new EvidenceFormatException(path, "must be a CVSS score but got " + n);
      }
    } else {
      throw new EvidenceFormatException(path, "must be a CVSS score " + (textAllowed ? "" : "(a number) ") + "but got " + n);
    }
    if (v.signum() < 0 || v.compareTo(BigDecimal.TEN) > 0) {
      throw new EvidenceFormatException(path, "CVSS score must be between 0 and 10 but got " + n);
    }
    return fromScore(v);
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
