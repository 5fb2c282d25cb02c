package dev.gavel.core.evidence;

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
    JsonNode sarif = SharedFixtures.json(SharedFixtures.dir("scans").resolve("trivy/alpine-310.sarif.golden"));
    ScanFindings f = ScanFindings.read("sarif", sarif, "$.report");
    assertThat(f.findings()).hasSize(4);
    assertThat(bySeverity(f)).isEqualTo(Map.of(Severity.MEDIUM, 4L));
    assertThat(f.findings()).extracting(Finding::id).containsOnly("CVE-2019-1549", "CVE-2019-1551");
    assertThat(f.findings().get(0).location()).isEqualTo("testdata/fixtures/images/alpine-310.tar.gz:1");
  }

  @Test
  void grypeSarifRuleScoresOverrideTheResultLevel() throws Exception {
    JsonNode sarif = SharedFixtures.json(SharedFixtures.dir("scans").resolve("grype/sarif-TestSarifPresenter_image.golden"));
    ScanFindings f = ScanFindings.read("sarif", sarif, "$.report");
    // one result is level "note", but its rule's security-severity 8.2 makes it high
    assertThat(bySeverity(f)).isEqualTo(Map.of(Severity.HIGH, 2L));
  }

  @Test
  void sarifSeverityFallsBackToTagsThenLevel() throws Exception {
    ObjectNode sarif = (ObjectNode) SharedFixtures.JSON.readTree("""
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
    JsonNode bom = SharedFixtures.json(SharedFixtures.dir("scans").resolve("cyclonedx-vex/spec-tests/valid-vulnerability-1.6.json"));
    assertThat(ScanFindings.read("cyclonedx", bom, "$.report").findings()).as("analysis.state is not_affected").isEmpty();
    ObjectNode affected = (ObjectNode) bom.deepCopy();
    ((ObjectNode) affected.at("/vulnerabilities/0")).remove("analysis");
    ScanFindings f = ScanFindings.read("cyclonedx", affected, "$.report");
    assertThat(f.findings()).extracting(Finding::id, Finding::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111", Severity.CRITICAL));
  }

  static Stream<Path> vexDocuments() throws Exception {
    Path root = SharedFixtures.dir("scans").resolve("cyclonedx-vex");
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  /** Every VEX example: vulnerabilities whose analysis says not affected are not findings. */
  @ParameterizedTest
  @MethodSource("vexDocuments")
  void vexStatesThatRuleOutTheVulnerabilityRemoveTheFinding(Path doc) throws Exception {
    JsonNode bom = SharedFixtures.json(doc);
    if (bom.path("specVersion").asText().compareTo("1.4") < 0) {
      assertThatThrownBy(() -> ScanFindings.read("cyclonedx", bom, "$.report")).hasMessageContaining("specVersion");
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
    JsonNode reports = SharedFixtures.json(SharedFixtures.dir("scans").resolve("modelscan/notebook-reports-v0.5.0.json"));
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
    JsonNode r = SharedFixtures.JSON.readTree("""
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
            "$.r.runs[0].results[0].level: unknown SARIF level 'fatal'"},
        new Object[] {"cyclonedx", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.2\"}",
            "$.r.specVersion: CycloneDX specVersion must be 1.4, 1.5 or 1.6 but got '1.2'"},
        new Object[] {"cyclonedx", "{\"bomFormat\": \"SPDX\"}", "$.r.bomFormat: must be \"CycloneDX\""},
        new Object[] {"cyclonedx", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"vulnerabilities\": [{\"id\": \"c\", \"ratings\": [{\"severity\": \"severe\"}]}]}",
            "$.r.vulnerabilities[0].ratings[0].severity: unknown severity 'severe'"},
        new Object[] {"modelscan-json", "{\"summary\": {}}", "$.r: not a ModelScan JSON report: no issues or issues_by_severity"},
        new Object[] {"gavel-summary", "{\"counts\": {\"critical\": 0, \"high\": -1, \"medium\": 0, \"low\": 0}}",
            "$.r.counts.high: must be a non-negative integer but got -1"},
        new Object[] {"gavel-summary", "{\"counts\": {\"critical\": 0, \"high\": 0, \"medium\": 0, \"low\": 0}, \"findings\": [{\"id\": \"e\", \"severity\": \"high\"}]}",
            "$.r.counts.high: states 0 but 1 high findings are listed"});
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("malformed")
  void malformedReportsAreRejectedWithTheirJsonPath(String format, String report, String message) throws Exception {
    JsonNode r = SharedFixtures.JSON.readTree(report);
    assertThatThrownBy(() -> ScanFindings.read(format, r, "$.r")).isInstanceOf(EvidenceFormatException.class)
        .hasMessage(message);
  }
}
