package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 results as findings. Severity, first match wins: {@code properties.security-severity}
 * (a CVSS score) on the result, then on its rule; a CRITICAL/HIGH/MEDIUM/LOW tag on the rule (as
 * Trivy writes them); else the level (error high, warning medium, note low). SARIF suppressions
 * are ignored on purpose: only signed waivers remove findings.
 */
final class SarifReport {
  private SarifReport() {}

  static ScanFindings read(JsonNode sarif, String path) throws EvidenceFormatException {
    if (!sarif.isObject()) {
      throw new EvidenceFormatException(path, "SARIF report must be a JSON object");
    }
    String version = sarif.path("version").asText("");
    if (!version.equals("2.1.0")) {
      throw new EvidenceFormatException(path + ".version", "SARIF version must be 2.1.0 but got '" + version + "'");
    }
    JsonNode runs = sarif.path("runs");
    if (!runs.isArray()) {
      throw new EvidenceFormatException(path + ".runs", "must be an array");
    }
    List<Finding> out = new ArrayList<>();
    for (int r = 0; r < runs.size(); r++) {
      JsonNode run = runs.get(r);
      String runPath = path + ".runs[" + r + "]";
      List<JsonNode> rules = new ArrayList<>();
      run.path("tool").path("driver").path("rules").forEach(rules::add);
      Map<String, JsonNode> byId = new HashMap<>();
      for (JsonNode rule : rules) {
        byId.putIfAbsent(rule.path("id").asText(""), rule);
      }
      for (JsonNode ext : run.path("tool").path("extensions")) {
        for (JsonNode rule : ext.path("rules")) {
          byId.putIfAbsent(rule.path("id").asText(""), rule);
        }
      }
      JsonNode results = run.path("results");
      for (int i = 0; i < results.size(); i++) {
        JsonNode res = results.get(i);
        String resPath = runPath + ".results[" + i + "]";
        String kind = res.path("kind").asText("fail");
        if (kind.equals("pass") || kind.equals("notApplicable") || kind.equals("informational")) {
          continue;
        }
        String ruleId = res.path("ruleId").asText(res.path("rule").path("id").asText(""));
        JsonNode rule = null;
        int idx = res.path("ruleIndex").asInt(res.path("rule").path("index").asInt(-1));
        if (idx >= 0 && idx < rules.size()) {
          rule = rules.get(idx);
        } else if (byId.containsKey(ruleId)) {
          rule = byId.get(ruleId);
        }
        if (ruleId.isEmpty() && rule != null) {
          ruleId = rule.path("id").asText("");
        }
        Severity sev = severity(res, rule, resPath);
        out.add(new Finding(ruleId.isEmpty() ? "result-" + r + "-" + i : ruleId, sev, ruleId, location(res)));
      }
    }
    return new ScanFindings(out, null);
  }

  private static Severity severity(JsonNode res, JsonNode rule, String path) throws EvidenceFormatException {
    Severity s = score(res.path("properties").path("security-severity"), path + ".properties.security-severity");
    if (s == null && rule != null) {
      s = score(rule.path("properties").path("security-severity"), path + " (rule properties.security-severity)");
    }
    if (s == null && rule != null) {
      for (JsonNode tag : rule.path("properties").path("tags")) {
        switch (tag.asText()) {
          case "CRITICAL":
            return Severity.CRITICAL;
          case "HIGH":
            return Severity.HIGH;
          case "MEDIUM":
            return Severity.MEDIUM;
          case "LOW":
            return Severity.LOW;
          default:
            break;
        }
      }
    }
    if (s != null) {
      return s;
    }
    String level = res.path("level").asText(rule == null ? "warning"
        : rule.path("defaultConfiguration").path("level").asText("warning"));
    switch (level) {
      case "error":
        return Severity.HIGH;
      case "warning":
        return Severity.MEDIUM;
      case "note":
        return Severity.LOW;
      case "none":
        return Severity.NONE;
      default:
        throw new EvidenceFormatException(path + ".level", "unknown SARIF level '" + level + "'");
    }
  }

  private static Severity score(JsonNode n, String path) throws EvidenceFormatException {
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    try {
      BigDecimal v = n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText().trim());
      if (v.signum() < 0 || v.compareTo(BigDecimal.TEN) > 0) {
        throw new EvidenceFormatException(path, "CVSS score must be between 0 and 10 but got " + n);
      }
      return Severity.fromScore(v);
    } catch (NumberFormatException e) {
      throw new EvidenceFormatException(path, "must be a CVSS score but got " + n);
    }
  }

  private static String location(JsonNode res) {
    JsonNode loc = res.path("locations").path(0).path("physicalLocation");
    String uri = loc.path("artifactLocation").path("uri").asText("");
    int line = loc.path("region").path("startLine").asInt(0);
    return line > 0 ? uri + ":" + line : uri;
  }
}
