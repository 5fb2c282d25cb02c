package dev.gavel.core.governance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.TerminalText;
import java.util.List;

/**
 * What a proposed revision would change (DESIGN 3.5): every recorded decision whose outcome or
 * reasons differ when replayed against it, and counts of unchanged and of skipped (masked or
 * unreadable) decisions. Rendered as JSON ({@code {revision, replayed, unchanged, skipped,
 * changed: [...]}}), text, or markdown for a pull-request comment.
 */
public record ImpactReport(String revision, int replayed, int unchanged, int skipped, List<Change> changed, List<String> skippedWhy) {
  public ImpactReport {
    changed = List.copyOf(changed);
    skippedWhy = List.copyOf(skippedWhy);
  }

  /** One decision that would change: {@code from}/{@code to} are allow, deny, or error (fails closed). */
  public record Change(String decisionId, String model, String version, String from, String to, List<String> reasonsAdded,
      List<String> reasonsRemoved) {
    public Change {
      reasonsAdded = List.copyOf(reasonsAdded);
      reasonsRemoved = List.copyOf(reasonsRemoved);
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("revision", revision);
    o.put("replayed", replayed);
    o.put("unchanged", unchanged);
    o.put("skipped", skipped);
    ArrayNode a = o.putArray("changed");
    for (Change c : changed) {
      ObjectNode x = a.addObject();
      x.put("decisionId", c.decisionId());
      x.put("model", c.model());
      x.put("version", c.version());
      x.put("from", c.from());
      x.put("to", c.to());
      ArrayNode add = x.putArray("reasonsAdded");
      c.reasonsAdded().forEach(add::add);
      ArrayNode rem = x.putArray("reasonsRemoved");
      c.reasonsRemoved().forEach(rem::add);
    }
    return o;
  }

  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("impact of ").append(revision).append(": ").append(replayed).append(" decisions replayed, ").append(changed.size())
        .append(" would change, ").append(unchanged).append(" unchanged, ").append(skipped).append(" skipped\n");
    for (Change c : changed) {
      sb.append("  ").append(c.decisionId()).append("  ").append(TerminalText.escape(c.model())).append('@')
          .append(TerminalText.escape(c.version())).append("  ").append(c.from()).append(" -> ").append(c.to()).append('\n');
      c.reasonsAdded().forEach(r -> sb.append("      + ").append(TerminalText.escape(r)).append('\n'));
      c.reasonsRemoved().forEach(r -> sb.append("      - ").append(TerminalText.escape(r)).append('\n'));
    }
    skippedWhy.forEach(s -> sb.append("  skipped: ").append(TerminalText.escape(s)).append('\n'));
    return sb.toString();
  }

  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("### Gavel impact of `").append(revision).append("`\n\n");
    sb.append(replayed).append(" recorded decisions replayed: **").append(changed.size()).append(" would change**, ")
        .append(unchanged).append(" unchanged, ").append(skipped).append(" skipped (masked or unreadable).\n");
    if (!changed.isEmpty()) {
      sb.append("\n| decision | model | outcome | reasons added | reasons removed |\n|---|---|---|---|---|\n");
      for (Change c : changed) {
        sb.append("| `").append(c.decisionId()).append("` | ").append(md(c.model() + "@" + c.version())).append(" | ")
            .append(c.from()).append(" → ").append(c.to()).append(" | ").append(md(String.join("; ", c.reasonsAdded())))
            .append(" | ").append(md(String.join("; ", c.reasonsRemoved()))).append(" |\n");
      }
    }
    return sb.toString();
  }

  /** Markdown table cells: no pipes, no newlines, no HTML. */
  private static String md(String s) {
    return TerminalText.escape(s).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }
}
