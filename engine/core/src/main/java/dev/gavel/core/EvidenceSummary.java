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
    StringBuilder sb = new StringBuilder("evidence (as of ").append(escape(v.path("at").asText())).append("):\n");
    int artifacts = v.path("artifacts").size();
    sb.append(line("signatures", statuses(v.path("signatures"), "signer", artifacts)));
    sb.append(line("provenance", statuses(v.path("provenance"), "builderId", artifacts)));
    List<String> scans = new ArrayList<>();
    for (JsonNode s : v.path("scans")) {
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
    return sb.toString();
  }

  private static List<String> statuses(JsonNode list, String who, int artifacts) {
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
