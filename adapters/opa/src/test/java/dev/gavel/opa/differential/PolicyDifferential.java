package dev.gavel.opa.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.bundles.PolicyFiles;
import dev.gavel.core.ReleaseRequest;
import dev.gavel.core.ReleaseRequestParser;
import dev.gavel.core.evidence.EvidenceVerifier;
import dev.gavel.core.evidence.TrustRoots;
import dev.gavel.core.port.MaskOperation;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicyOutcome;
import dev.gavel.core.port.PolicySnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The default policy library decided by two evaluators over the same policy inputs (the exact
 * documents the release gate builds: request plus verified facts), compared on everything the
 * gate reads: allow, every reason and warning (code, message, policy), obligations, and what the
 * mask rule hides. An evaluation error on both sides agrees when its kind agrees.
 */
public final class PolicyDifferential {
  /** The time the demo fixtures' evidence was made for. */
  static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");

  /** One input on which the evaluators differ. */
  record Disagreement(String name, JsonNode input, String left, String right) {}

  /** What a run compared: inputs, how many were allowed, reason codes seen (with counts), disagreements. */
  record Summary(int inputs, int allowed, int errors, Map<String, Integer> codes, List<Disagreement> disagreements) {}

  private final PolicySnapshot policy;
  private final PolicyEvaluator left;
  private final PolicyEvaluator right;

  PolicyDifferential(PolicySnapshot policy, PolicyEvaluator left, PolicyEvaluator right) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.left = Objects.requireNonNull(left, "left");
    this.right = Objects.requireNonNull(right, "right");
  }

  /** The shipped policy library with the demo trust data, as {@code gavel evaluate --data test-fixtures/trust.json} loads it. */
  public static PolicySnapshot shippedPolicy(Path repo) throws Exception {
    return PolicyFiles.load(List.of(repo.resolve("policies")), List.of(repo.resolve("test-fixtures/trust.json")));
  }

  /** Every fixture request's policy input, verified at {@link #AT} under the snapshot's trust data, in file order. */
  public static Map<String, ObjectNode> fixtureInputs(Path repo, PolicySnapshot policy) throws Exception {
    EvidenceVerifier verifier = new EvidenceVerifier(TrustRoots.fromPolicyData(policy.data()));
    Map<String, ObjectNode> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(repo.resolve("test-fixtures/requests"))) {
      for (Path p : s.filter(f -> f.getFileName().toString().matches("(allow|deny)-.*\\.json")).sorted().toList()) {
        ReleaseRequest r = new ReleaseRequestParser().parse(Files.readString(p));
        out.put(p.getFileName().toString(), r.policyInput(verifier.verify(r, AT)));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no fixture requests under " + repo.resolve("test-fixtures/requests"));
    }
    return out;
  }

  /** Compares the evaluators on each named input. */
  Summary compare(Map<String, ? extends JsonNode> inputs) {
    Tally t = new Tally();
    inputs.forEach(t::add);
    return t.summary();
  }

  /** Compares the evaluators on {@code count} variants of the seeds, from {@code first} on. */
  Summary compareVariants(PolicyVariants variants, long first, int count) {
    Tally t = new Tally();
    for (long i = first; i < first + count; i++) {
      t.add("variant " + i, variants.variant(i));
    }
    return t.summary();
  }

  /** What an evaluator answered: the decision (null when undefined) and the mask, or the kind of its error. */
  record Result(JsonNode decision, List<MaskOperation> mask, PolicyEvaluationException.Kind error) {
    @Override
    public String toString() {
      return error != null ? "error " + error : (decision == null ? "undefined" : decision.toString()) + (mask.isEmpty() ? "" : " mask " + mask);
    }
  }

  static Result outcome(PolicyEvaluator e, PolicySnapshot policy, JsonNode input) {
    try {
      PolicyOutcome o = e.evaluate(policy, input, AT);
      return new Result(o.decision(), o.mask(), null);
    } catch (PolicyEvaluationException x) {
      return new Result(null, List.of(), x.kind());
    }
  }

  private final class Tally {
    int n;
    int allowed;
    int errors;
    final Map<String, Integer> codes = new TreeMap<>();
    final List<Disagreement> found = new ArrayList<>();

    void add(String name, JsonNode input) {
      Result a = outcome(left, policy, input);
      Result b = outcome(right, policy, input);
      n++;
      if (!a.equals(b)) {
        found.add(new Disagreement(name, input, a.toString(), b.toString()));
      } else if (a.error() != null) {
        errors++;
      } else if (a.decision() != null) {
        if (a.decision().path("allow").asBoolean(false)) {
          allowed++;
        }
        for (JsonNode r : a.decision().path("deny")) {
          codes.merge(r.path("code").asText(), 1, Integer::sum);
        }
      }
    }

    Summary summary() {
      return new Summary(n, allowed, errors, codes, found);
    }
  }
}
