package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.ReleaseRequest;
import dev.gavel.core.RequestProblem;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the evidence of a request into verified facts, the {@code input.verified} document that
 * policies decide on. Cryptography and report parsing happen here, never in Rego; the policy
 * never has to trust a claim. Pure: the evaluation time is a parameter.
 *
 * <p>Structural problems (an envelope that is not base64, a SARIF version we do not read) make
 * the whole request invalid, listing every problem with its JSON path. A signature that does not
 * verify is not a structural problem: it is a fact, and the policy denies on it.
 */
public final class EvidenceVerifier {
  private final TrustRoots trust;

  public EvidenceVerifier(TrustRoots trust) {
    this.trust = Objects.requireNonNull(trust, "trust");
  }

  /** The verified facts about {@code request} at evaluation time {@code at}. */
  public ObjectNode verify(ReleaseRequest request, Instant at) throws InvalidRequestException {
    return verify(request, at, null);
  }

  /**
   * As {@link #verify(ReleaseRequest, Instant)}, and, when {@code modelFiles} (what was read from
   * the model's directory) is not null, each model-signing signature's manifest is compared with
   * it ({@code files} in its facts) and the observation is kept as {@code modelDirectory}.
   */
  public ObjectNode verify(ReleaseRequest request, Instant at, ModelFiles modelFiles) throws InvalidRequestException {
    Objects.requireNonNull(at, "at");
    JsonNode req = request.json();
    List<String> artifacts = request.artifacts().stream().map(ReleaseRequest.Artifact::sha256).toList();
    List<RequestProblem> problems = new ArrayList<>();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("at", DateTimeFormatter.ISO_INSTANT.format(at));
    ArrayNode arts = out.putArray("artifacts");
    artifacts.forEach(arts::add);

    ArrayNode sigs = out.putArray("signatures");
    each(req.path("signatures"), "$.signatures", problems,
        (n, p) -> sigs.add(SignatureEvidence.verify(n, p, artifacts, trust, at, modelFiles)));
    if (modelFiles != null) {
      out.set("modelDirectory", modelFiles.toJson());
    }
    ArrayNode prov = out.putArray("provenance");
    each(req.path("attestations"), "$.attestations", problems, (n, p) -> prov.add(ProvenanceEvidence.verify(n, p, artifacts, trust, at)));
    ArrayNode approvals = out.putArray("approvals");
    each(req.path("approvals"), "$.approvals", problems, (n, p) -> approvals.add(approval(n, p, artifacts, at)));
    ArrayNode waivers = out.putArray("waivers");
    Set<String> waived = new HashSet<>();
    each(req.path("waivers"), "$.waivers", problems, (n, p) -> {
      ObjectNode w = waiver(n, p, at);
      waivers.add(w);
      if (w.path("valid").asBoolean()) {
        waived.add(w.path("findingId").asText());
      }
    });
    ArrayNode scans = out.putArray("scans");
    each(req.path("scans"), "$.scans", problems, (n, p) -> scans.add(ScanEvidence.verify(n, p, artifacts, at, waived)));
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return out;
  }

  /**
   * Verifies one OpenSSF model signature (a Sigstore bundle) on its own, outside a release
   * request, as {@code gavel model verify} does: the facts of {@code format: model-signing},
   * with {@code files} when {@code modelFiles} is given. Structural problems are bad input at
   * their JSON path (from {@code $}, the bundle).
   */
  public ObjectNode verifyModelSignature(JsonNode bundle, Instant at, ModelFiles modelFiles) throws InvalidRequestException {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(at, "at");
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("format", "model-signing");
    entry.set("bundle", bundle);
    try {
      return ModelSigningEvidence.verify(entry, "$", List.of(), trust, at, modelFiles);
    } catch (EvidenceFormatException e) {
      throw new InvalidRequestException(List.of(e.problem()));
    }
  }

  private ObjectNode approval(JsonNode a, String path, List<String> artifacts, Instant at) throws EvidenceFormatException {
    Instant when = Rfc3339.parse(a.path("at"), path + ".at");
    String approver = a.path("approver").asText();
    BoardSignature.Check check = BoardSignature.check(a, path, BoardSignature.APPROVAL_TYPE, approver,
        a.path("role").asText(), trust, at);
    ObjectNode fact = JsonNodeFactory.instance.objectNode();
    fact.put("approver", approver);
    fact.put("role", a.path("role").asText());
    fact.put("decision", a.path("decision").asText());
    fact.put("at", a.path("at").asText());
    fact.put("ageSeconds", Duration.between(when, at).getSeconds());
    String subject = a.path("subject").path("sha256").asText("");
    fact.put("subject", subject);
    fact.put("subjectMatches", artifacts.contains(subject));
    check.into(fact);
    return fact;
  }

  /** A waiver counts only when signed by a board member holding the risk-officer role and not expired. */
  private ObjectNode waiver(JsonNode w, String path, Instant at) throws EvidenceFormatException {
    Instant expires = Rfc3339.parse(w.path("expires"), path + ".expires");
    String approver = w.path("approver").asText();
    BoardSignature.Check check = BoardSignature.check(w, path, BoardSignature.WAIVER_TYPE, approver,
        WAIVER_ROLE, trust, at);
    ObjectNode fact = JsonNodeFactory.instance.objectNode();
    fact.put("findingId", w.path("findingId").asText());
    fact.put("approver", approver);
    fact.put("reason", w.path("reason").asText());
    fact.put("expires", w.path("expires").asText());
    boolean expired = !at.isBefore(expires);
    fact.put("expired", expired);
    check.into(fact);
    fact.put("valid", check.valid() && !expired);
    return fact;
  }

  /** The board role a waiver's signer must hold. */
  public static final String WAIVER_ROLE = "risk-officer";

  /** Adds {@code subjects}, {@code covers} and {@code missing} (artifact digests not covered). */
  static void coverage(ObjectNode fact, List<String> digests, List<String> artifacts) {
    ArrayNode subjects = fact.putArray("subjects");
    digests.stream().distinct().forEach(subjects::add);
    ArrayNode covers = fact.putArray("covers");
    ArrayNode missing = fact.putArray("missing");
    for (String a : artifacts) {
      (digests.contains(a) ? covers : missing).add(a);
    }
    fact.put("coversAll", missing.isEmpty());
  }

  private interface Step {
    void apply(JsonNode node, String path) throws EvidenceFormatException;
  }

  private static void each(JsonNode list, String path, List<RequestProblem> problems, Step step) {
    for (int i = 0; i < list.size(); i++) {
      try {
        step.apply(list.get(i), path + "[" + i + "]");
      } catch (EvidenceFormatException e) {
        problems.add(e.problem());
      }
    }
  }
}
