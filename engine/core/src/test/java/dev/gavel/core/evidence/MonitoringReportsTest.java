package dev.gavel.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import dev.gavel.testkit.SharedFiles;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Monitoring reports (a canary's input drift and performance) normalised for the policy: Evidently's
 * Report JSON (the demo reports in test-fixtures/monitoring, in Evidently's shape) and the
 * gavel-summary form; every way a report can fail to say what it found, or contradict itself, is bad
 * input naming its JSON path.
 */
class MonitoringReportsTest {
  static ObjectNode report(String name) throws Exception {
    return (ObjectNode) Json.read(Files.readString(SharedFiles.repo().resolve("test-fixtures/monitoring").resolve(name)));
  }

  static MonitoringReport.Feature feature(MonitoringReport r, String name) {
    return r.features().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void evidentlysDriftTableAndColumnMetricAreMergedPerFeature() throws Exception {
    MonitoringReport r = EvidentlyReport.read(report("evidently-data-drift.json"), "$.report");
    assertThat(r.features()).extracting(MonitoringReport.Feature::name)
        .containsExactly("income", "age", "debt_to_income", "credit_history_months", "employment_type", "region");
    MonitoringReport.Feature income = feature(r, "income");
    assertThat(income.ksPValue()).as("from the K-S p_value of the table").isEqualTo(0.412);
    assertThat(income.psi()).as("from the PSI column metric").isEqualTo(0.041);
    assertThat(income.drifted()).isFalse();
    assertThat(feature(r, "employment_type").psi()).isEqualTo(0.031);
    assertThat(feature(r, "employment_type").ksPValue()).isNull();
    assertThat(r.performance()).extracting(MonitoringReport.Metric::name)
        .containsExactly("accuracy", "precision", "recall", "f1", "roc_auc", "log_loss");
    MonitoringReport.Metric f1 = r.performance().get(3);
    assertThat(f1.baseline()).isEqualTo(0.815);
    assertThat(f1.current()).isEqualTo(0.812);
    assertThat(f1.worseningPercent()).isCloseTo(0.368098, org.assertj.core.data.Offset.offset(1e-6));
    MonitoringReport.Metric logLoss = r.performance().get(5);
    assertThat(logLoss.higherIsBetter()).isFalse();
    assertThat(logLoss.worsening()).isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aDriftedReportCarriesTheToolsVerdictAndScores() throws Exception {
    MonitoringReport r = EvidentlyReport.read(report("evidently-data-drift-drifted.json"), "$.report");
    MonitoringReport.Feature income = feature(r, "income");
    assertThat(income.psi()).isEqualTo(0.312);
    assertThat(income.ksPValue()).isEqualTo(0.0004);
    assertThat(income.drifted()).isTrue();
    JsonNode fact = r.toJson();
    assertThat(fact.path("toolDriftedCount").asInt()).isEqualTo(1);
    assertThat(fact.path("features").get(0).path("psi").decimalValue()).isEqualByComparingTo("0.312");
  }

  @Test
  void withoutReferenceDataThereIsNoBaselineToCompareWith() throws Exception {
    ObjectNode r = report("evidently-data-drift.json");
    ((ObjectNode) r.at("/metrics/3/result")).putNull("reference");
    assertThat(EvidentlyReport.read(r, "$.report").performance()).isEmpty();
  }

  @Test
  void otherStatisticsKeepTheirNameAndVerdictAndOtherMetricsAreIgnored() throws Exception {
    ObjectNode r = report("evidently-data-drift.json");
    ObjectNode age = (ObjectNode) r.at("/metrics/1/result/drift_by_columns/age");
    age.put("stattest_name", "Wasserstein distance (normed)").put("drift_score", 0.18).put("stattest_threshold", 0.1)
        .put("drift_detected", true);
    ((ArrayNode) r.get("metrics")).addObject().put("metric", "DatasetMissingValuesMetric").putObject("result");
    MonitoringReport.Feature f = feature(EvidentlyReport.read(r, "$.report"), "age");
    assertThat(f.ksPValue()).isNull();
    assertThat(f.psi()).isNull();
    assertThat(f.method()).isEqualTo("Wasserstein distance (normed)");
    assertThat(f.drifted()).isTrue();
  }

  static Arguments bad(String what, Consumer<ObjectNode> change, String path, String message) {
    return Arguments.of(what, change, path, message);
  }

  static ObjectNode col(ObjectNode r, String name) {
    return (ObjectNode) r.at("/metrics/1/result/drift_by_columns/" + name);
  }

  static Stream<Arguments> corruptedEvidently() {
    return Stream.of(
        bad("no metrics", r -> r.remove("metrics"), "$.report.metrics", "required array"),
        bad("Evidently 0.7's snapshot form", r -> r.putArray("metrics").addObject().put("id", "x")
            .put("metric_id", "ValueDrift(column=income)").put("value", 0.04), "$.report.metrics[0]", "snapshot form"),
        bad("a metric without its name", r -> ((ObjectNode) r.at("/metrics/0")).remove("metric"), "$.report.metrics[0].metric",
            "required string"),
        bad("no drift measured", r -> {
          ArrayNode keep = JsonNodeFactory.instance.arrayNode();
          keep.add(r.at("/metrics/3"));
          r.set("metrics", keep);
        }, "$.report.metrics", "no drift measurement"),
        bad("an empty drift table", r -> {
          ((ObjectNode) r.at("/metrics/1/result")).putObject("drift_by_columns");
          ((ArrayNode) r.get("metrics")).remove(2);
        }, "$.report.metrics", "no drift measurement"),
        bad("a drift table without columns", r -> ((ObjectNode) r.at("/metrics/1/result")).remove("drift_by_columns"),
            "$.report.metrics[1].result.drift_by_columns", "required object"),
        bad("a column without its statistic", r -> col(r, "age").remove("stattest_name"),
            "$.report.metrics[1].result.drift_by_columns.age.stattest_name", "which statistic"),
        bad("a score that was NaN (null)", r -> col(r, "age").putNull("drift_score"),
            "$.report.metrics[1].result.drift_by_columns.age.drift_score", "must be a number"),
        bad("a score as text", r -> col(r, "age").put("drift_score", "0.77"),
            "$.report.metrics[1].result.drift_by_columns.age.drift_score", "must be a number"),
        bad("no threshold", r -> col(r, "age").remove("stattest_threshold"),
            "$.report.metrics[1].result.drift_by_columns.age.stattest_threshold", "must be a number"),
        bad("no verdict", r -> col(r, "age").remove("drift_detected"),
            "$.report.metrics[1].result.drift_by_columns.age.drift_detected", "required boolean"),
        bad("a p-value above 1", r -> col(r, "age").put("drift_score", 1.5),
            "$.report.metrics[1].result.drift_by_columns.age.drift_score", "p-value must be in [0, 1]"),
        bad("a negative PSI", r -> col(r, "region").put("drift_score", -0.2),
            "$.report.metrics[1].result.drift_by_columns.region.drift_score", "never negative"),
        bad("a p-value below its threshold called no drift", r -> col(r, "age").put("drift_score", 0.01),
            "$.report.metrics[1].result.drift_by_columns.age.drift_detected", "contradicts itself"),
        bad("a PSI above its threshold called no drift", r -> col(r, "region").put("drift_score", 0.4),
            "$.report.metrics[1].result.drift_by_columns.region.drift_detected", "contradicts itself"),
        bad("drift claimed where the score says none", r -> col(r, "age").put("drift_detected", true),
            "$.report.metrics[1].result.drift_by_columns.age.drift_detected", "contradicts itself"),
        bad("a column listed under another name", r -> col(r, "age").put("column_name", "agee"),
            "$.report.metrics[1].result.drift_by_columns.age.column_name", "lists it as 'age'"),
        bad("two PSI scores for one column", r -> ((ObjectNode) r.at("/metrics/2/result")).put("column_name", "region"),
            "$.report.metrics[2].result", "two different PSI scores"),
        bad("a quality without its current data", r -> ((ObjectNode) r.at("/metrics/3/result")).remove("current"),
            "$.report.metrics[3].result.current", "required object"),
        bad("a quality that is not a number", r -> ((ObjectNode) r.at("/metrics/3/result/current")).put("f1", "high"),
            "$.report.metrics[3].result.current.f1", "must be a number"),
        bad("not an object", r -> r.removeAll(), "$.report.metrics", "required array"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptedEvidently")
  void aCorruptedEvidentlyReportIsBadInputNamingThePath(String what, Consumer<ObjectNode> change, String path, String message)
      throws Exception {
    ObjectNode r = report("evidently-data-drift.json");
    EvidentlyReport.read(r.deepCopy(), "$.report");
    change.accept(r);
    assertThatThrownBy(() -> EvidentlyReport.read(r, "$.report")).isInstanceOfSatisfying(EvidenceFormatException.class, e -> {
      assertThat(e.problem().path()).isEqualTo(path);
      assertThat(e.problem().message()).contains(message);
    });
  }

  static ObjectNode summary() throws Exception {
    return (ObjectNode) Json.read("""
        {"features": [{"name": "income", "psi": 0.041, "ksPValue": 0.412}, {"name": "age", "psi": 0.012}, {"name": "zip", "ksPValue": 0.9}],
         "performance": [{"metric": "f1", "baseline": 0.815, "current": 0.781, "higherIsBetter": true},
                         {"metric": "latency_p99_ms", "baseline": 120, "current": 118, "higherIsBetter": false}]}
        """);
  }

  @Test
  void theSummaryFormSaysTheSame() throws Exception {
    MonitoringReport r = MonitoringSummary.read(summary(), "$.report");
    assertThat(r.features()).extracting(MonitoringReport.Feature::name).containsExactly("income", "age", "zip");
    assertThat(feature(r, "age").ksPValue()).isNull();
    assertThat(r.performance().get(0).worseningPercent()).isCloseTo(4.171779, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(r.performance().get(1).worsening()).as("faster is not worse").isZero();
  }

  static Stream<Arguments> corruptedSummaries() {
    return Stream.of(
        bad("an unknown key", r -> r.put("drift", true), "$.report.drift", "unknown field"),
        bad("no features", r -> r.remove("features"), "$.report.features", "non-empty array"),
        bad("an empty feature list", r -> r.putArray("features"), "$.report.features", "non-empty array"),
        bad("a feature without a name", r -> ((ObjectNode) r.at("/features/0")).remove("name"), "$.report.features[0].name",
            "required string"),
        bad("a feature twice", r -> ((ObjectNode) r.at("/features/1")).put("name", "income"), "$.report.features[1].name",
            "listed twice"),
        bad("a feature measured by nothing", r -> ((ObjectNode) r.at("/features/1")).remove("psi"), "$.report.features[1]",
            "needs psi or ksPValue"),
        bad("a negative PSI", r -> ((ObjectNode) r.at("/features/0")).put("psi", -0.1), "$.report.features[0].psi", "[0, inf]"),
        bad("a p-value above 1", r -> ((ObjectNode) r.at("/features/0")).put("ksPValue", 2), "$.report.features[0].ksPValue",
            "[0, 1]"),
        bad("an unknown feature key", r -> ((ObjectNode) r.at("/features/0")).put("wasserstein", 0.1),
            "$.report.features[0].wasserstein", "unknown field"),
        bad("a metric without direction", r -> ((ObjectNode) r.at("/performance/0")).remove("higherIsBetter"),
            "$.report.performance[0].higherIsBetter", "required boolean"),
        bad("a metric without a baseline", r -> ((ObjectNode) r.at("/performance/0")).remove("baseline"),
            "$.report.performance[0].baseline", "must be a number"),
        bad("a metric twice", r -> ((ObjectNode) r.at("/performance/1")).put("metric", "f1"), "$.report.performance[1].metric",
            "listed twice"),
        bad("performance that is not a list", r -> r.put("performance", "fine"), "$.report.performance", "must be an array"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptedSummaries")
  void aCorruptedSummaryIsBadInputNamingThePath(String what, Consumer<ObjectNode> change, String path, String message)
      throws Exception {
    ObjectNode r = summary();
    change.accept(r);
    assertThatThrownBy(() -> MonitoringSummary.read(r, "$.report")).isInstanceOfSatisfying(EvidenceFormatException.class, e -> {
      assertThat(e.problem().path()).isEqualTo(path);
      assertThat(e.problem().message()).contains(message);
    });
  }

  static ObjectNode scan(String kind, String format, JsonNode report) {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.put("tool", "t").put("kind", kind).put("format", format).put("completedAt", "2026-12-01T06:00:00Z");
    s.putObject("subject").put("sha256", "a".repeat(64));
    s.set("report", report);
    return s;
  }

  @Test
  void aMonitoringScanIsNormalisedBesideTheOthersAndFormatsStayWithTheirKind() throws Exception {
    Instant at = Instant.parse("2026-12-01T12:00:00Z");
    ObjectNode fact = ScanEvidence.verify(scan("monitoring", "gavel-summary", summary()), "$.scans[0]", List.of("a".repeat(64)), at,
        Set.of());
    assertThat(fact.path("kind").asText()).isEqualTo("monitoring");
    assertThat(fact.path("ageSeconds").asLong()).isEqualTo(6 * 3600);
    assertThat(fact.path("subjectMatches").asBoolean()).isTrue();
    assertThat(fact.has("counts")).as("a monitoring report has no findings to count").isFalse();
    assertThat(fact.at("/monitoring/performance/0/worseningPercent").decimalValue()).isEqualByComparingTo("4.171779");
    ObjectNode evidently = scan("monitoring", "evidently-json", report("evidently-data-drift.json"));
    assertThat(ScanEvidence.verify(evidently, "$.scans[0]", List.of(), at, Set.of()).at("/monitoring/featureCount").asInt())
        .isEqualTo(6);
    assertThatThrownBy(() -> ScanEvidence.verify(scan("evaluation", "evidently-json", report("evidently-data-drift.json")),
        "$.scans[1]", List.of(), at, Set.of())).isInstanceOfSatisfying(EvidenceFormatException.class, e ->
        assertThat(e.problem().path()).isEqualTo("$.scans[1].format"));
    assertThatThrownBy(() -> ScanEvidence.verify(scan("monitoring", "sarif", summary()), "$.scans[2]", List.of(), at, Set.of()))
        .isInstanceOfSatisfying(EvidenceFormatException.class, e -> assertThat(e.problem().path()).isEqualTo("$.scans[2].format"));
  }
}
