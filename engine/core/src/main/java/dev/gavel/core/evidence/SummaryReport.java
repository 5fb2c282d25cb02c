package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code gavel-summary} format: a report already normalised to
 * {@code {counts: {critical, high, medium, low, unknown?}, findings: [{id, severity, rule, location}]}},
 * for tools with no standard format (evaluation harnesses).
 *
 * <p>The counts are the report's statement of what it found, so they are required for
 * critical, high, medium and low (all zero for a clean run); {@code unknown} may be omitted and
 * then is 0. Each is a non-negative integer, no other key is allowed, and no severity may list
 * more findings than its count states.
 */
final class SummaryReport {
  private static final List<Severity> REQUIRED = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW);
  private static final List<Severity> COUNTED = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW,
      Severity.UNKNOWN);
  private static final BigInteger MAX = BigInteger.valueOf(Integer.MAX_VALUE);

  private SummaryReport() {}

  static ScanFindings read(JsonNode report, String path) throws EvidenceFormatException {
    if (!report.isObject()) {
      throw new EvidenceFormatException(path, "gavel-summary report must be a JSON object");
    }
    JsonNode counts = report.path("counts");
    if (!counts.isObject()) {
      throw new EvidenceFormatException(path + ".counts", "required object is missing");
    }
    Iterator<String> names = counts.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (COUNTED.stream().noneMatch(s -> s.json().equals(name))) {
        throw new EvidenceFormatException(CanonicalForm.child(path + ".counts", name),
            "unknown severity (counts are critical, high, medium, low and unknown)");
      }
    }
    Map<Severity, Integer> stated = new EnumMap<>(Severity.class);
    for (Severity s : COUNTED) {
      JsonNode c = counts.path(s.json());
      if (c.isMissingNode() && !REQUIRED.contains(s)) {
        stated.put(s, 0);
        continue;
      }
      if (!c.isIntegralNumber() || c.bigIntegerValue().signum() < 0) {
        throw new EvidenceFormatException(path + ".counts." + s.json(), "must be a non-negative integer but got "
            + (c.isMissingNode() ? "nothing" : c.toString()));
      }
      if (c.bigIntegerValue().compareTo(MAX) > 0) {
        throw new EvidenceFormatException(path + ".counts." + s.json(), "must be at most " + MAX + " but got " + c);
      }
      stated.put(s, c.intValue());
    }
    List<Finding> out = new ArrayList<>();
    JsonNode findings = report.path("findings");
    if (!findings.isMissingNode() && !findings.isArray()) {
      throw new EvidenceFormatException(path + ".findings", "must be an array");
    }
    for (int i = 0; i < findings.size(); i++) {
      JsonNode f = findings.get(i);
      String at = path + ".findings[" + i + "]";
      if (!f.path("id").isTextual()) {
        throw new EvidenceFormatException(at + ".id", "required string is missing");
      }
      JsonNode word = f.path("severity");
      Severity sev = word.isTextual() ? Severity.fromWord(word.textValue()) : null;
      if (sev == null) {
        throw new EvidenceFormatException(at + ".severity", "must be critical, high, medium, low, none or unknown");
      }
      out.add(new Finding(f.get("id").asText(), sev, f.path("rule").asText(""), f.path("location").asText("")));
    }
    for (Severity s : COUNTED) {
      long listed = out.stream().filter(f -> f.severity() == s).count();
      if (listed > stated.get(s)) {
        throw new EvidenceFormatException(path + ".counts." + s.json(), "states " + stated.get(s) + " but "
            + listed + " " + s.json() + " findings are listed");
      }
    }
    return new ScanFindings(out, stated);
  }
}
