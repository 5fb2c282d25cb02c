package dev.gavel.core.evidence;

import java.util.Objects;

/** One normalised scan finding. {@code id} is what a waiver names (for example a CVE id). */
public record Finding(String id, Severity severity, String rule, String location) {
  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    rule = rule == null ? "" : rule;
    location = location == null ? "" : location;
  }
}
