package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CycloneDX {@code vulnerabilities[]} as findings: the highest rating's severity (or the CVSS
 * score band when a rating has a score only). A VEX analysis state saying the product is not
 * affected removes the finding.
 *
 * <p>{@code vulnerabilities} is optional in a BOM, so a BOM without it is an inventory that says
 * nothing about vulnerabilities: as a scan report it is bad input. A scan that found nothing
 * states {@code "vulnerabilities": []}. A vulnerability without ratings (or whose ratings carry
 * neither severity nor score) is {@code unknown}; a rating that is present but malformed (a
 * severity that is not one of the specification's words, a score that is not a number in
 * [0, 10], ratings that are not an array of objects) is bad input.
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
    if (vulns.isMissingNode()) {
      throw new EvidenceFormatException(path + ".vulnerabilities", "is absent: this BOM does not report vulnerabilities; "
          + "a scan that found none has \"vulnerabilities\": []");
    }
    if (!vulns.isArray()) {
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
      if (!ratings.isMissingNode() && !ratings.isArray()) {
        throw new EvidenceFormatException(at + ".ratings", "must be an array of rating objects");
      }
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

  /** CycloneDX 1.4-1.6 {@code severity} values. */
  private static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low", "info", "none", "unknown");

  private static Severity rating(JsonNode r, String path) throws EvidenceFormatException {
    if (!r.isObject()) {
      throw new EvidenceFormatException(path, "must be a rating object");
    }
    Severity fromScore = null;
    if (r.has("score")) {
      fromScore = Severity.fromCvss(r.get("score"), path + ".score", false);
    }
    if (r.has("severity")) {
      JsonNode s = r.get("severity");
      if (!s.isTextual() || !SEVERITIES.contains(s.textValue().toLowerCase(Locale.ROOT))) {
        throw new EvidenceFormatException(path + ".severity", "unknown severity " + (s.isTextual() ? "'" + s.textValue() + "'"
            : s.toString()) + " (one of critical, high, medium, low, info, none, unknown)");
      }
      Severity word = Severity.fromWord(s.textValue());
      if (word != Severity.UNKNOWN || fromScore == null) {
        return word;
      }
    }
    return fromScore == null ? Severity.UNKNOWN : fromScore; // a score rates what the word leaves unknown
  }
}
