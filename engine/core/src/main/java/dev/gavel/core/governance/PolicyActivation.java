package dev.gavel.core.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicyTester;
import dev.gavel.core.port.RevisionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@code policy-activation} ledger entry's payload, and the only writer and reader of it. An
 * activation carries the full policy text and data (so any decision replays at its exact policy
 * without the repository); a refusal carries why. Governed activations and refusals also name the
 * commit (id, tree, author, committer, message), the test summary, every approval considered with
 * its verdict, how many were required, and each gate. An {@code IMPLICIT} activation is the one a
 * directory or bundle policy records when it first decides. {@code requestedBy} names who asked for
 * a governed activation (a board member's server identity, or {@code cli:<user>}), when known.
 */
public record PolicyActivation(String revision, String source, Outcome outcome, PolicySnapshot snapshot, boolean bootstrap,
    String previous, RevisionInfo commit, PolicyTester.Summary tests, List<JsonNode> approvals, int required, List<Gate> gates,
    String requestedBy) {

  public enum Outcome {
    /** Recorded when an ungoverned source (a directory, a bundle) first decides. */
    IMPLICIT,
    /** Every gate passed. */
    ACTIVATED,
    /** A gate failed; the previous revision keeps deciding. */
    REFUSED;

    String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One activation gate and how it went. */
  public record Gate(String gate, boolean passed, String detail) {}

  public PolicyActivation {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(outcome, "outcome");
    if (outcome != Outcome.REFUSED) {
      Objects.requireNonNull(snapshot, "an activation carries its snapshot");
    }
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
    gates = gates == null ? List.of() : List.copyOf(gates);
  }

  /** The activation a directory or bundle policy records when it first decides. */
  public static PolicyActivation implicit(PolicySnapshot s) {
    return new PolicyActivation(s.revision(), s.source(), Outcome.IMPLICIT, s, false, null, null, null, List.of(), 0, List.of(),
        null);
  }

  /** Decisions may be made with it (implicit or governed activation). */
  public boolean activated() {
    return outcome != Outcome.REFUSED;
  }

  public ObjectNode toPayload() {
    ObjectNode o = snapshot != null ? snapshot.toJson() : JsonNodeFactory.instance.objectNode();
    o.put("revision", revision);
    o.put("source", source);
    if (outcome == Outcome.IMPLICIT) {
      // The form of the entries recorded before governance existed: the snapshot alone.
      return o;
    }
    o.put("outcome", outcome.json());
    o.put("bootstrap", bootstrap);
    if (previous == null) {
      o.putNull("previous");
    } else {
      o.put("previous", previous);
    }
    if (commit != null) {
      o.set("commit", commit.toJson());
    }
    if (tests != null) {
      ObjectNode t = o.putObject("tests");
      t.put("passed", tests.passed());
      t.put("failed", tests.failed());
      t.put("errors", tests.errors());
      t.put("skipped", tests.skipped());
      ArrayNode f = t.putArray("failures");
      tests.failures().forEach(f::add);
    }
    o.put("required", required);
    ArrayNode a = o.putArray("approvals");
    approvals.forEach(a::add);
    ArrayNode g = o.putArray("gates");
    for (Gate gate : gates) {
      g.addObject().put("gate", gate.gate()).put("passed", gate.passed()).put("detail", gate.detail());
    }
    if (requestedBy != null) {
      o.put("requestedBy", requestedBy);
    }
    return o;
  }

  /** The payload without the policy text and data: what a history or an API answer shows. */
  public ObjectNode toSummary() {
    ObjectNode o = toPayload();
    o.remove("modules");
    o.remove("data");
    // An implicit activation's payload is the bare snapshot (its recorded form predates outcomes).
    o.put("outcome", outcome.json());
    return o;
  }

  /** Reads a payload back; IllegalArgumentException naming what is missing. */
  public static PolicyActivation fromPayload(JsonNode o) {
    String outcome = o.path("outcome").asText("implicit");
    Outcome out;
    try {
      out = Outcome.valueOf(outcome.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a policy activation's outcome must be activated or refused but is " + outcome);
    }
    PolicySnapshot snapshot = out == Outcome.REFUSED ? null : PolicySnapshot.fromJson(o);
    PolicyTester.Summary tests = null;
    if (o.has("tests")) {
      JsonNode t = o.get("tests");
      List<String> failures = new ArrayList<>();
      t.path("failures").forEach(f -> failures.add(f.asText()));
      tests = new PolicyTester.Summary(t.path("passed").asInt(), t.path("failed").asInt(), t.path("errors").asInt(),
          t.path("skipped").asInt(), failures);
    }
    List<JsonNode> approvals = new ArrayList<>();
    o.path("approvals").forEach(approvals::add);
    List<Gate> gates = new ArrayList<>();
    for (JsonNode g : o.path("gates")) {
      gates.add(new Gate(g.path("gate").asText(), g.path("passed").asBoolean(), g.path("detail").asText()));
    }
    return new PolicyActivation(o.path("revision").asText(), o.path("source").asText(""), out, snapshot,
        o.path("bootstrap").asBoolean(false), o.path("previous").isTextual() ? o.get("previous").asText() : null,
        o.has("commit") ? RevisionInfo.fromJson(o.get("commit")) : null, tests, approvals, o.path("required").asInt(0), gates,
        o.path("requestedBy").isTextual() ? o.get("requestedBy").asText() : null);
  }
}
