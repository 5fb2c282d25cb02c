package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.MaskOperation;
import dev.gavel.json.CanonicalJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Data minimisation before a decision is stored: removes fields, or replaces them by the SHA-256
 * of their RFC 8785 canonical JSON (so equal values still compare equal), as the policy's mask
 * rule asks. Paths are JSON pointers (RFC 6901) into {@code {input, verified}}; a path that
 * names nothing is skipped.
 */
public final class DecisionMask {
  private DecisionMask() {}

  /** Masks {@code event} in place; returns the operations that found their field. */
  public static List<MaskOperation> apply(ObjectNode event, List<MaskOperation> ops) {
    List<MaskOperation> applied = new ArrayList<>();
    for (MaskOperation op : ops) {
      List<String> segments = segments(op.path());
      JsonNode parent = event;
      for (int i = 0; i < segments.size() - 1 && parent != null; i++) {
        parent = child(parent, segments.get(i));
      }
      String last = segments.get(segments.size() - 1);
      if (parent == null || child(parent, last) == null) {
        continue;
      }
      JsonNode value = child(parent, last);
      JsonNode replacement = op.op().equals("digest")
          ? com.fasterxml.jackson.databind.node.TextNode.valueOf("sha256:" + ReleaseGate.sha256Hex(CanonicalJson.canonicalize(value))) : null;
      if (parent instanceof ObjectNode o) {
        if (replacement == null) {
          o.remove(last);
        } else {
          o.set(last, replacement);
        }
      } else if (parent instanceof ArrayNode a) {
        int idx = Integer.parseInt(last);
        if (replacement == null) {
          a.remove(idx);
        } else {
          a.set(idx, replacement);
        }
      }
      applied.add(op);
    }
    return applied;
  }

  private static JsonNode child(JsonNode n, String segment) {
    if (n.isObject()) {
      return n.get(segment);
    }
    if (n.isArray() && segment.matches("0|[1-9][0-9]*") && segment.length() < 10) {
      return n.get(Integer.parseInt(segment));
    }
    return null;
  }

  static List<String> segments(String pointer) {
    List<String> out = new ArrayList<>();
    for (String s : pointer.substring(1).split("/", -1)) {
      out.add(s.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }
}
