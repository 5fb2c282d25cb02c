package dev.gavel.core.evidence;

import dev.gavel.testkit.SharedFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Scanner outputs from ../shared/fixtures/scans, normalised to findings, and malformed variants. */
class ScanReportsTest {

  private static Map<Severity, Long> bySeverity(ScanFindings f) {
    Map<Severity, Long> m = new TreeMap<>();
    f.findings().forEach(x -> m.merge(x.severity(), 1L, Long::sum));
    return m;
  }

  @Test
  void trivySarifTakesTheCvssSecuritySeverity() throws Exception {
    JsonNode sarif = SharedFiles.json(SharedFiles.fixtures("scans").resolve("trivy/alpine-310.sarif.golden"));
    ScanFindings f = ScanFindings.read("sarif", sarif, "$.report");
    assertThat(f.findings()).hasSize(4);
    assertThat(bySeverity(f)).isEqualTo(Map.of(Severity.MEDIUM, 4L));
    assertThat(f.findings()).extracting(Finding::id).containsOnly("CVE-2019-1549", "CVE-2019-1551");
    assertThat(f.findings().get(0).location()).isEqualTo("testdata/fixtures/images/alpine-310.tar.gz:1");
  }

  @Test
  void grypeSarifRuleScoresOverrideTheResultLevel() throws Exception {
    JsonNode sarif = SharedFiles.json(SharedFiles.fixtures("scans").resolve("grype/sarif-TestSarifPresenter_image.golden"));
    ScanFindings f = ScanFindings.read("sarif", sarif, "$.report");
    // one result is level "note", but its rule's security-severity 8.2 makes it high
    assertThat(bySeverity(f)).isEqualTo(Map.of(Severity.HIGH, 2L));
  }

  @Test
  void sarifSeverityFallsBackToTagsThenLevel() throws Exception {
    ObjectNode sarif = (ObjectNode) SharedFiles.JSON.readTree("""
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "t", "rules": [
          {"id": "tagged", "properties": {"tags": ["security", "CRITICAL"]}},
          {"id": "plain", "defaultConfiguration": {"level": "note"}}]}},
          "results": [
            {"ruleId": "tagged", "ruleIndex": 0, "level": "warning", "message": {"text": "x"}},
            {"ruleId": "plain", "ruleIndex": 1, "message": {"text": "x"}},
            {"ruleId": "plain", "level": "error", "message": {"text": "x"}},
            {"ruleId": "scored", "level": "note", "properties": {"security-severity": 9.1}, "message": {"text": "x"}},
            {"ruleId": "passed", "kind": "pass", "level": "error", "message": {"text": "x"}}]}]}
        """);
    assertThat(ScanFindings.read("sarif", sarif, "$.r").findings()).extracting(Finding::severity)
        .containsExactly(Severity.CRITICAL, Severity.LOW, Severity.HIGH, Severity.CRITICAL);
  }

  @Test
  void cycloneDxTakesTheHighestRatingUnlessVexSaysNotAffected() throws Exception {
    JsonNode bom = SharedFiles.json(SharedFiles.fixtures("scans").resolve("cyclonedx-vex/spec-tests/valid-vulnerability-1.6.json"));
    assertThat(ScanFindings.read("cyclonedx", bom, "$.report").findings()).as("analysis.state is not_affected").isEmpty();
    ObjectNode affected = (ObjectNode) bom.deepCopy();
    ((ObjectNode) affected.at("/vulnerabilities/0")).remove("analysis");
    ScanFindings f = ScanFindings.read("cyclonedx", affected, "$.report");
    assertThat(f.findings()).extracting(Finding::id, Finding::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111", Severity.CRITICAL));
  }

  static Stream<Path> vexDocuments() throws Exception {
    Path root = SharedFiles.fixtures("scans").resolve("cyclonedx-vex");
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  /** Every VEX example: vulnerabilities whose analysis says not affected are not findings. */
  @ParameterizedTest
  @MethodSource("vexDocuments")
  void vexStatesThatRuleOutTheVulnerabilityRemoveTheFinding(Path doc) throws Exception {
    JsonNode bom = SharedFiles.json(doc);
    if (bom.path("specVersion").asText().compareTo("1.4") < 0) {
      assertThatThrownBy(() -> ScanFindings.read("cyclonedx", bom, "$.report")).hasMessageContaining("specVersion");
      return;
    }
    if (!bom.has("vulnerabilities")) {
      // an inventory (the use cases' bom-*.json) says nothing about vulnerabilities: not a clean scan
      assertThatThrownBy(() -> ScanFindings.read("cyclonedx", bom, "$.report"))
          .hasMessageStartingWith("$.report.vulnerabilities: is absent");
      return;
    }
    ScanFindings f = ScanFindings.read("cyclonedx", bom, "$.report");
    long applicable = 0;
    for (JsonNode v : bom.path("vulnerabilities")) {
      String state = v.path("analysis").path("state").asText("");
      if (!List.of("not_affected", "false_positive", "resolved", "resolved_with_pedigree").contains(state)) {
        applicable++;
      }
    }
    assertThat(f.findings()).hasSize((int) applicable);
  }

  @Test
  void modelScanNotebookReportsCountTheirIssues() throws Exception {
    JsonNode reports = SharedFiles.json(SharedFiles.fixtures("scans").resolve("modelscan/notebook-reports-v0.5.0.json"));
    assertThat(reports.path("reports").size()).isGreaterThan(0);
    for (JsonNode r : reports.path("reports")) {
      ScanFindings f = ScanFindings.read("modelscan-json", r.get("report"), "$.report");
      JsonNode stated = r.at("/report/summary/total_issues_by_severity");
      for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
        assertThat(f.findings().stream().filter(x -> x.severity() == s).count()).as(r.path("source").asText() + " " + s)
            .isEqualTo(stated.path(s.name()).asLong());
      }
    }
    JsonNode first = reports.at("/reports/0/report");
    assertThat(ScanFindings.read("modelscan-json", first, "$").findings().get(0).id()).startsWith("posix.system@");
  }

  @Test
  void modelScanCurrentLayoutIsReadToo() throws Exception {
    JsonNode r = SharedFiles.JSON.readTree("""
        {"summary": {"total_issues": 1}, "issues": [{"description": "d", "operator": "system", "module": "posix",
         "source": "m.pt:data.pkl", "scanner": "s", "severity": "CRITICAL"}], "errors": []}
        """);
    assertThat(ScanFindings.read("modelscan-json", r, "$").findings())
        .containsExactly(new Finding("posix.system@m.pt:data.pkl", Severity.CRITICAL, "unsafe-operator:posix.system", "m.pt:data.pkl"));
  }

  static Stream<Object[]> malformed() {
    return Stream.of(
        new Object[] {"sarif", "{\"version\": \"2.0.0\", \"runs\": []}", "$.r.version: SARIF version must be 2.1.0 but got '2.0.0'"},
        new Object[] {"sarif", "{\"version\": \"2.1.0\"}", "$.r.runs: must be an array"},
        new Object[] {"sarif", "{\"version\": \"2.1.0\", \"runs\": [{\"results\": [{\"ruleId\": \"x\", \"properties\": {\"security-severity\": \"high\"}}]}]}",
            "$.r.runs[0].results[0].properties.security-severity: must be a CVSS score but got \"high\""},
        new Object[] {"sarif", "{\"version\": \"2.1.0\", \"runs\": [{\"results\": [{\"ruleId\": \"x\", \"level\": \"fatal\"}]}]}",
            "$.r.runs[0].results[0].level: unknown SARIF level 'fatal' (one of error, none, note, warning)"},
        new Object[] {"cyclonedx", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.2\"}",
            "$.r.specVersion: CycloneDX specVersion must be 1.4, 1.5 or 1.6 but got '1.2'"},
        new Object[] {"cyclonedx", "{\"bomFormat\": \"SPDX\"}", "$.r.bomFormat: must be \"CycloneDX\""},
        new Object[] {"cyclonedx", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"vulnerabilities\": [{\"id\": \"c\", \"ratings\": [{\"severity\": \"severe\"}]}]}",
            "$.r.vulnerabilities[0].ratings[0].severity: unknown severity 'severe' (one of critical, high, medium, low, info, none, unknown)"},
        new Object[] {"modelscan-json", "{\"summary\": {}}", "$.r: not a ModelScan JSON report: no issues or issues_by_severity"},
        new Object[] {"gavel-summary", "{\"counts\": {\"critical\": 0, \"high\": -1, \"medium\": 0, \"low\": 0}}",
            "$.r.counts.high: must be a non-negative integer but got -1"},
        new Object[] {"gavel-summary", "{\"counts\": {\"critical\": 0, \"high\": 0, \"medium\": 0, \"low\": 0}, \"findings\": [{\"id\": \"e\", \"severity\": \"high\"}]}",
            "$.r.counts.high: states 0 but 1 high findings are listed"});
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("malformed")
  void malformedReportsAreRejectedWithTheirJsonPath(String format, String report, String message) throws Exception {
    JsonNode r = dev.gavel.json.Json.read(report); // as the request parser reads it: exact decimals
    assertThatThrownBy(() -> ScanFindings.read(format, r, "$.r")).isInstanceOf(EvidenceFormatException.class)
        .hasMessage(message);
  }

  // ---- a report must say what it found: "found nothing" is explicit in every format ----

  static final String SARIF_RUN = "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"t\"}}, %s}]}";
  static final String BOM = "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\"%s}";
  static final String SUMMARY_ZERO = "{\"counts\": {\"critical\": 0, \"high\": 0, \"medium\": 0, \"low\": 0}%s}";

  static Stream<Object[]> reportsThatDoNotSayWhatTheyFound() {
    return Stream.of(
        new Object[] {"sarif", SARIF_RUN.formatted("\"results\": null"),
            "$.r.runs[0].results: is null: the tool failed or did not run (SARIF 2.1.0 §3.14.23); a scan that found nothing has \"results\": []"},
        new Object[] {"sarif", SARIF_RUN.formatted("\"columnKind\": \"utf16CodeUnits\""),
            "$.r.runs[0].results: is absent: the tool failed or did not run (SARIF 2.1.0 §3.14.23); a scan that found nothing has \"results\": []"},
        new Object[] {"sarif", SARIF_RUN.formatted("\"results\": {}"), "$.r.runs[0].results: must be an array; a scan that found nothing has \"results\": []"},
        new Object[] {"sarif", "{\"version\": \"2.1.0\", \"runs\": []}", "$.r.runs: has no run: the log does not say what any tool found"},
        new Object[] {"sarif", "{\"version\": \"2.1.0\", \"runs\": null}", "$.r.runs: must be an array"},
        new Object[] {"sarif", "{\"version\": \"2.1.0\", \"runs\": [null]}", "$.r.runs[0]: must be a SARIF run object"},
        new Object[] {"sarif", SARIF_RUN.formatted("\"invocations\": [{\"executionSuccessful\": false}], \"results\": []"),
            "$.r.runs[0].invocations[0].executionSuccessful: is false: the tool did not complete, so the log is not a scan result"},
        new Object[] {"cyclonedx", BOM.formatted(""),
            "$.r.vulnerabilities: is absent: this BOM does not report vulnerabilities; a scan that found none has \"vulnerabilities\": []"},
        new Object[] {"cyclonedx", BOM.formatted(", \"vulnerabilities\": null"), "$.r.vulnerabilities: must be an array"},
        new Object[] {"modelscan-json", "{\"summary\": {\"scanned\": {\"total_scanned\": 1}}, \"issues\": [], \"errors\": [{\"source\": \"m.pt\"}]}",
            "$.r.errors: ModelScan reported 1 error(s): the scan is incomplete, so the report is not a scan result"},
        new Object[] {"modelscan-json", "{\"summary\": {\"total_issues\": 0}, \"issues\": [], \"errors\": []}",
            "$.r.summary.scanned: no file was scanned (absent): a report without issues must show what it scanned"},
        new Object[] {"modelscan-json", "{\"issues_by_severity\": {}, \"errors\": [], \"scanned\": {\"total_scanned\": 0}}",
            "$.r.scanned: no file was scanned (total_scanned 0): a report without issues must show what it scanned"},
        new Object[] {"modelscan-json", "{\"issues\": null}", "$.r.issues: must be an array of issues"},
        new Object[] {"gavel-summary", "{\"findings\": []}", "$.r.counts: required object is missing"},
        new Object[] {"gavel-summary", "{\"counts\": {\"critical\": 0, \"high\": 0, \"medium\": 0}}",
            "$.r.counts.low: must be a non-negative integer but got nothing"});
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("reportsThatDoNotSayWhatTheyFound")
  void aReportThatDoesNotSayWhatItFoundIsBadInputNeverClean(String format, String report, String message) throws Exception {
    malformedReportsAreRejectedWithTheirJsonPath(format, report, message);
  }

  static Stream<Object[]> explicitlyCleanReports() {
    return Stream.of(
        new Object[] {"sarif", SARIF_RUN.formatted("\"invocations\": [{\"executionSuccessful\": true}], \"results\": []")},
        new Object[] {"cyclonedx", BOM.formatted(", \"vulnerabilities\": []")},
        new Object[] {"modelscan-json", "{\"summary\": {\"scanned\": {\"total_scanned\": 2}}, \"issues\": [], \"errors\": []}"},
        new Object[] {"modelscan-json", "{\"issues_by_severity\": {}, \"errors\": [], \"scanned\": {\"total_scanned\": 1}}"},
        new Object[] {"gavel-summary", SUMMARY_ZERO.formatted("")},
        new Object[] {"gavel-summary", SUMMARY_ZERO.formatted(", \"findings\": []")});
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("explicitlyCleanReports")
  void aReportThatSaysItFoundNothingIsClean(String format, String report) throws Exception {
    ScanFindings f = ScanFindings.read(format, SharedFiles.JSON.readTree(report), "$.r");
    assertThat(f.findings()).isEmpty();
  }

  // ---- one rule for severities: absent is unknown, malformed is bad input ----

  static final String VULN = "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"vulnerabilities\": [{\"id\": \"CVE-1\"%s}]}";
  static final String RESULT = "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"t\", \"rules\": [{\"id\": \"R\"%s}]}},"
      + " \"results\": [{\"ruleId\": \"R\", \"ruleIndex\": 0%s}]}]}";
  static final String ISSUE = "{\"summary\": {\"scanned\": {\"total_scanned\": 1}}, \"errors\": [], \"issues\": [{\"module\": \"posix\", \"operator\": \"system\", \"source\": \"m.pt\"%s}]}";

  static Stream<Object[]> malformedSeverities() {
    return Stream.of(
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [{\"severity\": 5}]"),
            "$.r.vulnerabilities[0].ratings[0].severity: unknown severity 5 (one of critical, high, medium, low, info, none, unknown)"},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [{\"severity\": null}]"),
            "$.r.vulnerabilities[0].ratings[0].severity: unknown severity null (one of critical, high, medium, low, info, none, unknown)"},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": \"x\""), "$.r.vulnerabilities[0].ratings: must be an array of rating objects"},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": {\"severity\": \"low\"}"),
            "$.r.vulnerabilities[0].ratings: must be an array of rating objects"},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [\"high\"]"), "$.r.vulnerabilities[0].ratings[0]: must be a rating object"},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [{\"score\": \"9.8\"}]"),
            "$.r.vulnerabilities[0].ratings[0].score: must be a CVSS score (a number) but got \"9.8\""},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [{\"score\": 11, \"severity\": \"low\"}]"),
            "$.r.vulnerabilities[0].ratings[0].score: CVSS score must be between 0 and 10 but got 11"},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [{\"score\": -0.1}]"),
            "$.r.vulnerabilities[0].ratings[0].score: CVSS score must be between 0 and 10 but got -0.1"},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [{\"score\": 1e400}]"),
            "$.r.vulnerabilities[0].ratings[0].score: CVSS score must be between 0 and 10 but got 1E+400"},
        new Object[] {"sarif", RESULT.formatted("", ", \"properties\": {\"security-severity\": null}"),
            "$.r.runs[0].results[0].properties.security-severity: must be a CVSS score but got null"},
        new Object[] {"sarif", RESULT.formatted("", ", \"properties\": {\"security-severity\": {}}"),
            "$.r.runs[0].results[0].properties.security-severity: must be a CVSS score but got {}"},
        new Object[] {"sarif", RESULT.formatted(", \"properties\": {\"security-severity\": \"10.5\"}", ""),
            "$.r.runs[0].tool.driver.rules[0].properties.security-severity: CVSS score must be between 0 and 10 but got \"10.5\""},
        new Object[] {"sarif", RESULT.formatted(", \"properties\": {\"tags\": \"CRITICAL\"}", ""),
            "$.r.runs[0].tool.driver.rules[0].properties.tags: must be an array of strings"},
        new Object[] {"sarif", RESULT.formatted("", ", \"level\": 5"),
            "$.r.runs[0].results[0].level: unknown SARIF level 5 (one of error, none, note, warning)"},
        new Object[] {"sarif", RESULT.formatted("", ", \"level\": null"),
            "$.r.runs[0].results[0].level: unknown SARIF level null (one of error, none, note, warning)"},
        new Object[] {"sarif", RESULT.formatted(", \"defaultConfiguration\": {\"level\": \"fatal\"}", ""),
            "$.r.runs[0].tool.driver.rules[0].defaultConfiguration.level: unknown SARIF level 'fatal' (one of error, none, note, warning)"},
        new Object[] {"sarif", RESULT.formatted("", ", \"kind\": \"passed\""),
            "$.r.runs[0].results[0].kind: unknown SARIF kind 'passed' (one of fail, informational, notApplicable, open, pass, review)"},
        new Object[] {"modelscan-json", ISSUE.formatted(", \"severity\": \"SEVERE\""),
            "$.r.issues[0].severity: unknown ModelScan severity 'SEVERE' (one of CRITICAL, HIGH, MEDIUM, LOW)"},
        new Object[] {"modelscan-json", ISSUE.formatted(", \"severity\": 5"),
            "$.r.issues[0].severity: must be one of CRITICAL, HIGH, MEDIUM, LOW but got 5"},
        new Object[] {"modelscan-json", ISSUE.formatted(""), "$.r.issues[0].severity: must be one of CRITICAL, HIGH, MEDIUM, LOW but got nothing"},
        new Object[] {"modelscan-json", ISSUE.formatted(", \"severity\": \"unknown\""),
            "$.r.issues[0].severity: unknown ModelScan severity 'unknown' (one of CRITICAL, HIGH, MEDIUM, LOW)"},
        new Object[] {"modelscan-json", "{\"issues_by_severity\": {\"CRITICAL\": \"posix.system\"}}",
            "$.r.issues_by_severity.CRITICAL: must be an array of issues"},
        new Object[] {"modelscan-json", "{\"issues_by_severity\": {\"CRITICAL\": [5]}}", "$.r.issues_by_severity.CRITICAL[0]: must be an issue object"},
        new Object[] {"modelscan-json", "{\"issues_by_severity\": {\"FATAL\": []}}",
            "$.r.issues_by_severity.FATAL: unknown ModelScan severity 'FATAL' (one of CRITICAL, HIGH, MEDIUM, LOW)"},
        new Object[] {"gavel-summary", "{\"counts\": {\"critical\": 18446744073709551616, \"high\": 0, \"medium\": 0, \"low\": 0}}",
            "$.r.counts.critical: must be at most 2147483647 but got 18446744073709551616"},
        new Object[] {"gavel-summary", "{\"counts\": {\"critical\": 1.5, \"high\": 0, \"medium\": 0, \"low\": 0}}",
            "$.r.counts.critical: must be a non-negative integer but got 1.5"},
        new Object[] {"gavel-summary", SUMMARY_ZERO.formatted("").replace("\"low\": 0", "\"low\": 0, \"severe\": 1"),
            "$.r.counts.severe: unknown severity (counts are critical, high, medium, low and unknown)"},
        new Object[] {"gavel-summary", SUMMARY_ZERO.formatted(", \"findings\": [{\"id\": \"E\", \"severity\": 5}]"),
            "$.r.findings[0].severity: must be critical, high, medium, low, none or unknown"},
        new Object[] {"gavel-summary", SUMMARY_ZERO.formatted(", \"findings\": [{\"id\": \"E\", \"severity\": \"unknown\"}]"),
            "$.r.counts.unknown: states 0 but 1 unknown findings are listed"});
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("malformedSeverities")
  void aMalformedSeverityIsBadInputNeverUnknown(String format, String report, String message) throws Exception {
    malformedReportsAreRejectedWithTheirJsonPath(format, report, message);
  }

  static Stream<Object[]> absentSeverities() {
    return Stream.of(
        new Object[] {"cyclonedx", VULN.formatted(""), Severity.UNKNOWN},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": []"), Severity.UNKNOWN},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [{\"method\": \"other\"}]"), Severity.UNKNOWN},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [{\"severity\": \"unknown\"}, {\"severity\": \"medium\"}]"), Severity.UNKNOWN},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [{\"score\": 9.8}, {\"severity\": \"unknown\"}]"), Severity.CRITICAL},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [{\"severity\": \"HIGH\"}]"), Severity.HIGH},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [{\"severity\": \"unknown\", \"score\": 7.5}]"), Severity.HIGH},
        new Object[] {"cyclonedx", VULN.formatted(", \"ratings\": [{\"severity\": \"low\", \"score\": 9.9}]"), Severity.LOW},
        new Object[] {"sarif", RESULT.formatted("", ""), Severity.MEDIUM},
        new Object[] {"sarif", RESULT.formatted(", \"properties\": {\"security-severity\": \"0\"}", ""), Severity.NONE},
        new Object[] {"gavel-summary", "{\"counts\": {\"critical\": 0, \"high\": 0, \"medium\": 0, \"low\": 0, \"unknown\": 1},"
            + " \"findings\": [{\"id\": \"E\", \"severity\": \"unknown\"}]}", Severity.UNKNOWN});
  }

  /** Well-formed reports that do not rate a finding: unknown (the policy limits those), or the format's default. */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("absentSeverities")
  void aFindingItsReportDoesNotRateIsUnknown(String format, String report, Severity expected) throws Exception {
    ScanFindings f = ScanFindings.read(format, SharedFiles.JSON.readTree(report), "$.r");
    assertThat(f.findings()).extracting(Finding::severity).containsExactly(expected);
  }

  @Test
  void statedUnknownCountsOfASummaryAreCounted() throws Exception {
    ObjectNode r = EvidenceRequests.request(List.<String[]>of(new String[] {"m", "a".repeat(64)}));
    ObjectNode scan = r.putArray("scans").addObject();
    scan.put("tool", "t").put("kind", "evaluation").put("format", "gavel-summary").put("completedAt", "2026-11-30T00:00:00Z");
    scan.putObject("subject").put("sha256", "a".repeat(64));
    scan.set("report", SharedFiles.JSON.readTree("{\"counts\": {\"critical\": 0, \"high\": 0, \"medium\": 0, \"low\": 0, \"unknown\": 4}}"));
    assertThat(EvidenceRequests.verify(r, TrustRoots.NONE).at("/scans/0/counts/unknown").asInt()).isEqualTo(4);
  }

  // ---- no malformed report crashes the reader: every variant is a finding list or bad input ----

  static Stream<Object[]> reportsToCorrupt() throws Exception {
    Path scans = SharedFiles.fixtures("scans");
    return Stream.of(
        new Object[] {"sarif", SharedFiles.json(scans.resolve("trivy/alpine-310.sarif.golden"))},
        new Object[] {"sarif", SharedFiles.json(scans.resolve("grype/sarif-TestSarifPresenter_image.golden"))},
        new Object[] {"cyclonedx", SharedFiles.json(scans.resolve("cyclonedx-vex/CISA-Use-Cases/Case-8/vex.json"))},
        new Object[] {"cyclonedx", SharedFiles.json(scans.resolve("cyclonedx-vex/spec-tests/valid-vulnerability-1.6.json"))},
        new Object[] {"modelscan-json", SharedFiles.json(scans.resolve("modelscan/notebook-reports-v0.5.0.json")).at("/reports/3/report")},
        new Object[] {"modelscan-json", dev.gavel.core.fixtures.DemoEvidence.modelscan(new String[] {"posix", "system", "CRITICAL", "m.pt:data.pkl"})},
        new Object[] {"gavel-summary", dev.gavel.core.fixtures.DemoEvidence.summary(0, 1, 1, 0, new String[] {"E-1", "high", "r"})});
  }

  /** Values no report field expects: every one of them, at every position, must be read or rejected with a path. */
  static final List<String> ODD_VALUES = List.of("null", "true", "0", "-1", "2.5", "1e308", "18446744073709551616", "\"\"", "\"x\"",
      "{}", "[]", "[null]", "{\"a\": [1]}");

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("reportsToCorrupt")
  void everyCorruptedVariantOfARealReportIsReadOrRejectedWithAPath(String format, JsonNode report) throws Exception {
    List<String> pointers = new java.util.ArrayList<>();
    pointers(report, "", pointers);
    int rejected = 0;
    for (String ptr : pointers) {
      for (String odd : ODD_VALUES) {
        JsonNode bad = replace(report, ptr, dev.gavel.json.Json.read(odd));
        try {
          ScanFindings.read(format, bad, "$.r");
        } catch (EvidenceFormatException e) {
          assertThat(e.problem().path()).as(ptr + " = " + odd).startsWith("$.r");
          rejected++;
        } catch (RuntimeException e) {
          throw new AssertionError(format + ": " + ptr + " = " + odd + " crashed the reader", e);
        }
      }
    }
    assertThat(rejected).as("some variants are malformed").isPositive();
  }

  private static void pointers(JsonNode n, String at, List<String> out) {
    out.add(at);
    if (n.isObject()) {
      n.fieldNames().forEachRemaining(k -> pointers(n.get(k), at + "/" + k.replace("~", "~0").replace("/", "~1"), out));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        pointers(n.get(i), at + "/" + i, out);
      }
    }
  }

  private static JsonNode replace(JsonNode doc, String pointer, JsonNode value) {
    if (pointer.isEmpty()) {
      return value;
    }
    JsonNode copy = doc.deepCopy();
    com.fasterxml.jackson.core.JsonPointer p = com.fasterxml.jackson.core.JsonPointer.compile(pointer);
    JsonNode parent = copy.at(p.head());
    String last = p.last().getMatchingProperty();
    if (parent.isArray()) {
      ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(p.last().getMatchingIndex(), value);
    } else {
      ((ObjectNode) parent).set(last, value);
    }
    return copy;
  }
}
