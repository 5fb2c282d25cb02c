package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import static dev.gavel.core.TerminalText.escape;

/** A few lines saying what evidence was checked and what it showed, for the text output. */
final class EvidenceSummary {
  // Every value below comes from a request or its evidence: escaped before it reaches a terminal.
  private EvidenceSummary() {}

  static String text(JsonNode v) {
    return text(v, false);
  }

  /** With {@code explain}, each certificate-signed signature also shows its certificate, log entry and SCT. */
  static String text(JsonNode v, boolean explain) {
    StringBuilder sb = new StringBuilder("evidence (as of ").append(escape(v.path("at").asText())).append("):\n");
    int artifacts = v.path("artifacts").size();
    sb.append(line("signatures", signatures(v.path("signatures"), artifacts, explain)));
    sb.append(line("provenance", statuses(v.path("provenance"), "builderId", artifacts)));
    List<String> scans = new ArrayList<>();
    for (JsonNode s : v.path("scans")) {
      if (s.has("monitoring")) {
        scans.add(monitoring(s));
        continue;
      }
      JsonNode c = s.path("counts");
      String age = s.path("ageSeconds").asLong() < 0 ? "in the future"
          : (s.path("ageSeconds").asLong() / 86400) + "d old";
      scans.add(escape(s.path("kind").asText()) + " by " + escape(s.path("tool").asText()) + " (" + age
          + (s.path("subjectMatches").asBoolean() ? "" : ", NOT of these artifacts") + "): "
          + c.path("critical").asInt() + " critical, " + c.path("high").asInt() + " high, "
          + c.path("medium").asInt() + " medium" + (c.path("unknown").asInt() > 0 ? ", " + c.path("unknown").asInt() + " unknown" : "")
          + (s.path("waived").asInt() > 0 ? ", " + s.path("waived").asInt() + " waived" : ""));
    }
    sb.append(line("scans", scans));
    List<String> approvals = new ArrayList<>();
    for (JsonNode a : v.path("approvals")) {
      String state = a.path("signature").asText().equals("valid") && a.path("roleHeld").asBoolean()
          ? "signed" : a.path("detail").asText();
      approvals.add(escape(a.path("decision").asText()) + " by " + escape(a.path("approver").asText()) + " ("
          + escape(a.path("role").asText()) + ", " + escape(state) + ")");
    }
    sb.append(line("approvals", approvals));
    List<String> revoked = new ArrayList<>();
    for (JsonNode r : v.path("revocations")) {
      revoked.add("sha256:" + escape(r.path("digest").asText()).substring(0, Math.min(12, r.path("digest").asText().length()))
          + "... by " + escape(r.path("revokedBy").asText()) + " at " + escape(r.path("revokedAt").asText()) + " (ledger entry "
          + r.path("ledgerIndex").asLong() + ")");
    }
    if (!revoked.isEmpty()) {
      sb.append(line("revoked", revoked));
    }
    return sb.toString();
  }

  /** A canary's monitoring: features and the largest drift measured, and each metric against its baseline. */
  private static String monitoring(JsonNode s) {
    JsonNode m = s.path("monitoring");
    String age = s.path("ageSeconds").asLong() < 0 ? "in the future" : (s.path("ageSeconds").asLong() / 3600) + "h old";
    StringBuilder b = new StringBuilder("monitoring by ").append(escape(s.path("tool").asText())).append(" (").append(age)
        .append(s.path("subjectMatches").asBoolean() ? "" : ", NOT of these artifacts").append("): ")
        .append(m.path("featureCount").asInt()).append(" features");
    JsonNode worstPsi = null;
    JsonNode worstKs = null;
    for (JsonNode f : m.path("features")) {
      if (f.has("psi") && (worstPsi == null || f.get("psi").doubleValue() > worstPsi.get("psi").doubleValue())) {
        worstPsi = f;
      }
      if (f.has("ksPValue") && (worstKs == null || f.get("ksPValue").doubleValue() < worstKs.get("ksPValue").doubleValue())) {
        worstKs = f;
      }
    }
    if (worstPsi != null) {
      b.append(", max PSI ").append(worstPsi.get("psi").asText()).append(" (").append(escape(worstPsi.path("name").asText())).append(')');
    }
    if (worstKs != null) {
      b.append(", min KS p ").append(worstKs.get("ksPValue").asText()).append(" (").append(escape(worstKs.path("name").asText()))
          .append(')');
    }
    JsonNode worst = null;
    for (JsonNode p : m.path("performance")) {
      if (worst == null || p.path("worseningPercent").asDouble(0) > worst.path("worseningPercent").asDouble(0)) {
        worst = p;
      }
    }
    if (worst == null) {
      b.append("; no performance measured");
    } else {
      b.append("; ").append(m.path("performance").size()).append(" metrics vs baseline, worst ").append(escape(worst.path("metric").asText()))
          .append(' ').append(worst.path("current").asText()).append(" vs ").append(worst.path("baseline").asText())
          .append(String.format(java.util.Locale.ROOT, " (%.2f%% worse)", worst.path("worseningPercent").asDouble(0)));
    }
    return b.toString();
  }

  /**
   * One line per signature; for a certificate-signed one (keyless or private CA), who signed it
   * and how first, then when and under which trust root, then the model files when they were read.
   */
  private static List<String> signatures(JsonNode list, int artifacts, boolean explain) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : list) {
      String method = s.path("method").asText("key");
      if (method.equals("key")) {
        out.addAll(statuses(List.of(s), "signer", artifacts));
      } else {
        String who = method.equals("keyless")
            ? escape(s.at("/identity/subject").asText("?")) + " via " + escape(s.at("/identity/issuer").asText("?"))
            : escape(s.path("signer").asText("?")) + (s.at("/trustRoot/id").isTextual() ? " (CA " + escape(s.at("/trustRoot/id").asText()) + ")" : "");
        boolean trusted = s.path("status").asText().equals("trusted");
        out.add(escape(s.path("status").asText()) + " " + method + ": " + who + ", covers " + s.path("covers").size() + "/"
            + artifacts + " artifacts" + (trusted ? "" : ": " + escape(s.path("problem").asText()) + ": " + escape(s.path("detail").asText())));
        if (s.has("signedAt")) {
          out.add("  signed " + escape(s.path("signedAt").asText()) + " (" + escape(s.path("signedAtSource").asText()) + ")");
        }
        if (s.has("checkedAt")) {
          out.add("  chain valid at " + escape(s.path("checkedAt").asText()) + " (the evaluation time: no trusted signing time)");
        }
        if (s.has("trustRoot")) {
          String ca = s.at("/trustRoot/certificateAuthority").asText(s.at("/trustRoot/id").asText(""));
          out.add("  trust root " + escape(s.at("/trustRoot/path").asText()) + (ca.isEmpty() ? "" : " (" + escape(ca) + ")"));
        }
        if (explain) {
          JsonNode c = s.path("certificate");
          out.add("  certificate serial " + escape(c.path("serial").asText()) + ", valid " + escape(c.path("notBefore").asText())
              + " to " + escape(c.path("notAfter").asText()) + ", issued by " + escape(c.path("issuer").asText()));
          for (JsonNode e : s.path("tlogEntries")) {
            out.add("  rekor entry " + e.path("logIndex").asText() + " integrated " + escape(e.path("integratedTime").asText())
                + (e.has("problem") ? ": " + escape(e.path("problem").asText())
                : ", inclusion proof at tree size " + e.path("treeSize").asText() + " (" + escape(e.path("checkpoint").asText())
                    + "), SET " + escape(e.path("signedEntryTimestamp").asText())));
          }
          for (JsonNode t : s.path("timestamps")) {
            out.add("  timestamp " + escape(t.path("status").asText()) + (t.has("time") ? " " + escape(t.path("time").asText())
                + " by " + escape(t.path("authority").asText()) : ": " + escape(t.path("detail").asText())));
          }
          if (s.has("sct")) {
            out.add("  sct " + escape(s.path("sct").asText()));
          }
        }
      }
      JsonNode f = s.path("files");
      if (f.isObject()) {
        out.add("  model files " + (f.path("match").asBoolean() ? "match the manifest (" + f.path("files").asInt() + " files, "
            + f.path("ignored").size() + " ignored)" : "DO NOT match the manifest: " + escape(files(f))));
      }
    }
    return out;
  }

  static String files(JsonNode f) {
    List<String> parts = new ArrayList<>();
    for (String k : List.of("changed", "missing", "extra")) {
      List<String> names = new ArrayList<>();
      f.path(k).forEach(n -> names.add(n.asText()));
      if (!names.isEmpty()) {
        parts.add(k + " " + String.join(", ", names));
      }
    }
    f.path("problems").forEach(p -> parts.add(p.asText()));
    return String.join("; ", parts);
  }

  private static List<String> statuses(Iterable<JsonNode> list, String who, int artifacts) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : list) {
      String name = s.path("signer").asText(s.path(who).asText(""));
      out.add(escape(s.path("status").asText()) + (name.isEmpty() ? "" : " (" + escape(name) + ")") + ", covers "
          + s.path("covers").size() + "/" + artifacts + " artifacts"
          + (s.path("status").asText().equals("trusted") ? "" : ": " + escape(s.path("detail").asText())));
    }
    return out;
  }

  private static String line(String label, List<String> items) {
    StringBuilder sb = new StringBuilder();
    String pad = String.format("  %-12s", label);
    if (items.isEmpty()) {
      return pad + "none\n";
    }
    for (int i = 0; i < items.size(); i++) {
      sb.append(i == 0 ? pad : " ".repeat(pad.length())).append(items.get(i)).append('\n');
    }
    return sb.toString();
  }
}
