package dev.gavel.core;

import static dev.gavel.core.TerminalText.escape;

/** The text form of a decision; every value that came from a request or a policy is escaped for terminals. */
final class DecisionText {
  private DecisionText() {}

  static String render(Decision d, boolean explain) {
    StringBuilder sb = new StringBuilder();
    sb.append(d.allow() ? "ALLOWED" : "DENIED").append("  ").append(escape(d.request().model())).append('@')
        .append(escape(d.request().version())).append("  (tier ").append(escape(d.request().riskTier())).append(")\n");
    if (d.verified() != null) {
      sb.append(EvidenceSummary.text(d.verified(), explain));
    }
    if (!d.reasons().isEmpty()) {
      sb.append("reasons:\n");
      for (Reason r : d.reasons()) {
        sb.append("  - ").append(escape(r.code())).append(": ").append(escape(r.message()));
        if (r.policy() != null) {
          sb.append("  [").append(escape(r.policy())).append(']');
        }
        sb.append('\n');
        if (explain) {
          if (r.origins().isEmpty()) {
            sb.append("      from: (no partial rule produced it; set by the decision rule itself)\n");
          }
          for (String o : r.origins()) {
            sb.append("      from ").append(escape(o)).append('\n');
          }
        }
      }
    }
    if (!d.warnings().isEmpty()) {
      sb.append("warnings:\n");
      for (Reason r : d.warnings()) {
        sb.append("  - ").append(escape(r.code())).append(": ").append(escape(r.message())).append('\n');
      }
    }
    sb.append("decision ").append(d.decisionId()).append(" at ").append(d.timestamp()).append('\n');
    if (!d.evaluatedAt().equals(d.timestamp())) {
      sb.append("evaluated as of ").append(d.evaluatedAt()).append('\n');
    }
    sb.append("policy   ").append(escape(d.policy().revision())).append(" (").append(escape(d.policy().source())).append(")\n");
    if (d.ledger() != null) {
      sb.append("ledger   entry ").append(d.ledger().index()).append(", ").append(d.ledger().entryHash()).append(", tree size ")
          .append(d.ledger().treeSize()).append('\n');
    }
    return sb.toString();
  }
}
