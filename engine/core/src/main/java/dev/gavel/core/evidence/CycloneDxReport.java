package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CycloneDX {@code vulnerabilities[]} as findings: the highest rating's severity (or the CVSS
 * score band when a rating has a score only). A VEX analysis state saying the product is not
 * affected removes the finding.
 */
final class CycloneDxReport {
  private static final Set<String> VERSIONS = Set.of("1.4", "1.5", "1.6");
  /** VEX states under which the vulnerability does not apply to the product. */
  private static final Set<String> NOT_APPLICABLE = Set.of("not_affected", "false_positive", "resolved",
      "resolved_with_pedigree");

  private CycloneDxReport() {}

  static ScanFindings read(JsonNode bom, String path) throws EvidenceFormatException {
    if (!bom.isObject() || !bom.path("bomFormat").asText("").equals("CycloneDX")) {
      throw new EvidenceFormatException(path + ".bomFormat", "must be \"CycloneDX\"");
    }
    String version = bom.path("specVersion").asText("");
    if (!VERSIONS.contains(version)) {
      throw new EvidenceFormatException(path + ".specVersion", "CycloneDX specVersion must be 1.4, 1.5 or 1.6 but got '"
          + version + "'");
    }
    JsonNode vulns = bom.path("vulnerabilities");
    if (!vulns.isMissingNode() && !vulns.isArray()) {
      throw new EvidenceFormatException(path + ".vulnerabilities", "must be an array");
    }
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < vulns.size(); i++) {
      JsonNode v = vulns.get(i);
      String at = path + ".vulnerabilities[" + i + "]";
      String state = v.path("analysis").path("state").asText("");
      if (NOT_APPLICABLE.contains(state)) {
        continue;
      }
      if (!v.path("id").isTextual()) {
        throw new EvidenceFormatException(at + ".id", "required string is missing");
      }
      Severity sev = null;
      JsonNode ratings = v.path("ratings");
      for (int r = 0; r < ratings.size(); r++) {
        Severity s = rating(ratings.get(r), at + ".ratings[" + r + "]");
        if (sev == null || s.higherThan(sev)) {
          sev = s;
        }
      }
      List<String> refs = new ArrayList<>();
      v.path("affects").forEach(a -> refs.add(a.path("ref").asText()));
      out.add(new Finding(v.get("id").asText(), sev == null ? Severity.UNKNOWN : sev, v.get("id").asText(),
          String.join(",", refs)));
    }
    return new ScanFindings(out, null);
  }

  private static Severity rating(JsonNode r, String path) throws EvidenceFormatException {
    if (r.path("severity").isTextual()) {
      Severity s = Severity.fromWord(r.get("severity").asText());
      if (s == null) {
        throw new EvidenceFormatException(path + ".severity", "unknown severity '" + r.get("severity").asText() + "'");
      }
      return s;
    }
    if (r.path("score").isNumber()) {
      return Severity.fromScore(r.get("score").decimalValue());
    }
    return Severity.UNKNOWN;
  }
}
