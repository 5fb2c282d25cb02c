package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * What a canary's monitoring says, normalised for the policy ({@code kind: monitoring} scans):
 * input drift per feature (the population stability index and the Kolmogorov-Smirnov p-value when
 * the tool measured them, else the tool's own statistic and verdict) and model performance next to
 * its baseline. Read from Evidently's JSON report ({@link EvidentlyReport}) or {@code gavel-summary}
 * ({@link MonitoringSummary}); the policy decides which drift and which regression is too much.
 */
public record MonitoringReport(List<Feature> features, List<Metric> performance) {
  public MonitoringReport {
    features = List.copyOf(features);
    performance = List.copyOf(performance);
  }

  /**
   * One input feature: {@code psi} and {@code ksPValue} when measured (null otherwise); the tool's
   * statistic ({@code method}, its score and threshold) and its verdict when it states them.
   */
  public record Feature(String name, Double psi, Double ksPValue, String method, Double score, Double threshold, Boolean drifted) {
    public Feature {
      Objects.requireNonNull(name, "name");
    }
  }

  /** One performance metric of the canary ({@code current}) against the baseline model's. */
  public record Metric(String name, double baseline, double current, boolean higherIsBetter) {
    public Metric {
      Objects.requireNonNull(name, "name");
    }

    /** How much worse than the baseline, in the metric's unit (0 when not worse). */
    public double worsening() {
      return Math.max(0, higherIsBetter ? baseline - current : current - baseline);
    }

    /** {@link #worsening()} as a percentage of the baseline; null when the baseline is 0. */
    public Double worseningPercent() {
      return baseline == 0 ? null : worsening() / Math.abs(baseline) * 100;
    }
  }

  /** The fact the policy sees under {@code monitoring}. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode fs = o.putArray("features");
    int drifted = 0;
    for (Feature f : features) {
      ObjectNode j = fs.addObject();
      j.put("name", f.name());
      putIf(j, "psi", f.psi());
      putIf(j, "ksPValue", f.ksPValue());
      if (f.method() != null) {
        j.put("method", f.method());
      }
      putIf(j, "score", f.score());
      putIf(j, "threshold", f.threshold());
      if (f.drifted() != null) {
        j.put("toolSaysDrifted", f.drifted());
        drifted += f.drifted() ? 1 : 0;
      }
    }
    o.put("featureCount", features.size());
    o.put("toolDriftedCount", drifted);
    ArrayNode ps = o.putArray("performance");
    for (Metric m : performance) {
      ObjectNode j = ps.addObject();
      j.put("metric", m.name());
      putIf(j, "baseline", m.baseline());
      putIf(j, "current", m.current());
      j.put("higherIsBetter", m.higherIsBetter());
      putIf(j, "worsening", m.worsening());
      putIf(j, "worseningPercent", m.worseningPercent());
    }
    return o;
  }

  /** Numbers as exact decimals of at most 6 places, so the stored fact and what the policy compares are one value. */
  private static void putIf(ObjectNode o, String k, Double v) {
    if (v != null) {
      o.put(k, BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros());
    }
  }

  /** A finite number at {@code path} ({@code min <= v <= max}); bad input otherwise. */
  static double number(JsonNode n, String path, double min, double max) throws EvidenceFormatException {
    if (n == null || n.isMissingNode() || !n.isNumber()) {
      throw new EvidenceFormatException(path, "must be a number but got " + (n == null || n.isMissingNode() ? "nothing" : n));
    }
    double v = n.doubleValue();
    if (!Double.isFinite(v) || v < min || v > max) {
      throw new EvidenceFormatException(path, "must be a number in [" + show(min) + ", " + show(max) + "] but got " + n);
    }
    return v;
  }

  private static String show(double d) {
    return d == Double.MAX_VALUE ? "inf" : d == -Double.MAX_VALUE ? "-inf" : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
