package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.PolicyEvaluationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a policy answered for {@code data.gavel.release.decision}. Anything malformed fails
 * closed with an error: only {@code allow: true} with a defined, empty {@code deny} allows a release.
 */
public record DecisionDocument(boolean allow, List<Reason> reasons, List<Reason> warnings, List<JsonNode> obligations) {

  public static DecisionDocument read(JsonNode doc) throws PolicyEvaluationException {
    if (doc == null) {
      throw new PolicyEvaluationException("the policy defines no data.gavel.release.decision for this request");
    }
    if (!doc.isObject()) {
      throw new PolicyEvaluationException("data.gavel.release.decision must be an object but is " + doc.getNodeType().name().toLowerCase());
    }
    JsonNode allow = doc.get("allow");
    if (allow == null || !allow.isBoolean()) {
      throw new PolicyEvaluationException("data.gavel.release.decision.allow must be a boolean but is "
          + (allow == null ? "undefined" : allow.getNodeType().name().toLowerCase()));
    }
    JsonNode deny = doc.get("deny");
    if (deny == null || deny.isNull()) {
      // The contract is allow AND deny: a policy that forgot its reasons must not allow silently.
      throw new PolicyEvaluationException("data.gavel.release.decision.deny is undefined: a decision must define both allow "
          + "and deny (an empty set when nothing is wrong)");
    }
    List<Reason> reasons = reasons(deny, "deny");
    List<Reason> warnings = reasons(doc.get("warnings"), "warnings");
    List<JsonNode> obligations = new ArrayList<>();
    JsonNode obl = doc.get("obligations");
    if (obl != null) {
      if (!obl.isArray()) {
        throw new PolicyEvaluationException("data.gavel.release.decision.obligations must be an array or set");
      }
      obl.forEach(obligations::add);
    }
    boolean allowed = allow.booleanValue() && reasons.isEmpty();
    if (!allowed && reasons.isEmpty()) {
      reasons = List.of(new Reason("policy.denied", "the policy did not allow this release and gave no reason", null));
    }
    return new DecisionDocument(allowed, reasons, warnings, obligations);
  }

  private static List<Reason> reasons(JsonNode n, String field) throws PolicyEvaluationException {
    List<Reason> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw new PolicyEvaluationException("data.gavel.release.decision." + field + " must be a set or array");
    }
    for (JsonNode r : n) {
      if (r.isTextual()) {
        out.add(new Reason(r.asText(), r.asText(), null));
      } else if (r.isObject() && r.path("code").isTextual()) {
        out.add(new Reason(r.get("code").asText(), r.path("message").asText(r.get("code").asText()),
            r.path("policy").isTextual() ? r.get("policy").asText() : null));
      } else {
        throw new PolicyEvaluationException("each entry of data.gavel.release.decision." + field
            + " must be a string or an object with a string code, but got " + r);
      }
    }
    return out;
  }
}
