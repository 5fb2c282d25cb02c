package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A scan report reduced to findings. {@code statedCounts} is non-null only for reports that state
 * their counts themselves (gavel-summary); otherwise counts are derived from the findings.
 */
public record ScanFindings(List<Finding> findings, Map<Severity, Integer> statedCounts) {
  public ScanFindings {
    findings = List.copyOf(findings);
    statedCounts = statedCounts == null ? null : Map.copyOf(statedCounts);
  }

  /** Reads a report in one of the request's scan formats; problems name their JSON path. */
  public static ScanFindings read(String format, JsonNode report, String path) throws EvidenceFormatException {
    switch (format) {
      case "sarif":
        return SarifReport.read(report, path);
      case "cyclonedx":
        return CycloneDxReport.read(report, path);
      case "modelscan-json":
        return ModelScanReport.read(report, path);
      case "gavel-summary":
        return SummaryReport.read(report, path);
      default:
        throw new EvidenceFormatException(path, "unknown scan format '" + format + "'");
    }
  }
}
