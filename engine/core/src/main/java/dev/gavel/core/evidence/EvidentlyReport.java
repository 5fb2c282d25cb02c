package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evidently's JSON report ({@code format: evidently-json}), as {@code Report(metrics=[...]).json()}
 * writes it (Evidently up to 0.6, and {@code evidently.legacy} since 0.7): {@code {metrics:
 * [{metric, result}], ...}}. Read here:
 * <ul>
 *   <li>{@code DataDriftTable} (what {@code DataDriftPreset} produces) and {@code ColumnDriftMetric}:
 *       per column {@code column_name, column_type, stattest_name, stattest_threshold, drift_score,
 *       drift_detected}; a {@code PSI} score is the population stability index, a {@code K-S
 *       p_value} score the Kolmogorov-Smirnov p-value; other statistics keep their name, score and
 *       Evidently's verdict. A column measured twice (a table with K-S and a column metric with PSI)
 *       carries both.
 *   <li>{@code ClassificationQualityMetric}: {@code result.current} against {@code result.reference}
 *       (accuracy, precision, recall, f1, roc_auc, tpr, tnr higher is better; log_loss, fpr, fnr
 *       lower); without a reference there is no baseline to compare with.
 * </ul>
 * Other metrics are ignored. A report with no drift measurement is bad input (it does not say what
 * it found), and so is a verdict that contradicts its own score and threshold for a statistic
 * whose direction is known (a p-value drifts at or below its threshold, PSI at or above), a score
 * that is not a finite number, or a column without its statistic. Evidently 0.7's snapshot form
 * ({@code metric_id}/{@code value}) is refused: its drift values do not say which statistic they are.
 */
final class EvidentlyReport {
  private static final Map<String, Boolean> HIGHER_IS_BETTER = new LinkedHashMap<>();

  static {
    for (String m : List.of("accuracy", "precision", "recall", "f1", "roc_auc", "tpr", "tnr")) {
      HIGHER_IS_BETTER.put(m, true);
    }
    for (String m : List.of("log_loss", "fpr", "fnr")) {
      HIGHER_IS_BETTER.put(m, false);
    }
  }

  private EvidentlyReport() {}

  static MonitoringReport read(JsonNode report, String path) throws EvidenceFormatException {
    if (!report.isObject()) {
      throw new EvidenceFormatException(path, "an Evidently report must be a JSON object");
    }
    JsonNode metrics = report.path("metrics");
    if (!metrics.isArray()) {
      throw new EvidenceFormatException(path + ".metrics", "required array is missing (Evidently's Report JSON lists its metrics)");
    }
    Map<String, Column> columns = new LinkedHashMap<>();
    List<MonitoringReport.Metric> performance = new ArrayList<>();
    for (int i = 0; i < metrics.size(); i++) {
      JsonNode m = metrics.get(i);
      String at = path + ".metrics[" + i + "]";
      if (m.has("metric_id") && !m.has("metric")) {
        throw new EvidenceFormatException(at, "this is Evidently 0.7's snapshot form (metric_id/value), whose drift values do not "
            + "state their statistic; use the Report JSON of evidently.legacy (metric/result) or gavel-summary");
      }
      if (!m.path("metric").isTextual()) {
        throw new EvidenceFormatException(at + ".metric", "required string is missing");
      }
      JsonNode result = m.path("result");
      switch (m.get("metric").asText()) {
        case "DataDriftTable" -> {
          JsonNode byColumn = result.path("drift_by_columns");
          if (!byColumn.isObject()) {
            throw new EvidenceFormatException(at + ".result.drift_by_columns", "required object is missing");
          }
          Iterator<Map.Entry<String, JsonNode>> it = byColumn.fields();
          while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            column(e.getValue(), CanonicalForm.child(at + ".result.drift_by_columns", e.getKey()), e.getKey(), columns);
          }
        }
        case "ColumnDriftMetric" -> column(result, at + ".result", null, columns);
        case "ClassificationQualityMetric" -> performance.addAll(quality(result, at + ".result"));
        default -> { }
      }
    }
    if (columns.isEmpty()) {
      throw new EvidenceFormatException(path + ".metrics", "the report holds no drift measurement (a DataDriftTable with at least "
          + "one column, or a ColumnDriftMetric): it does not say what it found");
    }
    List<MonitoringReport.Feature> features = new ArrayList<>();
    for (Column c : columns.values()) {
      features.add(c.feature());
    }
    return new MonitoringReport(features, performance);
  }

  /** What one column's measurements add up to. */
  private static final class Column {
    final String name;
    Double psi;
    Double ks;
    String method;
    Double score;
    Double threshold;
    Boolean drifted;

    Column(String name) {
      this.name = name;
    }

    MonitoringReport.Feature feature() {
      return new MonitoringReport.Feature(name, psi, ks, method, score, threshold, drifted);
    }
  }

  private static void column(JsonNode c, String at, String key, Map<String, Column> columns) throws EvidenceFormatException {
    if (!c.isObject()) {
      throw new EvidenceFormatException(at, "a column's drift must be an object");
    }
    if (!c.path("column_name").isTextual() || c.get("column_name").asText().isEmpty()) {
      throw new EvidenceFormatException(at + ".column_name", "required string is missing");
    }
    String name = c.get("column_name").asText();
    if (key != null && !key.equals(name)) {
      throw new EvidenceFormatException(at + ".column_name", "is '" + name + "' but the table lists it as '" + key + "'");
    }
    if (!c.path("stattest_name").isTextual()) {
      throw new EvidenceFormatException(at + ".stattest_name", "required string is missing (which statistic the score is)");
    }
    String test = c.get("stattest_name").asText();
    double score = MonitoringReport.number(c.get("drift_score"), at + ".drift_score", -Double.MAX_VALUE, Double.MAX_VALUE);
    double threshold = MonitoringReport.number(c.get("stattest_threshold"), at + ".stattest_threshold", -Double.MAX_VALUE,
        Double.MAX_VALUE);
    if (!c.path("drift_detected").isBoolean()) {
      throw new EvidenceFormatException(at + ".drift_detected", "required boolean is missing");
    }
    boolean drifted = c.get("drift_detected").asBoolean();
    boolean pValue = test.endsWith("p_value");
    boolean psi = test.equals("PSI");
    if (pValue && (score < 0 || score > 1)) {
      throw new EvidenceFormatException(at + ".drift_score", "a p-value must be in [0, 1] but got " + c.get("drift_score"));
    }
    if (psi && score < 0) {
      throw new EvidenceFormatException(at + ".drift_score", "a population stability index is never negative but got "
          + c.get("drift_score"));
    }
    if ((pValue || psi) && drifted != (pValue ? score <= threshold : score >= threshold)) {
      throw new EvidenceFormatException(at + ".drift_detected", "says " + drifted + " but " + test + " " + c.get("drift_score")
          + (pValue ? " <= " : " >= ") + "threshold " + c.get("stattest_threshold") + " is " + !drifted
          + ": the report contradicts itself");
    }
    Column col = columns.computeIfAbsent(name, Column::new);
    if (psi || test.equals("K-S p_value")) {
      Double before = psi ? col.psi : col.ks;
      if (before != null && before != score) {
        throw new EvidenceFormatException(at, "column '" + name + "' has two different " + test + " scores (" + before + ", " + score + ")");
      }
      if (psi) {
        col.psi = score;
      } else {
        col.ks = score;
      }
    }
    // The tool's own statistic and verdict: drifted if any measurement of the column says so.
    if (col.method == null || drifted) {
      col.method = test;
      col.score = score;
      col.threshold = threshold;
    }
    col.drifted = (col.drifted != null && col.drifted) || drifted;
  }

  private static List<MonitoringReport.Metric> quality(JsonNode result, String at) throws EvidenceFormatException {
    JsonNode current = result.path("current");
    JsonNode reference = result.path("reference");
    if (!current.isObject()) {
      throw new EvidenceFormatException(at + ".current", "required object is missing");
    }
    List<MonitoringReport.Metric> out = new ArrayList<>();
    if (!reference.isObject()) {
      return out;  // no reference data: nothing to compare the canary with
    }
    for (Map.Entry<String, Boolean> m : HIGHER_IS_BETTER.entrySet()) {
      JsonNode c = current.get(m.getKey());
      JsonNode r = reference.get(m.getKey());
      if (c == null || r == null || c.isNull() || r.isNull()) {
        continue;
      }
      out.add(new MonitoringReport.Metric(m.getKey(), MonitoringReport.number(r, at + ".reference." + m.getKey(), -Double.MAX_VALUE,
          Double.MAX_VALUE), MonitoringReport.number(c, at + ".current." + m.getKey(), -Double.MAX_VALUE, Double.MAX_VALUE),
          m.getValue()));
    }
    return out;
  }
}
