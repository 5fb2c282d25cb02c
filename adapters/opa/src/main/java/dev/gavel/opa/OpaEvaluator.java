package dev.gavel.opa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.MaskOperation;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluationException.Kind;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicyOutcome;
import dev.gavel.core.port.PolicySnapshot;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.net.ssl.SSLContext;

/**
 * Evaluates release policies with a remote OPA over its REST API. Gavel loads exactly the snapshot
 * it decides with into OPA (the Policy API for every module, then the Data API for the data, with a
 * revision marker written last), and every evaluation reads the marker in the same query as the
 * decision and the mask rule, so an answer computed at any other revision is refused (fail closed,
 * after one reload: OPA restarted, or another client changed it). Loads are serialised against
 * evaluations in this process; an OPA serves one Gavel, or several deciding with the same revision.
 * Note: {@code time.now_ns()} in a policy reads OPA's clock, not Gavel's evaluation time.
 */
public final class OpaEvaluator implements PolicyEvaluator {
  static final String PREFIX = "gavel/";
  static final String QUERY_ID = "gavel_snapshot_query";
  static final String MARKER = "gavel_snapshot";
  /** The module that reads the revision marker, the decision and the mask rule in one evaluation. */
  static final String QUERY_MODULE = """
      package gavel_snapshot_query

      import rego.v1

      revision := data.gavel_snapshot.revision

      decision := [d | d := data.gavel.release.decision]

      mask := m if {
      \tsome d in decision
      \tm := [x | some x in data.gavel.log.mask] with input as {
      \t\t"input": object.remove(input, {"verified"}),
      \t\t"verified": object.get(input, "verified", null),
      \t\t"result": {
      \t\t\t"allow": object.get(d, "allow", null),
      \t\t\t"reasons": [r | some r in object.get(d, "deny", [])],
      \t\t\t"warnings": [w | some w in object.get(d, "warnings", [])],
      \t\t},
      \t}
      }
      """;

  private final OpaClient client;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile String loaded;
  private volatile String version = "";

  /**
   * @param base OPA's address, e.g. {@code http://127.0.0.1:8181/}
   * @param token a bearer token for OPA's authentication, or null
   * @param tls trust for an https OPA, or null for the JDK's default
   * @param timeout per request
   * @param attempts tries per request for failures that may pass (at least 1)
   */
  public OpaEvaluator(URI base, String token, SSLContext tls, Duration timeout, int attempts) {
    String s = Objects.requireNonNull(base, "base").toString();
    this.client = new OpaClient(URI.create(s.endsWith("/") ? s : s + "/"), token, tls, timeout, attempts);
  }

  @Override
  public String name() {
    return version.isEmpty() ? "opa" : "opa " + version;
  }

  @Override
  public void prepare(PolicySnapshot snapshot) throws PolicyEvaluationException {
    if (snapshot.revision().equals(loaded)) {
      return;
    }
    lock.writeLock().lock();
    try {
      if (!snapshot.revision().equals(loaded)) {
        load(snapshot);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void load(PolicySnapshot s) throws PolicyEvaluationException {
    loaded = null;
    try {
      // First the marker goes, so no query anywhere takes a half-loaded policy for a revision.
      client.call("PUT", "v1/data/" + MARKER, "{\"revision\":" + JsonNodeFactory.instance.textNode("(loading " + s.revision() + ")")
          + "}", "application/json");
      Map<String, PackageModules.Joined> modules = new LinkedHashMap<>();
      try {
        for (PackageModules.Joined j : PackageModules.join(s.modules(), PREFIX)) {
          modules.put(j.id(), j);
        }
      } catch (IllegalArgumentException e) {
        throw new PolicyEvaluationException(Kind.POLICY_INVALID, "cannot load policy revision " + s.revision() + " into OPA: "
            + e.getMessage());
      }
      modules.put(QUERY_ID, new PackageModules.Joined(QUERY_ID, QUERY_MODULE, List.of()));
      JsonNode existing = client.call("GET", "v1/policies", null, null);
      for (JsonNode p : existing.path("result")) {
        String id = p.path("id").asText();
        if (id.startsWith(PREFIX) && !modules.containsKey(id)) {
          client.call("DELETE", "v1/policies/" + path(id), null, null);
        }
      }
      putModules(modules);
      ObjectNode data = (ObjectNode) s.data();
      data.putObject(MARKER).put("revision", s.revision());
      client.call("PUT", "v1/data", data.toString(), "application/json");
      loaded = s.revision();
    } catch (OpaClient.OpaException e) {
      throw failure(e, "cannot load policy revision " + s.revision() + " into OPA");
    }
  }

  /**
   * OPA compiles every module with those already loaded, so a package that calls a function of one
   * not loaded yet fails: modules are put again until all are in, and a round without progress
   * reports the errors OPA gave, at the original files and lines.
   */
  private void putModules(Map<String, PackageModules.Joined> modules) throws OpaClient.OpaException, PolicyEvaluationException {
    Set<String> pending = new HashSet<>(modules.keySet());
    List<String> order = new ArrayList<>(modules.keySet());
    while (!pending.isEmpty()) {
      List<String> errors = new ArrayList<>();
      int before = pending.size();
      for (String id : order) {
        if (!pending.contains(id)) {
          continue;
        }
        try {
          client.call("PUT", "v1/policies/" + path(id), modules.get(id).text(), "text/plain");
          pending.remove(id);
        } catch (OpaClient.OpaException e) {
          if (e.status != 400 || e.body == null) {
            throw e;
          }
          for (JsonNode err : e.body.path("errors")) {
            PackageModules.Joined j = modules.get(err.at("/location/file").asText(id));
            String where = j == null ? err.at("/location/file").asText(id) + ":" + err.at("/location/row").asInt()
                : j.origin(err.at("/location/row").asInt());
            errors.add(where + ":" + err.at("/location/col").asInt() + ": " + err.path("code").asText() + ": " + err.path("message").asText());
          }
        }
      }
      if (pending.size() == before) {
        throw new PolicyEvaluationException(Kind.POLICY_INVALID, "OPA does not compile the policy:\n  " + String.join("\n  ", errors));
      }
    }
  }

  private static String path(String id) {
    StringBuilder sb = new StringBuilder();
    for (String seg : id.split("/", -1)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }

  @Override
  public PolicyOutcome evaluate(PolicySnapshot snapshot, JsonNode input, Instant at) throws PolicyEvaluationException {
    for (int attempt = 0; ; attempt++) {
      prepare(snapshot);
      JsonNode result;
      lock.readLock().lock();
      try {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("input", input);
        JsonNode answer = client.call("POST", "v1/data/" + QUERY_ID + "?strict-builtin-errors=true&provenance=true", body.toString(),
            "application/json");
        if (answer == null || !answer.isObject()) {
          throw new PolicyEvaluationException(Kind.UNAVAILABLE, "OPA answered the decision query with no JSON object");
        }
        version = answer.at("/provenance/version").asText(version);
        result = answer.get("result");
      } catch (OpaClient.OpaException e) {
        throw failure(e, "OPA could not evaluate the decision");
      } finally {
        lock.readLock().unlock();
      }
      String revision = result == null ? null : result.path("revision").asText(null);
      if (!snapshot.revision().equals(revision)) {
        loaded = null;
        if (attempt == 0) {
          continue; // OPA restarted or was changed by another client: load our revision once more
        }
        throw new PolicyEvaluationException(Kind.UNAVAILABLE, "OPA answered at policy revision " + revision + ", not "
            + snapshot.revision() + " (fail closed)");
      }
      return outcome(result);
    }
  }

  private static PolicyOutcome outcome(JsonNode result) throws PolicyEvaluationException {
    JsonNode decisions = result.path("decision");
    if (!decisions.isArray() || decisions.size() > 1) {
      throw new PolicyEvaluationException(Kind.UNAVAILABLE, "OPA's answer has the wrong shape: decision must be a list of at most one");
    }
    JsonNode decision = decisions.isEmpty() ? null : decisions.get(0);
    List<MaskOperation> ops = new ArrayList<>();
    for (JsonNode op : result.path("mask")) {
      try {
        ops.add(op.isTextual() ? new MaskOperation("remove", op.asText())
            : new MaskOperation(op.path("op").asText(""), op.path("path").asText(null)));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new PolicyEvaluationException(MASK_QUERY + ": " + op + ": " + e.getMessage());
      }
    }
    return new PolicyOutcome(decision, ops, List.of());
  }

  private static PolicyEvaluationException failure(OpaClient.OpaException e, String what) {
    Kind kind = e.status == 400 ? Kind.POLICY_INVALID : e.status == 500 && e.body != null ? Kind.EVALUATION_FAILED : Kind.UNAVAILABLE;
    return new PolicyEvaluationException(kind, what + ": " + e.getMessage(), e);
  }
}
