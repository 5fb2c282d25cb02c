package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ModelScan JSON reports, both the 0.5 layout ({@code issues_by_severity: {SEVERITY: [...]}}) and
 * the later flat one ({@code issues: [{..., severity}]}). A finding's id is
 * {@code module.operator@source}, which is what a waiver names.
 */
final class ModelScanReport {
  private ModelScanReport() {}

  static ScanFindings read(JsonNode report, String path) throws EvidenceFormatException {
    if (!report.isObject()) {
      throw new EvidenceFormatException(path, "ModelScan report must be a JSON object");
    }
    List<Finding> out = new ArrayList<>();
    if (report.has("issues_by_severity")) {
      JsonNode bySev = report.get("issues_by_severity");
      if (!bySev.isObject()) {
        throw new EvidenceFormatException(path + ".issues_by_severity", "must be an object");
      }
      for (Map.Entry<String, JsonNode> e : iterable(bySev)) {
        Severity sev = severity(e.getKey(), path + ".issues_by_severity." + e.getKey());
        for (JsonNode issue : e.getValue()) {
          out.add(finding(issue, sev));
        }
      }
    } else if (report.path("issues").isArray()) {
      JsonNode issues = report.get("issues");
      for (int i = 0; i < issues.size(); i++) {
        JsonNode issue = issues.get(i);
        out.add(finding(issue, severity(issue.path("severity").asText(""), path + ".issues[" + i + "].severity")));
      }
    } else {
      throw new EvidenceFormatException(path, "not a ModelScan JSON report: no issues or issues_by_severity");
    }
    return new ScanFindings(out, null);
  }

  private static Finding finding(JsonNode issue, Severity sev) {
    String op = issue.path("module").asText("") + "." + issue.path("operator").asText("");
    String source = issue.path("source").asText("");
    return new Finding(op + "@" + source, sev, "unsafe-operator:" + op, source);
  }

  private static Severity severity(String word, String path) throws EvidenceFormatException {
    Severity s = Severity.fromWord(word);
    if (s == null) {
      throw new EvidenceFormatException(path, "unknown ModelScan severity '" + word + "'");
    }
    return s;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
    return n::fields;
  }
}
