package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gavel.core.port.MaskOperation;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Data minimisation before a decision is stored, as the policy's mask rule asks: each field it
 * names is removed, or replaced by the SHA-256 of its RFC 8785 canonical JSON (so equal values
 * still compare equal). Paths are JSON pointers (RFC 6901) into the mask rule's input
 * {@code {input, verified, result: {reasons, warnings}}}; a path that names nothing is skipped.
 *
 * <p>A masked value must not survive elsewhere: every copy of a masked string (of at least
 * {@value #MIN_SCRUBBED} characters) in the stored request, facts, reason and warning messages and
 * obligations is replaced the same way, the request summary is re-derived from the masked request,
 * and if a copy remains where it cannot be rewritten (inside base64 signed content such as a DSSE
 * payload) the mask rule is refused with the path to mask as well. Artifact digests identify what
 * was released and cannot be masked.
 */
final class DecisionMask {
  /** Shorter strings (a tier, a country code) are masked where named but not hunted down elsewhere. */
  static final int MIN_SCRUBBED = 3;
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{16,}={0,2}");
  private static final String REMOVED = "[masked]";

  private DecisionMask() {}

  /** The stored form of {@code d}; {@code d} itself is unchanged. */
  static Decision apply(Decision d, List<MaskOperation> ops) throws PolicyEvaluationException {
    if (ops.isEmpty()) {
      return d;
    }
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.set("input", d.input().deepCopy());
    event.set("verified", d.verified().deepCopy());
    ObjectNode result = event.putObject("result");
    result.set("reasons", Reason.toJson(d.reasons(), false));
    result.set("warnings", Reason.toJson(d.warnings(), false));
    ArrayNode obligations = JsonNodeFactory.instance.arrayNode();
    d.obligations().forEach(o -> obligations.add(o.deepCopy()));
    event.set("obligations", obligations);

    // masked string -> its replacement, longest first so that a contained value does not split a longer one
    Map<String, String> replacements = new LinkedHashMap<>();
    List<MaskOperation> applied = new ArrayList<>();
    for (MaskOperation op : ops) {
      if (maskOne(event, op, replacements)) {
        applied.add(op);
      }
    }
    if (applied.isEmpty()) {
      return d;
    }
    List<Map.Entry<String, String>> ordered = new ArrayList<>(replacements.entrySet());
    ordered.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
    scrub(event, ordered);
    leakCheck(event, "", ordered);

    JsonNode input = event.get("input");
    RequestSummary summary = RequestSummary.of(d.request().digest(), input);
    if (!summary.artifacts().stream().map(a -> a.sha256()).toList()
        .equals(d.request().artifacts().stream().map(a -> a.sha256()).toList())) {
      throw new PolicyEvaluationException("data.gavel.log.mask: artifact digests identify what was released and cannot be masked");
    }
    return new Decision(d.decisionId(), d.timestamp(), d.evaluatedAt(), d.allow(), Reason.fromJson(result.get("reasons")),
        Reason.fromJson(result.get("warnings")), list(event.get("obligations")), summary, d.policy(), input,
        event.get("verified"), applied, d.attestation(), d.ledger());
  }

  private static List<JsonNode> list(JsonNode a) {
    List<JsonNode> out = new ArrayList<>();
    a.forEach(out::add);
    return out;
  }

  /** Masks one field; records what each masked string becomes. False when the path names nothing. */
  private static boolean maskOne(ObjectNode event, MaskOperation op, Map<String, String> replacements)
      throws PolicyEvaluationException {
    List<String> segments = segments(op.path());
    if (segments.get(0).equals("result") && !(segments.size() == 4 && segments.get(3).equals("message"))) {
      throw new PolicyEvaluationException("data.gavel.log.mask: " + op.path() + ": only the message of a reason or warning "
          + "can be masked (/result/reasons/N/message); codes and the verdict are the decision itself");
    }
    JsonNode parent = event;
    for (int i = 0; i < segments.size() - 1 && parent != null; i++) {
      parent = child(parent, segments.get(i));
    }
    String last = segments.get(segments.size() - 1);
    JsonNode value = parent == null ? null : child(parent, last);
    if (value == null) {
      return false;
    }
    boolean digest = op.op().equals("digest");
    // A reason keeps a message (the decision contract says so): a removed one reads "[masked]".
    JsonNode replacement = digest ? TextNode.valueOf(CanonicalJson.sha256(value))
        : segments.get(0).equals("result") ? TextNode.valueOf(REMOVED) : null;
    strings(value, s -> {
      if (s.length() >= MIN_SCRUBBED) {
        replacements.putIfAbsent(s, digest ? CanonicalJson.sha256(TextNode.valueOf(s)) : REMOVED);
      }
    });
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
    return true;
  }

  /** Replaces every plain copy of a masked string inside every string of the tree. */
  private static void scrub(JsonNode n, List<Map.Entry<String, String>> ordered) {
    if (n instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      List<String[]> changes = new ArrayList<>();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isTextual()) {
          String v = replaceAll(e.getValue().textValue(), ordered);
          if (!v.equals(e.getValue().textValue())) {
            changes.add(new String[] {e.getKey(), v});
          }
        } else {
          scrub(e.getValue(), ordered);
        }
      }
      changes.forEach(c -> o.put(c[0], c[1]));
    } else if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isTextual()) {
          a.set(i, TextNode.valueOf(replaceAll(a.get(i).textValue(), ordered)));
        } else {
          scrub(a.get(i), ordered);
        }
      }
    }
  }

  private static String replaceAll(String s, List<Map.Entry<String, String>> ordered) {
    String out = s;
    for (Map.Entry<String, String> r : ordered) {
      if (out.contains(r.getKey())) {
        out = out.replace(r.getKey(), r.getValue());
      }
    }
    return out;
  }

  /** Refuses the mask when a masked string still hides in content that cannot be rewritten (base64). */
  private static void leakCheck(JsonNode n, String path, List<Map.Entry<String, String>> ordered)
      throws PolicyEvaluationException {
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        leakCheck(e.getValue(), path + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), ordered);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        leakCheck(n.get(i), path + "/" + i, ordered);
      }
    } else if (n.isTextual() && BASE64.matcher(n.textValue()).matches()) {
      String decoded = decode(n.textValue());
      for (Map.Entry<String, String> r : ordered) {
        if (decoded != null && decoded.contains(r.getKey())) {
          throw new PolicyEvaluationException("data.gavel.log.mask: a masked value is still readable inside the base64 content at "
              + path + " (signed content cannot be rewritten); mask " + path + " (or the object holding it) as well");
        }
      }
    }
  }

  private static String decode(String s) {
    try {
      return new String(s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s)
          : Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void strings(JsonNode n, java.util.function.Consumer<String> sink) {
    if (n.isTextual()) {
      sink.accept(n.textValue());
    } else if (n.isContainerNode()) {
      n.forEach(c -> strings(c, sink));
    }
  }

  private static JsonNode child(JsonNode n, String segment) {
    if (n.isObject()) {
      return n.get(segment);
    }
    if (n.isArray() && segment.matches("0|[1-9][0-9]{0,8}")) {
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
