package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SARIF 2.1.0 results as findings. Severity, first match wins: {@code properties.security-severity}
 * (a CVSS score) on the result, then on its rule; a CRITICAL/HIGH/MEDIUM/LOW tag on the rule (as
 * Trivy writes them); else the level (error high, warning medium, note low). SARIF suppressions
 * are ignored on purpose: only signed waivers remove findings.
 *
 * <p>A log must say what the tool found (SARIF 2.1.0 §3.14.23): every run carries {@code results},
 * an empty array when nothing was found. {@code results} null or absent means the tool failed or
 * did not run, so is an invocation with {@code executionSuccessful: false}, and so is a log
 * without runs: none of them is a clean scan, all are bad input. A severity, level, kind or tag
 * list that is present but malformed is bad input too, never a guess.
 */
final class SarifReport {
  /** SARIF 2.1.0 §3.27.9: results of these kinds are not problems. */
  private static final Set<String> NOT_PROBLEMS = Set.of("pass", "notApplicable", "informational");
  private static final Set<String> KINDS = Set.of("pass", "open", "review", "fail", "notApplicable", "informational");

  private SarifReport() {}

  private record Rule(JsonNode node, String path) {}

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
    if (runs.isEmpty()) {
      throw new EvidenceFormatException(path + ".runs", "has no run: the log does not say what any tool found");
    }
    List<Finding> out = new ArrayList<>();
    for (int r = 0; r < runs.size(); r++) {
      JsonNode run = runs.get(r);
      String runPath = path + ".runs[" + r + "]";
      if (!run.isObject()) {
        throw new EvidenceFormatException(runPath, "must be a SARIF run object");
      }
      checkInvocations(run, runPath);
      List<Rule> rules = rules(run.path("tool").path("driver"), runPath + ".tool.driver");
      Map<String, Rule> byId = new HashMap<>();
      for (Rule rule : rules) {
        byId.putIfAbsent(rule.node().path("id").asText(""), rule);
      }
      JsonNode extensions = array(run.path("tool").path("extensions"), runPath + ".tool.extensions");
      for (int e = 0; e < extensions.size(); e++) {
        for (Rule rule : rules(extensions.get(e), runPath + ".tool.extensions[" + e + "]")) {
          byId.putIfAbsent(rule.node().path("id").asText(""), rule);
        }
      }
      JsonNode results = run.path("results");
      if (!results.isArray()) {
        throw new EvidenceFormatException(runPath + ".results", (results.isMissingNode() || results.isNull()
            ? "is " + (results.isNull() ? "null" : "absent") + ": the tool failed or did not run (SARIF 2.1.0 §3.14.23)"
            : "must be an array")
            + "; a scan that found nothing has \"results\": []");
      }
      for (int i = 0; i < results.size(); i++) {
        JsonNode res = results.get(i);
        String resPath = runPath + ".results[" + i + "]";
        if (!res.isObject()) {
          throw new EvidenceFormatException(resPath, "must be a SARIF result object");
        }
        String kind = word(res.path("kind"), resPath + ".kind", KINDS, "fail");
        if (NOT_PROBLEMS.contains(kind)) {
          continue;
        }
        String ruleId = res.path("ruleId").asText(res.path("rule").path("id").asText(""));
        Rule rule = null;
        int idx = res.path("ruleIndex").asInt(res.path("rule").path("index").asInt(-1));
        if (idx >= 0 && idx < rules.size()) {
          rule = rules.get(idx);
        } else if (byId.containsKey(ruleId)) {
          rule = byId.get(ruleId);
        }
        if (ruleId.isEmpty() && rule != null) {
          ruleId = rule.node().path("id").asText("");
        }
        Severity sev = severity(res, rule, resPath);
        out.add(new Finding(ruleId.isEmpty() ? "result-" + r + "-" + i : ruleId, sev, ruleId, location(res)));
      }
    }
    return new ScanFindings(out, null);
  }

  /** A run whose tool reported that it did not complete says nothing reliable about what it found. */
  private static void checkInvocations(JsonNode run, String runPath) throws EvidenceFormatException {
    JsonNode invocations = array(run.path("invocations"), runPath + ".invocations");
    for (int i = 0; i < invocations.size(); i++) {
      JsonNode ok = invocations.path(i).path("executionSuccessful");
      String at = runPath + ".invocations[" + i + "].executionSuccessful";
      if (!ok.isMissingNode() && !ok.isBoolean()) {
        throw new EvidenceFormatException(at, "must be a boolean");
      }
      if (ok.isBoolean() && !ok.booleanValue()) {
        throw new EvidenceFormatException(at, "is false: the tool did not complete, so the log is not a scan result");
      }
    }
  }

  private static List<Rule> rules(JsonNode component, String componentPath) throws EvidenceFormatException {
    List<Rule> rules = new ArrayList<>();
    JsonNode list = array(component.path("rules"), componentPath + ".rules");
    for (int i = 0; i < list.size(); i++) {
      rules.add(new Rule(list.get(i), componentPath + ".rules[" + i + "]"));
    }
    return rules;
  }

  /** An optional SARIF array property: absent reads as empty, anything else but an array is bad input. */
  private static JsonNode array(JsonNode n, String path) throws EvidenceFormatException {
    if (!n.isMissingNode() && !n.isArray()) {
      throw new EvidenceFormatException(path, "must be an array");
    }
    return n;
  }

  private static Severity severity(JsonNode res, Rule rule, String path) throws EvidenceFormatException {
    Severity s = score(res.path("properties").path("security-severity"), path + ".properties.security-severity");
    if (s == null && rule != null) {
      s = score(rule.node().path("properties").path("security-severity"), rule.path() + ".properties.security-severity");
    }
    if (s != null) {
      return s;
    }
    if (rule != null) {
      JsonNode tags = rule.node().path("properties").path("tags");
      if (!tags.isMissingNode() && !tags.isArray()) {
        throw new EvidenceFormatException(rule.path() + ".properties.tags", "must be an array of strings");
      }
      for (JsonNode tag : tags) {
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
    String level;
    if (res.has("level")) {
      level = word(res.get("level"), path + ".level", LEVELS, null);
    } else if (rule != null && rule.node().path("defaultConfiguration").has("level")) {
      level = word(rule.node().path("defaultConfiguration").get("level"), rule.path() + ".defaultConfiguration.level",
          LEVELS, null);
    } else {
      level = "warning"; // SARIF 2.1.0 §3.27.10: the default level
    }
    switch (level) {
      case "error":
        return Severity.HIGH;
      case "warning":
        return Severity.MEDIUM;
      case "note":
        return Severity.LOW;
      default:
        return Severity.NONE;
    }
  }

  private static final Set<String> LEVELS = Set.of("none", "note", "warning", "error");

  /** An enumerated SARIF string property: absent gives {@code absent}; anything else must be one of {@code allowed}. */
  private static String word(JsonNode n, String path, Set<String> allowed, String absent) throws EvidenceFormatException {
    if (n.isMissingNode() && absent != null) {
      return absent;
    }
    if (!n.isTextual() || !allowed.contains(n.textValue())) {
      throw new EvidenceFormatException(path, "unknown SARIF " + path.substring(path.lastIndexOf('.') + 1) + " "
          + (n.isTextual() ? "'" + n.textValue() + "'" : n.toString()) + " (one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
    }
    return n.textValue();
  }

  /** A CVSS score, as a string (what GitHub code scanning specifies) or a number; absent gives null. */
  private static Severity score(JsonNode n, String path) throws EvidenceFormatException {
    if (n.isMissingNode()) {
      return null;
    }
    return Severity.fromCvss(n, path, true);
  }

  private static String location(JsonNode res) {
    JsonNode loc = res.path("locations").path(0).path("physicalLocation");
    String uri = loc.path("artifactLocation").path("uri").asText("");
    int line = loc.path("region").path("startLine").asInt(0);
    return line > 0 ? uri + ":" + line : uri;
  }
}
