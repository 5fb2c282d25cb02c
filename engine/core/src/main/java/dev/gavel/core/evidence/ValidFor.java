package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A Sigstore trusted root's validity window ({@code validFor: {start, end?}}): a key or CA is
 * relied on only for events inside it. No end means still valid.
 */
public record ValidFor(Instant start, Instant end) {
  public static final ValidFor ALWAYS = new ValidFor(null, null);

  public boolean contains(Instant t) {
    return (start == null || !t.isBefore(start)) && (end == null || !t.isAfter(end));
  }

  @Override
  public String toString() {
    return "[" + (start == null ? "-" : start) + ", " + (end == null ? "open" : end) + "]";
  }

  /** Reads {@code validFor} at {@code path}; absent means always. */
  static ValidFor parse(JsonNode n, String path) throws TrustDataException {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return ALWAYS;
    }
    if (!n.isObject()) {
      throw new TrustDataException(path, "must be an object {start, end?}");
    }
    return new ValidFor(time(n.get("start"), path + ".start"), time(n.get("end"), path + ".end"));
  }

  private static Instant time(JsonNode n, String path) throws TrustDataException {
    if (n == null || n.isNull()) {
      return null;
    }
    try {
      return Instant.parse(n.asText());
    } catch (DateTimeParseException e) {
      throw new TrustDataException(path, "must be an RFC 3339 time but got " + n);
    }
  }
}
