package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC 3339 date-times in requests ("2026-11-20T10:00:00Z", offsets allowed). */
final class Rfc3339 {
  private Rfc3339() {}

  static Instant parse(JsonNode n, String path) throws EvidenceFormatException {
    if (!n.isTextual()) {
      throw new EvidenceFormatException(path, "must be an RFC 3339 date-time string");
    }
    try {
      return OffsetDateTime.parse(n.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new EvidenceFormatException(path, "must be an RFC 3339 date-time but got '" + n.asText() + "'");
    }
  }

  /** The UTC form Gavel writes facts in, to the second or finer as the instant needs. */
  static String format(Instant t) {
    return java.time.format.DateTimeFormatter.ISO_INSTANT.format(t);
  }
}
