package dev.gavel.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.MaskOperation;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluationException.Kind;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicyOutcome;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.rego.EvalLimits;
import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.Location;
import dev.gavel.rego.PreparedRef;
import dev.gavel.rego.Rego;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.RuleTrace;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates release policies with the embedded Rego engine. Each snapshot is compiled once and
 * kept (a small LRU by revision, checked against the snapshot's content); the decision query and
 * the mask rule run over one converted input. An evaluation longer than the timeout is cancelled.
 * Thread-safe: compiled policies are immutable and each evaluation has its own state.
 */
public final class EmbeddedEvaluator implements PolicyEvaluator {
  private static final int CACHED = 16;
  private final Duration timeout;
  private final EvalLimits limits;
  private final Map<String, Compiled> compiled = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Compiled> e) {
      return size() > CACHED;
    }
  };

  /** A compiled snapshot and its two prepared queries. */
  private record Compiled(PolicySnapshot snapshot, Rego rego, PreparedRef decision, PreparedRef mask) {}

  /** With the engine's default limits. */
  public EmbeddedEvaluator(Duration timeout) {
    this(timeout, EvalLimits.DEFAULT);
  }

  /**
   * @param timeout the longest one evaluation may run before it is cancelled (fail closed)
   * @param limits steps, allocated elements and nesting depth one evaluation may use
   */
  public EmbeddedEvaluator(Duration timeout, EvalLimits limits) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the evaluation timeout must be positive but got " + timeout);
    }
    this.timeout = timeout;
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public String name() {
    return "embedded";
  }

  @Override
  public void prepare(PolicySnapshot snapshot) throws PolicyEvaluationException {
    compile(snapshot);
  }

  /** The compiled engine for a snapshot (for tools that need more than the release query, such as tests). */
  public Rego rego(PolicySnapshot snapshot) throws PolicyEvaluationException {
    return compile(snapshot).rego();
  }

  private Compiled compile(PolicySnapshot snapshot) throws PolicyEvaluationException {
    Objects.requireNonNull(snapshot, "snapshot");
    synchronized (compiled) {
      Compiled c = compiled.get(snapshot.revision());
      if (c != null && (c.snapshot() == snapshot || c.snapshot().equals(snapshot))) {
        return c;
      }
    }
    Compiled c;
    try {
      Rego.Builder b = Rego.builder();
      for (PolicySnapshot.Module m : snapshot.modules()) {
        b.module(m.path(), m.text());
      }
      Rego rego = b.data(JsonValues.fromJson(snapshot.data())).build();
      c = new Compiled(snapshot, rego, rego.prepareRef(DECISION_QUERY), rego.prepareRef(MASK_QUERY));
    } catch (RegoException e) {
      throw new PolicyEvaluationException(Kind.POLICY_INVALID, "policy " + snapshot.revision() + " does not compile:\n" + e.render(), e);
    }
    synchronized (compiled) {
      compiled.put(snapshot.revision(), c);
    }
    return c;
  }

  @Override
  public PolicyOutcome evaluate(PolicySnapshot snapshot, JsonNode input, Instant at) throws PolicyEvaluationException {
    Compiled c = compile(snapshot);
    List<PolicyOutcome.RuleOrigin> origins = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    EvalOptions base = EvalOptions.at(at).strict(true).limits(limits).cancelWhen(() -> System.nanoTime() > deadline);
    // Only strings and objects with a code can be reasons; skip converting everything else
    // (sets of whole scan objects, digests) on every evaluation.
    EvalOptions traced = base.traceRules(new RuleTrace() {
      @Override
      public void contributed(String rule, Location loc, Value value) {
        contributed(rule, loc, value, null);
      }

      @Override
      public void contributed(String rule, Location loc, Value value, String title) {
        if (value instanceof StringValue || value instanceof ObjectValue o && o.containsKey(StringValue.of("code"))) {
          origins.add(new PolicyOutcome.RuleOrigin(rule, loc.file() + ":" + loc.line(), JsonValues.toJson(value), title));
        }
      }
    });
    Value in;
    Value decision;
    try {
      in = JsonValues.fromJson(input, limits.maxDepth());
      decision = c.decision().evaluate(in, traced).orElse(null);
    } catch (RegoException e) {
      throw failure("policy evaluation failed", e);
    }
    if (decision == null) {
      return new PolicyOutcome(null, List.of(), origins);
    }
    return new PolicyOutcome(JsonValues.toJson(decision), mask(c, in, decision, base), origins);
  }

  /**
   * The mask rule sees {@code {input: <the request>, verified: <facts>, result: {allow, reasons, warnings}}},
   * built from the already converted input, not converted again.
   */
  private static List<MaskOperation> mask(Compiled c, Value in, Value decision, EvalOptions opts)
      throws PolicyEvaluationException {
    Map<Value, Value> request = new LinkedHashMap<>();
    Value verified = null;
    if (!(in instanceof ObjectValue input)) {
      throw new PolicyEvaluationException("the policy input must be an object");
    }
    for (Map.Entry<Value, Value> e : input.asMap().entrySet()) {
      if (e.getKey().equals(StringValue.of("verified"))) {
        verified = e.getValue();
      } else {
        request.put(e.getKey(), e.getValue());
      }
    }
    Map<Value, Value> result = new LinkedHashMap<>();
    if (decision instanceof ObjectValue d) {
      put(result, "allow", d.get(StringValue.of("allow")));
      // As arrays in the order the gate stores them, so /result/reasons/N names the N-th stored reason.
      put(result, "reasons", asArray(d.get(StringValue.of("deny"))));
      put(result, "warnings", asArray(d.get(StringValue.of("warnings"))));
    }
    Map<Value, Value> event = new LinkedHashMap<>();
    event.put(StringValue.of("input"), ObjectValue.of(request));
    put(event, "verified", verified);
    event.put(StringValue.of("result"), ObjectValue.of(result));
    Optional<Value> mask;
    try {
      mask = c.mask().evaluate(ObjectValue.of(event), opts);
    } catch (RegoException e) {
      throw failure("mask policy failed", e);
    }
    List<MaskOperation> out = new ArrayList<>();
    if (mask.isEmpty()) {
      return out;
    }
    JsonNode ops = JsonValues.toJson(mask.get());
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

  private static Value asArray(Value v) {
    return v == null ? null : JsonValues.fromJson(JsonValues.toJson(v));
  }

  private static void put(Map<Value, Value> m, String k, Value v) {
    if (v != null) {
      m.put(StringValue.of(k), v);
    }
  }

  private static PolicyEvaluationException failure(String what, RegoException e) {
    String code = e.code();
    Kind kind = code.equals(RegoError.EVAL_CANCEL) || code.equals(RegoError.EVAL_LIMIT) ? Kind.LIMIT_EXCEEDED : Kind.EVALUATION_FAILED;
    return new PolicyEvaluationException(kind, what + ": " + e.render(), e);
  }
}
