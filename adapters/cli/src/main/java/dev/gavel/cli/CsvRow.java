package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One ledger entry as a CSV row (RFC 4180 quoting). */
final class CsvRow {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CsvRow() {}

  static String of(long index, String canonical, String hash) {
    try {
      JsonNode e = JSON.readTree(canonical);
      JsonNode p = e.path("payload");
      return String.join(",", Long.toString(index), q(e.path("timestamp").asText()), q(e.path("type").asText()),
          q(p.path("request").path("model").asText("")), q(p.has("allow") ? (p.get("allow").asBoolean() ? "allow" : "deny") : ""),
          q(p.path("decisionId").asText("")), q(hash));
    } catch (java.io.IOException x) {
      return index + ",,,,,," + q(hash);
    }
  }

  private static String q(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
