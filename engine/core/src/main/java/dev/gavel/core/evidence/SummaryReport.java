package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code gavel-summary} format: a report already normalised to
 * {@code {counts: {critical, high, medium, low}, findings: [{id, severity, rule, location}]}}, for
 * tools with no standard format (evaluation harnesses).
 */
final class SummaryReport {
  private static final List<Severity> COUNTED = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW);

  private SummaryReport() {}

  static ScanFindings read(JsonNode report, String path) throws EvidenceFormatException {
    if (!report.isObject()) {
      throw new EvidenceFormatException(path, "gavel-summary report must be a JSON object");
    }
    JsonNode counts = report.path("counts");
    if (!counts.isObject()) {
      throw new EvidenceFormatException(path + ".counts", "required object is missing");
    }
    Map<Severity, Integer> stated = new EnumMap<>(Severity.class);
    for (Severity s : COUNTED) {
      JsonNode c = counts.path(s.json());
      if (!c.isIntegralNumber() || c.asLong() < 0 || c.asLong() > Integer.MAX_VALUE) {
        throw new EvidenceFormatException(path + ".counts." + s.json(), "must be a non-negative integer but got "
            + (c.isMissingNode() ? "nothing" : c.toString()));
      }
      stated.put(s, c.asInt());
    }
    List<Finding> out = new ArrayList<>();
    JsonNode findings = report.path("findings");
    if (!findings.isMissingNode() && !findings.isArray()) {
      throw new EvidenceFormatException(path + ".findings", "must be an array");
    }
    for (int i = 0; i < findings.size(); i++) {
      JsonNode f = findings.get(i);
      String at = path + ".findings[" + i + "]";
      if (!f.path("id").isTextual()) {
        throw new EvidenceFormatException(at + ".id", "required string is missing");
      }
      Severity sev = Severity.fromWord(f.path("severity").asText(""));
      if (sev == null) {
        throw new EvidenceFormatException(at + ".severity", "must be critical, high, medium, low, none or unknown");
      }
      out.add(new Finding(f.get("id").asText(), sev, f.path("rule").asText(""), f.path("location").asText("")));
    }
    for (Severity s : COUNTED) {
      long listed = out.stream().filter(f -> f.severity() == s).count();
      if (listed > stated.get(s)) {
        throw new EvidenceFormatException(path + ".counts." + s.json(), "states " + stated.get(s) + " but "
            + listed + " " + s.json() + " findings are listed");
      }
    }
    return new ScanFindings(out, stated);
  }
}
