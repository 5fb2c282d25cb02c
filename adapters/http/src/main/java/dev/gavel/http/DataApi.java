package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gavel.core.ReleaseGate;
import dev.gavel.core.UuidV7;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySource;
import dev.gavel.core.port.TimeSource;
import dev.gavel.embedded.EmbeddedEvaluator;
import dev.gavel.json.Json;
import dev.gavel.json.Utf8;
import dev.gavel.json.Yaml;
import dev.gavel.rego.EvalLimits;
import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.PreparedRef;
import dev.gavel.rego.Rego;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.Value;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OPA's Data API over the active policy snapshot, as OPA's REST API documentation specifies it, so
 * OPA's clients and SDKs work unchanged: {@code POST /v1/data/{path}} with {@code {"input": ...}}
 * (JSON, or YAML with {@code Content-Type: application/yaml}) and {@code GET /v1/data/{path}}
 * (optional {@code ?input=} JSON) answer {@code {"result": ..., "decision_id": ...}}, without
 * {@code result} when the document is undefined (still 200). {@code ?pretty}, {@code ?provenance}
 * (version and the policy revision as the {@code gavel} bundle), {@code ?metrics} and
 * {@code ?instrument} (measured parse, compile, evaluation and handler times) and
 * {@code ?strict-builtin-errors} are honoured; {@code ?explain} other than {@code off} is refused
 * (400): the embedded engine records which rules produced a value, not OPA's trace events, and an
 * answer in another shape would mislead. Errors use OPA's shape ({@code code, message, errors}).
 * The evaluation time is the server's clock; the same timeout and limits as decisions apply.
 * Data API answers are not release decisions: they are not recorded in the ledger; the
 * {@code decision_id} appears in the access log.
 */
final class DataApi {
  private static final Set<String> PARAMS = Set.of("pretty", "provenance", "explain", "metrics", "instrument",
      "strict-builtin-errors", "input");
  private static final int CACHED_REFS = 1024;
  private final PolicySource policies;
  private final PolicyEvaluator evaluator;
  private final TimeSource clock;
  private final Duration timeout;
  private final EvalLimits limits;
  private final ServerConfig.Limits serverLimits;
  private final BlockingPool pool;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, PreparedRef> refs = new ConcurrentHashMap<>();

  DataApi(PolicySource policies, PolicyEvaluator evaluator, TimeSource clock, Duration timeout, EvalLimits limits,
      ServerConfig.Limits serverLimits, BlockingPool pool) {
    this.policies = policies;
    this.evaluator = evaluator;
    this.clock = clock;
    this.timeout = timeout;
    this.limits = limits;
    this.serverLimits = serverLimits;
    this.pool = pool;
  }

  /** A parsed Data API call. */
  private record Call(String ref, JsonNode input, boolean pretty, boolean provenance, boolean metrics, boolean strict,
      long started, long parseNanos) {}

  void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    Call call;
    try {
      call = parse(ctx, started);
    } catch (Failure.Refusal r) {
      Replies.problem(ctx, r.problem);
      return;
    }
    Replies.async(ctx, pool, () -> evaluate(call), (c, o) -> {
      c.put(DecisionRoutes.DECISION_ID, o.path("decision_id").asText());
      if (o.get("metrics") instanceof ObjectNode m) {
        m.put("timer_server_handler_ns", System.nanoTime() - call.started());
      }
      int status = !o.has("code") ? 200 : o.get("code").asText().equals("invalid_parameter") ? 400 : 500;
      Replies.json(c, status, o, call.pretty());
    });
  }

  private Call parse(RoutingContext ctx, long started) throws Failure.Refusal {
    for (String n : ctx.queryParams().names()) {
      if (!PARAMS.contains(n)) {
        throw new Failure.Refusal(Problem.badParameter(n, "unknown parameter"));
      }
    }
    String explain = ctx.queryParams().get("explain");
    if (explain != null && !explain.equals("off")) {
      throw new Failure.Refusal(Problem.badParameter("explain", "explain=" + explain + " is not supported: the embedded "
          + "engine does not produce OPA trace events (use explain=off, or gavel evaluate --explain for the rules behind each reason)"));
    }
    String ref = ref(ctx.request().path());
    long t0 = System.nanoTime();
    JsonNode input = null;
    if (ctx.request().method().name().equals("POST")) {
      input = bodyInput(BodyReader.body(ctx), ctx.request().getHeader("Content-Type"));
    }
    String q = ctx.queryParams().get("input");
    if (q != null) {
      if (input != null) {
        throw new Failure.Refusal(Problem.badParameter("input", "give the input in the body or in the query, not both"));
      }
      input = document(q.getBytes(StandardCharsets.UTF_8), false, "input");
    }
    long parse = System.nanoTime() - t0;
    boolean metrics = DecisionRoutes.flag(ctx, "metrics") || DecisionRoutes.flag(ctx, "instrument");
    return new Call(ref, input, DecisionRoutes.flag(ctx, "pretty"), DecisionRoutes.flag(ctx, "provenance"), metrics,
        DecisionRoutes.flag(ctx, "strict-builtin-errors"), started, parse);
  }

  /** {@code /v1/data/a/b%20c/0} to {@code data["a"]["b c"][0]}. */
  static String ref(String path) throws Failure.Refusal {
    String rest = path.length() > "/v1/data".length() ? path.substring("/v1/data".length()) : "";
    StringBuilder ref = new StringBuilder("data");
    for (String seg : rest.split("/")) {
      if (seg.isEmpty()) {
        continue;
      }
      String key;
      try {
        key = URLDecoder.decode(seg.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new Failure.Refusal(Problem.badParameter("path", "segment '" + seg + "' is not valid percent-encoding"));
      }
      // As OPA does: a segment that reads as an integer is one (an array index), any other a string.
      ref.append('[').append(key.matches("-?[0-9]{1,18}") ? Long.toString(Long.parseLong(key)) : new TextNode(key).toString())
          .append(']');
    }
    return ref.toString();
  }

  private JsonNode bodyInput(Buffer body, String contentType) throws Failure.Refusal {
    if (body == null || body.length() == 0) {
      return null;
    }
    boolean yaml = contentType != null && (contentType.startsWith("application/yaml") || contentType.startsWith("application/x-yaml"));
    JsonNode doc = document(body.getBytes(), yaml, "body");
    if (!doc.isObject()) {
      throw new Failure.Refusal(Problem.badParameter("body", "must be an object {\"input\": ...}"));
    }
    var names = doc.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!k.equals("input")) {
        throw new Failure.Refusal(Problem.badParameter("body." + k, "unknown field (the body is {\"input\": ...})"));
      }
    }
    return doc.get("input");
  }

  private JsonNode document(byte[] bytes, boolean yaml, String what) throws Failure.Refusal {
    int depth = JsonDepth.of(bytes);
    if (depth > serverLimits.maxJsonDepth()) {
      throw new Failure.Refusal(Problem.badParameter(what, "nests " + depth + " levels deep; the limit is "
          + serverLimits.maxJsonDepth() + " (max-json-depth)"));
    }
    try {
      return yaml ? Yaml.reader().readDocument(Utf8.decode(bytes)) : Json.read(bytes);
    } catch (Json.ParseException e) {
      throw new Failure.Refusal(Problem.badParameter(what, "malformed " + (yaml ? "YAML" : "JSON") + ": " + e.located()));
    }
  }

  private ObjectNode evaluate(Call call) throws Exception {
    if (!(evaluator instanceof EmbeddedEvaluator embedded)) {
      throw Failure.refuse(501, "data-api-unavailable", "Data API unavailable", "the Data API needs the embedded evaluator");
    }
    PolicySnapshot snap = policies.active();
    Rego rego;
    try {
      rego = embedded.rego(snap);
    } catch (PolicyEvaluationException e) {
      throw Failure.refuse(503, "policy-unusable", "Policy unusable", e.getMessage());
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ObjectNode metrics = JsonNodeFactory.instance.objectNode();
    long t0 = System.nanoTime();
    PreparedRef prepared;
    try {
      prepared = prepared(snap.revision(), call.ref(), rego);
    } catch (RegoException e) {
      return opaError("invalid_parameter", "error(s) occurred while compiling the reference", e);
    }
    long compile = System.nanoTime() - t0;
    long deadline = System.nanoTime() + timeout.toNanos();
    EvalOptions opts = EvalOptions.at(clock.now()).strict(call.strict()).limits(limits)
        .cancelWhen(() -> System.nanoTime() > deadline);
    Optional<Value> v;
    long t1 = System.nanoTime();
    long conversion;
    try {
      Value in = call.input() == null ? null : JsonValues.fromJson(call.input(), limits.maxDepth());
      conversion = System.nanoTime() - t1;
      t1 = System.nanoTime();
      v = prepared.evaluate(in, opts);
    } catch (RegoException e) {
      return opaError("internal_error", "error(s) occurred while evaluating query", e);
    }
    long eval = System.nanoTime() - t1;
    v.ifPresent(value -> out.set("result", JsonValues.toJson(value)));
    out.put("decision_id", UuidV7.at(clock.now(), random).toString());
    if (call.provenance()) {
      ObjectNode p = out.putObject("provenance");
      p.put("version", "gavel " + ReleaseGate.VERSION);
      p.putObject("bundles").putObject("gavel").put("revision", snap.revision());
    }
    if (call.metrics()) {
      metrics.put("timer_rego_input_parse_ns", call.parseNanos() + conversion);
      metrics.put("timer_rego_query_compile_ns", compile);
      metrics.put("timer_rego_query_eval_ns", eval);
      out.set("metrics", metrics);
    }
    return out;
  }

  private PreparedRef prepared(String revision, String ref, Rego rego) {
    String key = revision + "\u0000" + ref;
    PreparedRef p = refs.get(key);
    if (p == null) {
      if (refs.size() > CACHED_REFS) {
        refs.clear();
      }
      try {
        p = rego.prepareRef(ref);
      } catch (IllegalArgumentException e) {
        throw new RegoException(RegoError.COMPILE, dev.gavel.rego.Location.NONE, e.getMessage());
      }
      refs.put(key, p);
    }
    return p;
  }

  /** OPA's error document for an evaluation or compile error, every error with its code and location. */
  private static ObjectNode opaError(String code, String message, RegoException e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("code", code);
    o.put("message", message);
    ArrayNode errs = o.putArray("errors");
    for (RegoError r : e.errors()) {
      ObjectNode x = errs.addObject();
      x.put("code", r.code());
      x.put("message", r.message());
      if (r.location() != null && r.location().line() > 0) {
        x.putObject("location").put("file", r.location().file()).put("row", r.location().line()).put("col", r.location().column());
      }
    }
    return o;
  }
}
