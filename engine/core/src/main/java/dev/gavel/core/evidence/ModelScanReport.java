package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ModelScan JSON reports, both the 0.5 layout ({@code issues_by_severity: {SEVERITY: [...]}},
 * {@code scanned} at the top) and the later flat one ({@code issues: [{..., severity}]},
 * {@code summary.scanned}). A finding's id is {@code module.operator@source}, which is what a
 * waiver names.
 *
 * <p>A report must say what ModelScan found. One with {@code errors} (ModelScan's exit code 2:
 * some file could not be scanned) or, when it lists no issue, one that scanned no file (exit code
 * 3: the key {@code scanned} is omitted or {@code total_scanned} is 0) is not a clean report: both
 * are bad input. Severities are ModelScan's four (CRITICAL, HIGH, MEDIUM, LOW); anything else is
 * bad input.
 */
final class ModelScanReport {
  private ModelScanReport() {}

  static ScanFindings read(JsonNode report, String path) throws EvidenceFormatException {
    if (!report.isObject()) {
      throw new EvidenceFormatException(path, "ModelScan report must be a JSON object");
    }
    List<Finding> out = new ArrayList<>();
    String scannedPath;
    JsonNode scanned;
    if (report.has("issues_by_severity")) {
      JsonNode bySev = report.get("issues_by_severity");
      if (!bySev.isObject()) {
        throw new EvidenceFormatException(path + ".issues_by_severity", "must be an object");
      }
      Iterator<Map.Entry<String, JsonNode>> it = bySev.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String at = CanonicalForm.child(path + ".issues_by_severity", e.getKey());
        Severity sev = severity(e.getKey(), at);
        issues(e.getValue(), at, sev, out);
      }
      scannedPath = path + ".scanned";
      scanned = report.path("scanned");
    } else if (report.has("issues")) {
      issues(report.get("issues"), path + ".issues", null, out);
      scannedPath = path + ".summary.scanned";
      scanned = report.path("summary").path("scanned");
    } else {
      throw new EvidenceFormatException(path, "not a ModelScan JSON report: no issues or issues_by_severity");
    }
    JsonNode errors = report.path("errors");
    if (!errors.isMissingNode() && !errors.isArray()) {
      throw new EvidenceFormatException(path + ".errors", "must be an array");
    }
    if (!errors.isEmpty()) {
      throw new EvidenceFormatException(path + ".errors", "ModelScan reported " + errors.size() + " error(s): "
          + "the scan is incomplete, so the report is not a scan result");
    }
    if (out.isEmpty()) {
      JsonNode total = scanned.path("total_scanned");
      if (!total.isIntegralNumber() || total.bigIntegerValue().signum() <= 0) {
        throw new EvidenceFormatException(scannedPath, "no file was scanned (" + (scanned.isMissingNode() ? "absent"
            : "total_scanned " + total) + "): a report without issues must show what it scanned");
      }
    }
    return new ScanFindings(out, null);
  }

  /** The issues at {@code path}; each carries its own severity unless {@code sev} (the 0.5 layout) gives it. */
  private static void issues(JsonNode list, String path, Severity sev, List<Finding> out) throws EvidenceFormatException {
    if (!list.isArray()) {
      throw new EvidenceFormatException(path, "must be an array of issues");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode issue = list.get(i);
      String at = path + "[" + i + "]";
      if (!issue.isObject()) {
        throw new EvidenceFormatException(at, "must be an issue object");
      }
      Severity s = sev;
      if (s == null) {
        JsonNode word = issue.path("severity");
        if (!word.isTextual()) {
          throw new EvidenceFormatException(at + ".severity", "must be one of CRITICAL, HIGH, MEDIUM, LOW but got "
              + (word.isMissingNode() ? "nothing" : word.toString()));
        }
        s = severity(word.textValue(), at + ".severity");
      }
      out.add(finding(issue, s));
    }
  }

  private static Finding finding(JsonNode issue, Severity sev) {
    String op = issue.path("module").asText("") + "." + issue.path("operator").asText("");
    String source = issue.path("source").asText("");
    return new Finding(op + "@" + source, sev, "unsafe-operator:" + op, source);
  }

  private static Severity severity(String word, String path) throws EvidenceFormatException {
    switch (word.toUpperCase(Locale.ROOT)) {
      case "CRITICAL":
        return Severity.CRITICAL;
      case "HIGH":
        return Severity.HIGH;
      case "MEDIUM":
        return Severity.MEDIUM;
      case "LOW":
        return Severity.LOW;
      default:
        throw new EvidenceFormatException(path, "unknown ModelScan severity '" + word + "' (one of CRITICAL, HIGH, MEDIUM, LOW)");
    }
  }
}
