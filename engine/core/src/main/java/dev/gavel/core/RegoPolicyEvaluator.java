package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.MaskOperation;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicyOutcome;
import dev.gavel.core.port.PolicyRevision;
import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.Rego;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Evaluates {@code data.gavel.release.decision} with the embedded Rego engine. */
public final class RegoPolicyEvaluator implements PolicyEvaluator {
  public static final String DECISION_QUERY = "data.gavel.release.decision";
  private final Rego rego;
  private final Body query;
  private final PolicyRevision revision;
  private final Body maskQuery;
  private final PolicySource source;
  /** OPA's decision-log masking rule lives at data.system.log.mask; Gavel's at data.gavel.log.mask. */
  public static final String MASK_QUERY = "data.gavel.log.mask";

  /** Compiles the policy now; throws RegoException (with file:line:col) when it does not compile. */
  public RegoPolicyEvaluator(PolicySource source) {
    Rego.Builder b = Rego.builder();
    for (PolicySource.Module m : source.modules()) {
      b.module(m.path(), m.text());
    }
    this.rego = b.data(JsonValues.fromJson(source.data())).build();
    this.query = rego.prepare("__decision__ = " + DECISION_QUERY);
    this.revision = new PolicyRevision(source.revision(), source.location());
    this.maskQuery = rego.prepare("__mask__ = " + MASK_QUERY);
    this.source = source;
  }

  @Override
  public PolicySource source() {
    return source;
  }

  @Override
  public List<MaskOperation> mask(JsonNode event, Instant at) throws PolicyEvaluationException {
    List<Map<String, Value>> rows;
    try {
      rows = rego.evaluate(maskQuery, JsonValues.fromJson(event), EvalOptions.at(at).strict(true));
    } catch (RegoException e) {
      throw new PolicyEvaluationException("mask policy failed: " + e.render(), e);
    }
    List<MaskOperation> out = new ArrayList<>();
    if (rows.isEmpty()) {
      return out;
    }
    JsonNode ops = JsonValues.toJson(rows.get(0).get("__mask__"));
    if (!ops.isArray()) {
      throw new PolicyEvaluationException(MASK_QUERY + " must be a set of JSON pointers or {op, path} objects");
    }
    for (JsonNode op : ops) {
      try {
        out.add(op.isTextual() ? new MaskOperation("remove", op.asText())
            : new MaskOperation(op.path("op").asText(""), op.path("path").asText(null)));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new PolicyEvaluationException(MASK_QUERY + ": " + op + ": " + e.getMessage());
      }
    }
    return out;
  }

  public Rego rego() {
    return rego;
  }

  @Override
  public PolicyOutcome evaluate(JsonNode input, Instant at) throws PolicyEvaluationException {
    List<PolicyOutcome.RuleOrigin> origins = new ArrayList<>();
    try {
      // Only strings and objects with a code can be reasons; skip converting everything else
      // (sets of whole scan objects, digests) on every evaluation.
      EvalOptions opts = EvalOptions.at(at).strict(true).traceRules((rule, loc, value) -> {
        if (value instanceof dev.gavel.rego.value.StringValue
            || value instanceof dev.gavel.rego.value.ObjectValue o && o.containsKey(dev.gavel.rego.value.StringValue.of("code"))) {
          origins.add(new PolicyOutcome.RuleOrigin(rule, loc.file() + ":" + loc.line(), JsonValues.toJson(value)));
        }
      });
      List<Map<String, Value>> rows = rego.evaluate(query, JsonValues.fromJson(input), opts);
      if (rows.isEmpty()) {
        return new PolicyOutcome(null, revision, origins);
      }
      return new PolicyOutcome(JsonValues.toJson(rows.get(0).get("__decision__")), revision, origins);
    } catch (RegoException e) {
      throw new PolicyEvaluationException("policy evaluation failed: " + e.render(), e);
    }
  }
}
