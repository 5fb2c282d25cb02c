package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The {@code gavel-summary} form of a {@code monitoring} scan, for tools with no format Gavel
 * reads: {@code {features: [{name, psi?, ksPValue?}], performance?: [{metric, baseline, current,
 * higherIsBetter}]}}. Strict, as every summary is: no other key; at least one feature, each with a
 * name (once) and at least one of {@code psi} (never negative) and {@code ksPValue} (in [0, 1]);
 * each metric with both numbers and its direction.
 */
final class MonitoringSummary {
  private static final Set<String> TOP = Set.of("features", "performance");
  private static final Set<String> FEATURE = Set.of("name", "psi", "ksPValue");
  private static final Set<String> METRIC = Set.of("metric", "baseline", "current", "higherIsBetter");

  private MonitoringSummary() {}

  static MonitoringReport read(JsonNode report, String path) throws EvidenceFormatException {
    if (!report.isObject()) {
      throw new EvidenceFormatException(path, "a gavel-summary monitoring report must be a JSON object");
    }
    only(report, TOP, path);
    JsonNode fs = report.path("features");
    if (!fs.isArray() || fs.isEmpty()) {
      throw new EvidenceFormatException(path + ".features", "required non-empty array is missing (the drift of each input "
          + "feature: a report must say what it found)");
    }
    List<MonitoringReport.Feature> features = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < fs.size(); i++) {
      JsonNode f = fs.get(i);
      String at = path + ".features[" + i + "]";
      if (!f.isObject()) {
        throw new EvidenceFormatException(at, "must be an object {name, psi?, ksPValue?}");
      }
      only(f, FEATURE, at);
      if (!f.path("name").isTextual() || f.get("name").asText().isEmpty()) {
        throw new EvidenceFormatException(at + ".name", "required string is missing");
      }
      if (!names.add(f.get("name").asText())) {
        throw new EvidenceFormatException(at + ".name", "feature '" + f.get("name").asText() + "' is listed twice");
      }
      if (!f.has("psi") && !f.has("ksPValue")) {
        throw new EvidenceFormatException(at, "needs psi or ksPValue (or both)");
      }
      Double psi = f.has("psi") ? MonitoringReport.number(f.get("psi"), at + ".psi", 0, Double.MAX_VALUE) : null;
      Double ks = f.has("ksPValue") ? MonitoringReport.number(f.get("ksPValue"), at + ".ksPValue", 0, 1) : null;
      features.add(new MonitoringReport.Feature(f.get("name").asText(), psi, ks, null, null, null, null));
    }
    List<MonitoringReport.Metric> performance = new ArrayList<>();
    JsonNode ps = report.path("performance");
    if (!ps.isMissingNode() && !ps.isArray()) {
      throw new EvidenceFormatException(path + ".performance", "must be an array");
    }
    Set<String> metrics = new HashSet<>();
    for (int i = 0; i < ps.size(); i++) {
      JsonNode m = ps.get(i);
      String at = path + ".performance[" + i + "]";
      if (!m.isObject()) {
        throw new EvidenceFormatException(at, "must be an object {metric, baseline, current, higherIsBetter}");
      }
      only(m, METRIC, at);
      if (!m.path("metric").isTextual() || m.get("metric").asText().isEmpty()) {
        throw new EvidenceFormatException(at + ".metric", "required string is missing");
      }
      if (!metrics.add(m.get("metric").asText())) {
        throw new EvidenceFormatException(at + ".metric", "metric '" + m.get("metric").asText() + "' is listed twice");
      }
      if (!m.path("higherIsBetter").isBoolean()) {
        throw new EvidenceFormatException(at + ".higherIsBetter", "required boolean is missing (is a higher value better?)");
      }
      performance.add(new MonitoringReport.Metric(m.get("metric").asText(),
          MonitoringReport.number(m.get("baseline"), at + ".baseline", -Double.MAX_VALUE, Double.MAX_VALUE),
          MonitoringReport.number(m.get("current"), at + ".current", -Double.MAX_VALUE, Double.MAX_VALUE),
          m.get("higherIsBetter").asBoolean()));
    }
    return new MonitoringReport(features, performance);
  }

  private static void only(JsonNode o, Set<String> known, String path) throws EvidenceFormatException {
    Iterator<String> it = o.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new EvidenceFormatException(CanonicalForm.child(path, k), "unknown field (known: " + String.join(", ",
            known.stream().sorted().toList()) + ")");
      }
    }
  }
}
