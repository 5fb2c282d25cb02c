package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Normalises one scan of the request to {@code {tool, kind, format, subjectMatches, completedAt,
 * ageSeconds, counts, findings}}. Counts are taken after VEX (in the report) and after the
 * request's valid waivers, which are applied here so a policy cannot forget them.
 */
final class ScanEvidence {
  private static final List<Severity> COUNTED = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM,
      Severity.LOW, Severity.UNKNOWN);

  private ScanEvidence() {}

  static ObjectNode verify(JsonNode scan, String path, List<String> artifacts, Instant at, Set<String> waived)
      throws EvidenceFormatException {
    String format = scan.path("format").asText("");
    JsonNode report = scan.path("report");
    if (report.isTextual()) {
      throw new EvidenceFormatException(path + ".report", "must be the report itself (a JSON object), not a string");
    }
    boolean monitoring = scan.path("kind").asText("").equals("monitoring");
    if (monitoring) {
      return monitoring(scan, path, artifacts, at, format, report);
    }
    if (format.equals("evidently-json")) {
      throw new EvidenceFormatException(path + ".format", "evidently-json is a monitoring report: its scan's kind is monitoring");
    }
    ScanFindings read = ScanFindings.read(format, report, path + ".report");
    Instant completed = Rfc3339.parse(scan.path("completedAt"), path + ".completedAt");
    String subject = scan.path("subject").path("sha256").asText("");

    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    COUNTED.forEach(s -> counts.put(s, 0));
    if (read.statedCounts() != null) {
      counts.putAll(read.statedCounts());
    }
    ArrayNode findings = JsonNodeFactory.instance.arrayNode();
    int waivedCount = 0;
    for (Finding f : read.findings()) {
      boolean isWaived = waived.contains(f.id());
      ObjectNode o = findings.addObject();
      o.put("id", f.id());
      o.put("severity", f.severity().json());
      o.put("rule", f.rule());
      o.put("location", f.location());
      o.put("waived", isWaived);
      if (isWaived) {
        waivedCount++;
      }
      if (!counts.containsKey(f.severity())) {
        continue;
      }
      if (read.statedCounts() == null && !isWaived) {
        counts.merge(f.severity(), 1, Integer::sum);
      } else if (read.statedCounts() != null && isWaived) {
        counts.merge(f.severity(), -1, Integer::sum);
      }
    }
    ObjectNode fact = JsonNodeFactory.instance.objectNode();
    fact.put("tool", scan.path("tool").asText(""));
    fact.put("kind", scan.path("kind").asText(""));
    fact.put("format", format);
    fact.put("subject", subject);
    fact.put("subjectMatches", artifacts.contains(subject));
    fact.put("completedAt", scan.path("completedAt").asText());
    fact.put("ageSeconds", Duration.between(completed, at).getSeconds());
    ObjectNode c = fact.putObject("counts");
    COUNTED.forEach(s -> c.put(s.json(), counts.get(s)));
    fact.put("waived", waivedCount);
    fact.set("findings", findings);
    return fact;
  }

  /**
   * A canary's monitoring ({@code kind: monitoring}): the same subject, time and age as any scan,
   * and under {@code monitoring} the drift per feature and the performance against the baseline
   * ({@link MonitoringReport}); no counts or findings, which it does not have.
   */
  private static ObjectNode monitoring(JsonNode scan, String path, List<String> artifacts, Instant at, String format,
      JsonNode report) throws EvidenceFormatException {
    MonitoringReport read = switch (format) {
      case "evidently-json" -> EvidentlyReport.read(report, path + ".report");
      case "gavel-summary" -> MonitoringSummary.read(report, path + ".report");
      default -> throw new EvidenceFormatException(path + ".format", "a monitoring scan's format is evidently-json or gavel-summary, not '"
          + format + "'");
    };
    Instant completed = Rfc3339.parse(scan.path("completedAt"), path + ".completedAt");
    String subject = scan.path("subject").path("sha256").asText("");
    ObjectNode fact = JsonNodeFactory.instance.objectNode();
    fact.put("tool", scan.path("tool").asText(""));
    fact.put("kind", "monitoring");
    fact.put("format", format);
    fact.put("subject", subject);
    fact.put("subjectMatches", artifacts.contains(subject));
    fact.put("completedAt", scan.path("completedAt").asText());
    fact.put("ageSeconds", Duration.between(completed, at).getSeconds());
    fact.set("monitoring", read.toJson());
    return fact;
  }
}
